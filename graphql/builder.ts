import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type PrismaTypes from '../generated/pothos-types.js';
import { getDatamodel } from '../generated/pothos-types.js';
import { GraphQLError } from 'graphql';
import { type DomainError, ErrorCode } from '../domain/errors.js';
import type { GraphQLContext } from './context.js';
import { Role } from '../domain/viewer.js';
import { noteTypedError } from './refusal-audit.js';

/** An error a user can cause and fix; exposed as a typed union member, never masked. */
export class CertiflowError extends Error {
  readonly code: ErrorCode;
  readonly path: string | null;
  constructor(error: DomainError) {
    super(error.message);
    this.name = 'CertiflowError';
    this.code = error.code;
    this.path = error.path ?? null;
  }
}

const isHr = (ctx: GraphQLContext) =>
  ctx.viewer?.roles.some((r) => r === Role.Hr || r === Role.Admin || r === Role.ProgramOwner) ?? false;

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  PrismaTypes: PrismaTypes;
  /** `public`: anyone, signed in or not; only for data meant for everyone (the opted-in celebration feed). */
  AuthScopes: { public: boolean; authenticated: boolean; hr: boolean; admin: boolean; programOwner: boolean; assessor: boolean; directory: boolean };
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, RelayPlugin, PrismaPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    // Denials are expected errors with a code the client can act on, never masked.
    unauthorizedError: (_parent, ctx, _info, result) =>
      new GraphQLError(ctx.viewer ? result.message : 'Sign in: this field needs a bearer token.', {
        extensions: { code: ctx.viewer ? ErrorCode.Forbidden : ErrorCode.Unauthenticated },
      }),
    authScopes: (ctx) => ({
      public: true,
      authenticated: ctx.viewer !== null,
      hr: isHr(ctx),
      admin: ctx.viewer?.roles.includes(Role.Admin) ?? false,
      programOwner: ctx.viewer?.roles.includes(Role.ProgramOwner) ?? false,
      assessor: ctx.viewer?.roles.includes(Role.Assessor) ?? false,
      // The people directory (imports, learning-record mappings) is HR's and admins', not program owners'.
      directory: ctx.viewer?.roles.some((r) => r === Role.Hr || r === Role.Admin) ?? false,
    }),
  },
  // Typed refusals (FORBIDDEN, NOT_FOUND) go to the audit log with the person who was refused.
  errors: { defaultTypes: [CertiflowError], onResolvedError: noteTypedError },
  // Cursor pagination only: no global node(id:) lookup, which would bypass each root field's scopes.
  relay: {
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    // Connection wrappers hold no data of their own; the nodes' types decide who sees them.
    pageInfoTypeOptions: { authScopes: { authenticated: true } },
    defaultConnectionTypeOptions: { authScopes: { authenticated: true } },
    defaultEdgeTypeOptions: { authScopes: { authenticated: true } },
  },
  prisma: {
    client: (ctx) => ctx.prisma,
    dmmf: getDatamodel(),
    filterConnectionTotalCount: true,
    onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'warn',
  },
});

/** GraphQL enum values are SCREAMING_SNAKE; the stored values stay as they are. */
export function enumValues<T extends string>(values: readonly T[]) {
  return Object.fromEntries(values.map((value) => [value.toUpperCase(), { value }])) as Record<string, { value: T }>;
}

builder.queryType({});
builder.mutationType({});
