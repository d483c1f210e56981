import path from 'node:path';
import { z } from 'zod';

// Every setting Certiflow reads from the environment, checked once at start-up.
// The README's configuration table lists the same variables; keep them in step.
const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATA_DIR: z.string().default('.data'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(10),

  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('certiflow-journeys'),
  TEMPORAL_API_KEY: z.string().optional(),
  TEMPORAL_TLS: z.enum(['true', 'false']).default('false'),
  TEMPORAL_TLS_CERT_PATH: z.string().optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().optional(),
  TEMPORAL_TLS_CA_PATH: z.string().optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().optional(),
  TEMPORAL_UI_PORT: z.coerce.number().int().default(8233),
  TEMPORAL_CLI_PATH: z.string().optional(),
  /** npm run dev: use the server at TEMPORAL_ADDRESS instead of starting a dev server. */
  DEV_EXTERNAL_TEMPORAL: z.enum(['true', 'false']).default('false'),

  API_HOST: z.string().default('127.0.0.1'),
  API_PORT: z.coerce.number().int().default(4000),
  /** Base URL in email links; defaults to the API's own address. */
  PUBLIC_URL: z.string().url().optional(),
  AUTH_JWT_SECRET: z.string().min(16).default('certiflow-development-secret-change-me'),
  /** Production sign-in: the identity provider's JWKS, and the issuer and audience its tokens carry. */
  AUTH_JWKS_URL: z.string().url().optional(),
  AUTH_ISSUER: z.string().optional(),
  AUTH_AUDIENCE: z.string().optional(),
  APPROVAL_LINK_SECRET: z.string().min(16).default('certiflow-development-link-secret'),
  /** Signs the web portal's CSRF tokens and notices. */
  PORTAL_SECRET: z.string().min(16).default('certiflow-development-portal-secret'),
  /** Portal sign-in with the company's identity provider (OpenID Connect, authorization code + PKCE). */
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_SCOPES: z.string().default('openid email profile'),

  SMTP_HOST: z.string().default('127.0.0.1'),
  SMTP_PORT: z.coerce.number().int().default(1025),
  SMTP_SECURE: z.enum(['true', 'false']).default('false'),
  SMTP_USER: z.string().optional(),
  SMTP_PASS: z.string().optional(),
  MAIL_FROM: z.string().default('Certiflow <certiflow@localhost>'),
  INBOX_HTTP_PORT: z.coerce.number().int().default(1080),

  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
});

export type Config = Omit<z.infer<typeof schema>, 'PUBLIC_URL'> & {
  PUBLIC_URL: string; pgliteDir: string; temporalDbFile: string; inboxDir: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  const c = parsed.data;
  if (c.NODE_ENV === 'production') {
    for (const key of ['AUTH_JWT_SECRET', 'APPROVAL_LINK_SECRET', 'PORTAL_SECRET'] as const) {
      if (env[key] === undefined) throw new Error(`Invalid configuration:\n  ${key}: must be set in production`);
    }
  }
  return {
    ...c,
    PUBLIC_URL: c.PUBLIC_URL ?? `http://localhost:${c.API_PORT}`,
    pgliteDir: path.join(c.DATA_DIR, 'pglite'),
    temporalDbFile: path.join(c.DATA_DIR, 'temporal.db'),
    inboxDir: path.join(c.DATA_DIR, 'inbox'),
  };
}
