import { describe, expect, it } from 'vitest';
import { isLoopbackHost, loadConfig } from '../../config/index.js';
import { configProblems, PRODUCTION_ENV } from './production-env.js';

// Fail closed: forgetting NODE_ENV=production, or a secret, must stop the server rather than leave the
// repository's published strings signing tokens, approval links and portal forms.

const STRONG = PRODUCTION_ENV;
const problems = configProblems;

describe('secrets and mode: fail closed', () => {
  it('a server started without NODE_ENV=production and without secrets refuses to start, naming each secret', () => {
    const message = problems({});
    for (const name of ['AUTH_JWT_SECRET', 'APPROVAL_LINK_SECRET', 'PORTAL_SECRET', 'PUBLIC_URL']) expect(message).toContain(`${name}: must be`);
  });

  it('the development secrets published in the repository cannot be used outside DEV_MODE', () => {
    const message = problems({
      ...STRONG,
      AUTH_JWT_SECRET: 'certiflow-development-secret-change-me',
      APPROVAL_LINK_SECRET: 'certiflow-development-link-secret',
      PORTAL_SECRET: 'certiflow-development-portal-secret',
    });
    expect(message.match(/is the development default/g)).toHaveLength(3);
  });

  it('a short secret is refused outside DEV_MODE', () => {
    expect(problems({ ...STRONG, APPROVAL_LINK_SECRET: 'sixteen-chars-ok' })).toContain('APPROVAL_LINK_SECRET: must be at least 32 characters');
  });

  it('DEV_MODE on an address other machines can reach refuses to start', () => {
    for (const host of ['0.0.0.0', '::', '10.1.2.3', 'certiflow.internal']) {
      expect(problems({ DEV_MODE: 'true', API_HOST: host })).toContain('DEV_MODE: development defaults are only for an API on a loopback address');
    }
    for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]']) expect(isLoopbackHost(host)).toBe(true);
  });

  it('DEV_MODE cannot be combined with NODE_ENV=production', () => {
    expect(problems({ DEV_MODE: 'true', NODE_ENV: 'production' })).toContain('DEV_MODE: cannot be true with NODE_ENV=production');
  });

  it('DEV_MODE on loopback starts with the development secrets, demo sign-in and an http PUBLIC_URL', () => {
    const config = loadConfig({ DEV_MODE: 'true' } as NodeJS.ProcessEnv);
    expect(config).toMatchObject({ devMode: true, PUBLIC_URL: 'http://localhost:4000', AUTH_JWT_SECRET: 'certiflow-development-secret-change-me' });
  });

  it('a configured deployment starts as production whatever NODE_ENV says', () => {
    for (const NODE_ENV of ['development', 'test', 'production']) {
      expect(loadConfig({ ...STRONG, NODE_ENV } as NodeJS.ProcessEnv)).toMatchObject({ devMode: false, ...STRONG });
    }
  });
});

describe('public address', () => {
  it('an http PUBLIC_URL (links in emails, cookies without Secure) refuses to start outside DEV_MODE', () => {
    expect(problems({ ...STRONG, PUBLIC_URL: 'http://certiflow.example.com' })).toContain('PUBLIC_URL: must be https outside DEV_MODE');
  });
});

describe('identity provider', () => {
  it('a JWKS without issuer and audience (any tenant of a shared provider) refuses to start', () => {
    const message = problems({ ...STRONG, AUTH_JWKS_URL: 'https://login.example.com/common/discovery/keys' });
    expect(message).toContain('AUTH_ISSUER: must be set with AUTH_JWKS_URL');
    expect(message).toContain('AUTH_AUDIENCE: must be set with AUTH_JWKS_URL');
  });

  it('the portal cannot sign people in with a provider whose tokens the API could not verify', () => {
    expect(problems({ ...STRONG, OIDC_ISSUER: 'https://login.example.com', OIDC_CLIENT_ID: 'certiflow' })).toContain('AUTH_JWKS_URL: must be set with OIDC_ISSUER');
  });

  it('the portal never signs people in through a provider reached over plain http outside DEV_MODE', () => {
    const idp = { AUTH_JWKS_URL: 'https://login.example.com/keys', AUTH_ISSUER: 'http://login.example.com', AUTH_AUDIENCE: 'certiflow' };
    expect(problems({ ...STRONG, ...idp, OIDC_ISSUER: 'http://login.example.com', OIDC_CLIENT_ID: 'certiflow' })).toContain('OIDC_ISSUER: must be https outside DEV_MODE');
  });

  it('with an identity provider the HS256 secret is not needed, and unknown algorithms are refused', () => {
    const idp = { AUTH_JWKS_URL: 'https://login.example.com/keys', AUTH_ISSUER: 'https://login.example.com', AUTH_AUDIENCE: 'certiflow' };
    const { AUTH_JWT_SECRET: _unused, ...rest } = STRONG;
    const config = loadConfig({ ...rest, ...idp } as NodeJS.ProcessEnv);
    expect(config.AUTH_JWT_SECRET).toHaveLength(64);
    expect(config.AUTH_ALGORITHMS).toEqual(['RS256', 'ES256']);
    expect(problems({ ...rest, ...idp, AUTH_ALGORITHMS: 'RS256,none' })).toContain('AUTH_ALGORITHMS');
    expect(problems({ ...rest, ...idp, AUTH_ALGORITHMS: 'HS256' })).toContain('AUTH_ALGORITHMS');
  });
});

describe('trusted proxies', () => {
  it('TRUST_PROXY takes addresses, ranges and names, and refuses anything else', () => {
    expect(loadConfig({ ...STRONG, TRUST_PROXY: 'loopback, 10.0.0.0/8' } as NodeJS.ProcessEnv).TRUST_PROXY).toEqual(['loopback', '10.0.0.0/8']);
    expect(problems({ ...STRONG, TRUST_PROXY: 'everyone' })).toContain('TRUST_PROXY');
  });
});

describe('tools', () => {
  it('a tool that signs and serves nothing (migrations, seeding) runs without secrets, with random ones no other process shares', () => {
    const a = loadConfig({} as NodeJS.ProcessEnv, { tool: true });
    const b = loadConfig({} as NodeJS.ProcessEnv, { tool: true });
    expect(a.APPROVAL_LINK_SECRET).not.toBe(b.APPROVAL_LINK_SECRET);
    expect(a.APPROVAL_LINK_SECRET).not.toContain('development');
  });
});
