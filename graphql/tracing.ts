import { context, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';

// A span per executed GraphQL operation, inside the request's span (http/middleware/telemetry.ts), named
// as OpenTelemetry's GraphQL conventions say: `mutation enroll`. Resolvers run in it, so the Temporal
// client's spans (starting or updating a workflow) and the workflow's own are its children. Variables and
// the document are never recorded: they hold people's answers and evidence.

export function operationSpans(tracer: Tracer): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const operation = getOperationAST(args.document, args.operationName);
      const type = operation?.operation ?? 'query';
      const name = operation?.name?.value;
      const span = tracer.startSpan(name ? `${type} ${name}` : type, {
        attributes: { 'graphql.operation.type': type, ...(name ? { 'graphql.operation.name': name } : {}) },
      });
      const active = trace.setSpan(context.active(), span);
      setExecuteFn((executeArgs) => context.with(active, () => executeFn(executeArgs)));
      return {
        onExecuteDone({ result }) {
          const errors = Symbol.asyncIterator in result ? [] : (result.errors ?? []);
          if (errors.length > 0) {
            span.setAttribute('graphql.error.codes', [...new Set(errors.map((error) => String(error.extensions?.code ?? 'INTERNAL')))]);
            // Answers a caller caused (a code of ours) are not failures of Certiflow; masked bugs are.
            if (errors.some((error) => !error.extensions?.code || error.extensions.code === 'INTERNAL_SERVER_ERROR')) span.setStatus({ code: SpanStatusCode.ERROR });
          }
          span.end();
        },
      };
    },
  };
}
