import { withDefaults } from '../domain/settings.js';
import { EnvelopArmor } from '@escape.tech/graphql-armor';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import { GraphQLError, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from '../domain/errors.js';
import { type TokenBucketOptions, TokenBuckets } from '../services/token-bucket.js';

// Limits applied to every GraphQL request before a resolver runs: request size, parse-time token count,
// depth, cost, aliases and directives (graphql-armor), introspection in production, and a per-caller rate
// limit. Each rejection is a GraphQLError with a code from domain/errors.ts and an HTTP status, and no data.

export interface HardeningOptions {
  production: boolean;
  /** Largest accepted request body (POST) or query string (GET), in bytes. */
  maxBodyBytes?: number;
  maxDepth?: number;
  maxCost?: number;
  maxAliases?: number;
  maxTokens?: number;
  maxDirectives?: number;
}

export const HARDENING_DEFAULTS = {
  // The portal's largest query (a journey with panel, scores and audit trail) is well under these.
  maxBodyBytes: 100 * 1024,
  maxDepth: 10,
  maxCost: 5000,
  maxAliases: 15,
  maxTokens: 2000,
  maxDirectives: 10,
} as const;

/**
 * A rejection with its code and HTTP status. Query-shape rejections (400) follow the GraphQL-over-HTTP
 * spec like any validation error: 400 for `application/graphql-response+json`, 200 for legacy
 * `application/json` clients. Transport limits (413, 429) always use their status.
 */
export function typedError(code: ErrorCode, message: string, status: number, headers?: Record<string, string>): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status, spec: status === 400, ...(headers ? { headers } : {}) } } });
}

/** Turns an armor rejection into a typed error: reported during validation, thrown during parsing. */
function rejectAs(code: ErrorCode): GraphQLArmorRejectCallback[] {
  return [
    (context, error) => {
      const typed = typedError(code, error.message.replace(/^Syntax Error: /, ''), 400);
      if (!context) throw typed;
      context.reportError(typed);
    },
  ];
}

const isVariableError = (error: GraphQLError) => !error.extensions?.code && /^Variable "\$/.test(error.message);

const isCoded = (error: unknown) => error instanceof Error && error.name === 'GraphQLError' && !!(error as GraphQLError).extensions.code;

/** Introspection stays available in development (GraphiQL) and is refused in production. */
const noIntrospection: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value === '__schema' || node.name.value === '__type') {
      context.reportError(typedError(ErrorCode.IntrospectionDisabled, 'Introspection is disabled on this server.', 400));
    }
  },
});

function tooLarge(limit: number): Response {
  const body = { errors: [{ message: `The request is larger than ${limit} bytes.`, extensions: { code: ErrorCode.RequestTooLarge } }] };
  return new Response(JSON.stringify(body), { status: 413, headers: { 'content-type': 'application/json' } });
}

/** Reads a body up to `limit` bytes; undefined when it is larger (reading stops there). */
async function readLimited(request: Request, limit: number): Promise<string | undefined> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function requestSizeLimit(limit: number): Plugin {
  return {
    onRequestParse({ request, url, requestParser, setRequestParser, endResponse }) {
      if (url.search.length > limit) return endResponse(tooLarge(limit));
      if (!requestParser || request.method !== 'POST') return;
      const declared = Number(request.headers.get('content-length') ?? Number.NaN);
      if (declared > limit) return endResponse(tooLarge(limit));
      // The declared length may be absent (chunked) or wrong: count what actually arrives.
      setRequestParser(async (incoming) => {
        const text = await readLimited(incoming, limit);
        if (text === undefined) return tooLarge(limit);
        return requestParser(new Request(incoming.url, { method: 'POST', headers: incoming.headers, body: text }));
      });
    },
  };
}

/** Depth, cost, aliases, directives and tokens, plus typed errors for malformed queries and introspection. */
export function hardeningPlugins(options: HardeningOptions): Plugin[] {
  const limits = withDefaults<Record<keyof typeof HARDENING_DEFAULTS, number>>(HARDENING_DEFAULTS, options);
  const common = { propagateOnRejection: false, exposeLimits: true };
  const armor = new EnvelopArmor({
    maxDepth: { n: limits.maxDepth, ...common, onReject: rejectAs(ErrorCode.QueryTooDeep) },
    costLimit: { maxCost: limits.maxCost, ...common, onReject: rejectAs(ErrorCode.QueryTooCostly) },
    maxAliases: { n: limits.maxAliases, ...common, onReject: rejectAs(ErrorCode.TooManyAliases) },
    maxTokens: { n: limits.maxTokens, ...common, onReject: rejectAs(ErrorCode.TooManyTokens) },
    maxDirectives: { n: limits.maxDirectives, ...common, onReject: rejectAs(ErrorCode.TooManyDirectives) },
    // "Did you mean ...?" hints reveal the schema field by field; only in production, like introspection.
    blockFieldSuggestion: { enabled: options.production },
  });
  const typedParseErrors: Plugin = {
    onParse({ parseFn, setParseFn }) {
      setParseFn((source, parseOptions) => {
        try {
          return parseFn(source, parseOptions);
        } catch (error) {
          if (isCoded(error)) throw error;
          throw typedError(ErrorCode.MalformedQuery, error instanceof Error ? error.message : 'The query could not be parsed.', 400);
        }
      });
    },
  };
  // graphql-js reports a variable that does not fit its declared type without a code; it is the
  // caller's input error like any other, so it gets INVALID_INPUT.
  const typedVariableErrors: Plugin = {
    onExecute: () => ({
      onExecuteDone({ result, setResult }) {
        if (Symbol.asyncIterator in result || !result.errors?.some(isVariableError)) return;
        setResult({ ...result, errors: result.errors.map((error) => (isVariableError(error) ? typedError(ErrorCode.InvalidInput, error.message, 400) : error)) });
      },
    }),
  };
  const introspection: Plugin = {
    onValidate({ addValidationRule }) {
      if (options.production) addValidationRule(noIntrospection);
    },
  };
  return [requestSizeLimit(limits.maxBodyBytes), ...(armor.protect().plugins as Plugin[]), typedParseErrors, typedVariableErrors, introspection];
}

// ---------------------------------------------------------------------------------------------------
// Rate limits

export type RateLimitOptions = TokenBucketOptions;

export const RATE_LIMIT_DEFAULTS: RateLimitOptions = { capacity: 120, refillPerSecond: 2 };

/**
 * A token bucket per caller (services/token-bucket.ts): enough to stop a runaway script or a scraping
 * token; each API process limits on its own.
 */
export class RateLimiter extends TokenBuckets {
  /** Throws RATE_LIMITED (HTTP 429 with Retry-After) when the caller's bucket is empty. */
  check(key: string): void {
    const retryAfter = this.take(key);
    if (retryAfter > 0) {
      throw typedError(ErrorCode.RateLimited, `Too many requests: try again in ${retryAfter} s.`, 429, { 'retry-after': String(retryAfter) });
    }
  }
}

/** The rate-limit key: the verified person when signed in, otherwise the client's address. */
export function rateLimitKey(personId: string | null, address: string): string {
  return personId ? `person:${personId}` : `ip:${address}`;
}
