import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import path from 'node:path';
import proxyaddr from 'proxy-addr';
import { z } from 'zod';

/** A comma-separated setting as a list of its trimmed, non-empty entries. */
const commaList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value) => value.split(',').map((entry) => entry.trim()).filter(Boolean));

// Every setting Certiflow reads from the environment, checked once at start-up.
// The README's configuration table lists the same variables; keep them in step.
/** How long a leaver's personal data is kept when LEAVER_RETENTION does not say. */
export const DEFAULT_LEAVER_RETENTION = 'P1Y';
/** How long the read audit keeps an entry when READ_AUDIT_RETENTION does not say: long enough to look back over two appraisal cycles. */
export const DEFAULT_READ_AUDIT_RETENTION = 'P2Y';

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /**
   * Local development only: the secrets may fall back to the values in this file, demo sign-in and
   * GraphiQL are on. `npm run dev` and the tests set it; anything else must configure itself fully.
   */
  DEV_MODE: z.enum(['true', 'false']).default('false'),
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
  /** Base URL in email links and cookies; https and required outside DEV_MODE. */
  PUBLIC_URL: z.string().url().optional(),
  AUTH_JWT_SECRET: z.string().min(16).optional(),
  /** Production sign-in: the identity provider's JWKS, and the issuer and audience its tokens carry. */
  AUTH_JWKS_URL: z.string().url().optional(),
  AUTH_ISSUER: z.string().min(1).optional(),
  AUTH_AUDIENCE: z.string().min(1).optional(),
  /** Signature algorithms accepted from the identity provider (comma-separated JWS names). */
  AUTH_ALGORITHMS: commaList('RS256,ES256').pipe(z.array(z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'])).min(1)),
  /** The identity provider's claim that names the person, and the person field it is matched to. */
  AUTH_PERSON_CLAIM: z.string().min(1).default('email'),
  AUTH_PERSON_FIELD: z.enum(['email', 'id']).default('email'),
  APPROVAL_LINK_SECRET: z.string().min(16).optional(),
  /** Signs the web portal's CSRF tokens and notices. */
  PORTAL_SECRET: z.string().min(16).optional(),
  /**
   * Proxies whose forwarded client address is believed (comma-separated addresses, CIDR ranges, or
   * `loopback`, `linklocal`, `uniquelocal`); empty means the socket's peer is the client.
   */
  TRUST_PROXY: commaList('').superRefine((list, ctx) => {
      try {
        proxyaddr.compile(list);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
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

  /** Evidence uploads; unset means the upload service's defaults (services/uploads.ts DEFAULT_UPLOAD_POLICY). */
  UPLOAD_QUOTA_BYTES: z.coerce.number().int().positive().optional(),
  UPLOAD_RATE_PER_HOUR: z.coerce.number().int().positive().optional(),
  UPLOAD_MAX_CONCURRENT: z.coerce.number().int().positive().optional(),
  UPLOAD_MAX_CONCURRENT_PER_PERSON: z.coerce.number().int().positive().optional(),
  UPLOAD_UNUSED_GRACE_HOURS: z.coerce.number().positive().optional(),
  /** How long a leaver's personal data is kept before it is replaced by a pseudonym (ISO 8601 duration). */
  LEAVER_RETENTION: z.string().regex(/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$/, 'an ISO 8601 duration of days to years, e.g. P1Y or P90D').default(DEFAULT_LEAVER_RETENTION),
  /** How long the read audit (who read whose journey data) keeps an entry; older ones are deleted hourly by the API. */
  READ_AUDIT_RETENTION: z.string().regex(/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$/, 'an ISO 8601 duration of days to years, e.g. P2Y or P400D').default(DEFAULT_READ_AUDIT_RETENTION),

  /**
   * Tracing (config/telemetry.ts), the standard OpenTelemetry variables: spans go to this OTLP/HTTP
   * collector; unset means no tracing at all. The SDK reads the other OTEL_* variables itself.
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/, error: 'an http(s) URL of an OTLP/HTTP collector, e.g. http://otel-collector:4318' }).optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url({ protocol: /^https?$/, error: 'an http(s) URL, e.g. http://otel-collector:4318/v1/traces' }).optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  OTEL_SDK_DISABLED: z.enum(['true', 'false']).default('false'),
  /**
   * The API's Prometheus endpoint (http/metrics.ts): a listener of its own, never on the public port.
   * Unset port means no endpoint; a non-loopback host requires the bearer token.
   */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  METRICS_TOKEN: z.string().min(16).optional(),
  /** The worker's Temporal SDK metrics, served for Prometheus by the SDK at `ip:port`; unset means none. */
  WORKER_METRICS_ADDRESS: z
    .string()
    .refine((value) => socketAddress(value) !== null, 'an IP address and port, e.g. 127.0.0.1:9464 or [::]:9464')
    .optional(),
});

/** `ip:port` or `[ipv6]:port`, as the worker's metrics server binds it; null when it is not one. */
function socketAddress(value: string): { host: string; port: number } | null {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+)):(\d{1,5})$/.exec(value);
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (!host || isIP(host) === 0 || !(port >= 1 && port <= 65535)) return null;
  return { host, port };
}

const SECRETS = ['AUTH_JWT_SECRET', 'APPROVAL_LINK_SECRET', 'PORTAL_SECRET'] as const;
type SecretName = (typeof SECRETS)[number];

/** The only place these strings may appear: anyone can read them, so nothing outside DEV_MODE accepts them. */
const DEVELOPMENT_SECRETS: Record<SecretName, string> = {
  AUTH_JWT_SECRET: 'certiflow-development-secret-change-me',
  APPROVAL_LINK_SECRET: 'certiflow-development-link-secret',
  PORTAL_SECRET: 'certiflow-development-portal-secret',
};
/** Outside DEV_MODE a secret must be long enough that guessing it is out of reach (256 bits as hex or base64). */
const MIN_PRODUCTION_SECRET_LENGTH = 32;

type Parsed = z.infer<typeof schema>;
export type Config = Omit<Parsed, 'PUBLIC_URL' | 'DEV_MODE' | SecretName> & {
  PUBLIC_URL: string;
  /** DEV_MODE=true: development defaults, demo sign-in and GraphiQL. Everything else is production. */
  devMode: boolean;
  pgliteDir: string;
  temporalDbFile: string;
  inboxDir: string;
} & Record<SecretName, string>;

export interface LoadConfigOptions {
  /**
   * A tool that neither signs, verifies nor serves anything (migrations, seeding, rule-file checks): a
   * missing secret becomes a random one that no other process shares, and PUBLIC_URL is not needed.
   */
  tool?: boolean;
}

/** For process entry points: a configuration problem is printed plainly and the process exits 1. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): Config {
  try {
    return loadConfig(env, options);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

/** 127.0.0.0/8, ::1 and localhost: an API there cannot be reached from another machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1' || bare === '::ffff:127.0.0.1';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid configuration:\n${parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n')}`);
  }
  const c = parsed.data;
  const devMode = c.DEV_MODE === 'true';
  const problems: string[] = [];
  const tool = options.tool ?? false;
  const secrets = resolveSecrets(c, devMode, tool, problems);
  problems.push(...modeProblems(c, devMode, tool));
  if (problems.length > 0) throw new Error(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  const { DEV_MODE: _flag, ...rest } = c;
  return {
    ...rest,
    ...secrets,
    devMode,
    PUBLIC_URL: c.PUBLIC_URL ?? `http://localhost:${c.API_PORT}`,
    pgliteDir: path.join(c.DATA_DIR, 'pglite'),
    temporalDbFile: path.join(c.DATA_DIR, 'temporal.db'),
    inboxDir: path.join(c.DATA_DIR, 'inbox'),
  };
}

/**
 * Fail closed: a secret left unset is an error unless DEV_MODE says this is someone's own machine.
 * Forgetting NODE_ENV=production must never leave the repository's strings signing tokens and links.
 */
function resolveSecrets(c: Parsed, devMode: boolean, tool: boolean, problems: string[]): Record<SecretName, string> {
  const resolved = {} as Record<SecretName, string>;
  for (const name of SECRETS) {
    const value = c[name];
    // With an identity provider, bearer tokens are verified with its keys; the HS256 secret signs nothing.
    const unused = name === 'AUTH_JWT_SECRET' && c.AUTH_JWKS_URL !== undefined && !devMode;
    if (value === undefined) {
      if (devMode) resolved[name] = DEVELOPMENT_SECRETS[name];
      else if (unused || tool) resolved[name] = randomBytes(32).toString('hex');
      else problems.push(`${name}: must be set (at least ${MIN_PRODUCTION_SECRET_LENGTH} random characters), or DEV_MODE=true on a developer's machine`);
      continue;
    }
    if (!devMode && value === DEVELOPMENT_SECRETS[name]) problems.push(`${name}: is the development default published in the repository; set a secret of your own`);
    else if (!devMode && value.length < MIN_PRODUCTION_SECRET_LENGTH) problems.push(`${name}: must be at least ${MIN_PRODUCTION_SECRET_LENGTH} characters outside DEV_MODE`);
    resolved[name] = value;
  }
  return resolved;
}

function modeProblems(c: Parsed, devMode: boolean, tool: boolean): string[] {
  const problems: string[] = [];
  if (devMode && c.NODE_ENV === 'production') problems.push('DEV_MODE: cannot be true with NODE_ENV=production');
  if (devMode && !isLoopbackHost(c.API_HOST)) {
    problems.push(`DEV_MODE: development defaults are only for an API on a loopback address, not API_HOST=${c.API_HOST}; configure secrets and PUBLIC_URL instead`);
  }
  if (!devMode && !tool) {
    if (!c.PUBLIC_URL) problems.push('PUBLIC_URL: must be set to the https address people reach Certiflow at (links in emails, secure cookies)');
    else if (new URL(c.PUBLIC_URL).protocol !== 'https:') problems.push(`PUBLIC_URL: must be https outside DEV_MODE (got ${c.PUBLIC_URL})`);
  }
  // A JWKS alone would accept tokens any tenant of a shared provider can obtain.
  if (c.AUTH_JWKS_URL) {
    if (!c.AUTH_ISSUER) problems.push('AUTH_ISSUER: must be set with AUTH_JWKS_URL (the issuer your tenant\'s tokens carry)');
    if (!c.AUTH_AUDIENCE) problems.push('AUTH_AUDIENCE: must be set with AUTH_JWKS_URL (Certiflow\'s client id at the provider)');
  }
  if (c.OIDC_ISSUER && !devMode && new URL(c.OIDC_ISSUER).protocol !== 'https:') problems.push(`OIDC_ISSUER: must be https outside DEV_MODE (got ${c.OIDC_ISSUER})`);
  if (c.OIDC_ISSUER && !c.OIDC_CLIENT_ID) problems.push('OIDC_CLIENT_ID: must be set with OIDC_ISSUER');
  if (c.OIDC_ISSUER && !c.AUTH_JWKS_URL) problems.push('AUTH_JWKS_URL: must be set with OIDC_ISSUER, so the API can verify the ID tokens the portal signs people in with');
  problems.push(...metricsProblems(c, devMode));
  return problems;
}

/** Journey counts by program and stage are business data: reachable from another machine only with a token. */
function metricsProblems(c: Parsed, devMode: boolean): string[] {
  const problems: string[] = [];
  if (c.METRICS_PORT !== undefined) {
    if (c.METRICS_PORT === c.API_PORT) problems.push(`METRICS_PORT: must differ from API_PORT (${c.API_PORT}); the metrics endpoint never shares the public listener`);
    if (!c.METRICS_TOKEN && !isLoopbackHost(c.METRICS_HOST)) {
      problems.push(`METRICS_TOKEN: must be set when METRICS_HOST is not a loopback address (got ${c.METRICS_HOST}); Prometheus then sends it as a bearer token`);
    }
  }
  if (c.METRICS_TOKEN && !devMode && c.METRICS_TOKEN.length < MIN_PRODUCTION_SECRET_LENGTH) {
    problems.push(`METRICS_TOKEN: must be at least ${MIN_PRODUCTION_SECRET_LENGTH} characters outside DEV_MODE`);
  }
  return problems;
}
