import { type ExecutionResult, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from '../domain/errors.js';
import { isOthersData, type ReadNote, readKey } from '../domain/read-audit.js';
import { activeTraceId, type ReadEntry } from '../services/read-audit.js';
import type { GraphQLContext } from './context.js';
import { typedError } from './hardening.js';

// Who read whose journey data through GraphQL (the portal's pages included: they read through it
// in-process), so a misuse of access can be found afterwards. Resolvers note what they actually showed
// (`noteRead`, after their own access check, only when a value goes out); the plugin writes the
// request's notes in one insert when execution is done, once per kind, journey and subject. Nothing is
// recorded for a person's own journey (domain/read-audit.ts).
//
// When the insert fails, a query's answer is withheld (503, nothing shown): an audit that can be
// skipped is no audit, and the reads come from the same database, so a failing insert nearly always
// means the read would have failed too. A mutation has already acted: its answer stands, and the
// entries go to the error log, where they are not lost either. docs/security.md says so.

const notes = new WeakMap<object, Map<string, ReadNote>>();

/** A resolver showed `note`'s data to the viewer. Own data, and requests outside the plugin, record nothing. */
export function noteRead(ctx: GraphQLContext, note: ReadNote): void {
  const reads = notes.get(ctx);
  if (!reads || !ctx.viewer || !isOthersData(ctx.viewer.personId, note)) return;
  reads.set(readKey(note), note);
}

/** Entries that could not be written, as the error the log gets: the entries travel in it, so they are not lost. */
export class UnwrittenReads extends Error {
  readonly audit = 'read_audit_unwritten';
  constructor(
    readonly entries: readonly ReadEntry[],
    cause: unknown,
  ) {
    super(`${entries.length} read-audit entries could not be written`, { cause });
    this.name = 'UnwrittenReads';
  }
}

export interface ReadAuditPluginOptions {
  record: (entries: readonly ReadEntry[]) => Promise<void>;
  /** Where entries that could not be written go, with the error. */
  log?: ((message: string, error?: unknown) => void) | undefined;
}

export function readAuditPlugin({ record, log }: ReadAuditPluginOptions): Plugin<GraphQLContext> {
  return {
    onExecute({ args }) {
      const ctx = args.contextValue;
      const viewer = ctx.viewer;
      // Nobody signed in is shown nobody's journey data.
      if (!viewer) return;
      const reads = new Map<string, ReadNote>();
      notes.set(ctx, reads);
      const operation = getOperationAST(args.document, args.operationName);
      const who = {
        viewerId: viewer.personId,
        channel: ctx.readChannel ?? 'graphql',
        // Clients rarely send operationName apart; the document names its operation.
        operation: args.operationName ?? operation?.name?.value ?? null,
        traceId: activeTraceId(),
        address: ctx.clientAddress ?? null,
      } as const;
      return {
        async onExecuteDone({ result, setResult }) {
          notes.delete(ctx);
          if (reads.size === 0) return;
          const at = new Date();
          const entries: ReadEntry[] = [...reads.values()].map((note) => ({ ...who, ...note, at }));
          try {
            await record(entries);
          } catch (error) {
            log?.('read audit: entries not written', new UnwrittenReads(entries, error));
            if (operation?.operation !== 'query' || Symbol.asyncIterator in (result as object)) return;
            const withheld = typedError(ErrorCode.ServiceUnavailable, 'This read could not be recorded in the read audit, so nothing is shown. Please retry in a few seconds.', 503, { 'retry-after': '5' });
            setResult({ errors: [withheld] } as ExecutionResult);
          }
        },
      };
    },
  };
}
