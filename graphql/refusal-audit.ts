import { AsyncLocalStorage } from 'node:async_hooks';
import { type ExecutionResult, type GraphQLError, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from '../domain/errors.js';
import type { GraphQLContext } from './context.js';

// Every refused GraphQL call is written to the audit log with the person and address behind it, so a
// curious employee trying colleagues' journeys, or a stolen token probing HR fields, leaves a trace.
// Refusals arrive two ways: as GraphQL errors (scope denials, bad tokens) and as typed CertiflowError
// results that resolvers return (the errors plugin reports those through `noteTypedError`).

/** One refused call: who, from where, which operation, and the code and reason they were given. */
export interface Refusal {
  personId: string | null;
  address: string;
  operation: string | null;
  /** The response path of a field error, or the input a typed error names. */
  path: string | null;
  code: string;
  message: string;
}

export type RefusalLog = (refusal: Refusal) => void;

/** NOT_FOUND too: journeys someone may not see are answered as missing, and probing them is the point. */
const REFUSALS = new Set<string>([ErrorCode.Forbidden, ErrorCode.Unauthenticated, ErrorCode.NotFound]);

type RequestAudit = Omit<Refusal, 'path' | 'code' | 'message'> & { log: RefusalLog };
const currentRequest = new AsyncLocalStorage<RequestAudit>();

/** The errors plugin's hook (graphql/builder.ts): a typed error a resolver returned to its caller. */
export function noteTypedError(error: Error): void {
  const request = currentRequest.getStore();
  const { code, path } = error as Error & { code?: string; path?: string | null };
  if (!request || !code || !REFUSALS.has(code)) return;
  const { log, ...who } = request;
  log({ ...who, path: path ?? null, code, message: error.message });
}

/** Reports the refusals of each execution to `log`; the address comes from the request context. */
export function refusalAuditPlugin(log: RefusalLog): Plugin<GraphQLContext> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const context = args.contextValue;
      const request: RequestAudit = {
        log,
        personId: context.viewer?.personId ?? null,
        address: context.clientAddress ?? 'unknown',
        // Clients rarely send operationName apart; the document names its operation.
        operation: args.operationName ?? getOperationAST(args.document, args.operationName)?.name?.value ?? null,
      };
      // Resolvers run inside this store, so the errors plugin's callback knows whose call it was.
      setExecuteFn((executionArgs) => currentRequest.run(request, () => executeFn(executionArgs)));
      return {
        onExecuteDone({ result }) {
          const errors = (result as ExecutionResult).errors ?? [];
          for (const error of errors as readonly GraphQLError[]) {
            const code = error.extensions?.code;
            if (typeof code !== 'string' || !REFUSALS.has(code)) continue;
            const { log: _log, ...who } = request;
            log({ ...who, path: error.path?.join('.') ?? null, code, message: error.message });
          }
        },
      };
    },
  };
}
