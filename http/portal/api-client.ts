// The portal's only way to read or change anything: the public GraphQL API, called with the signed-in
// person's own token. In one process it goes through the same Yoga handler (and so the same auth,
// limits and audit) as any other client; deployed apart it can point at the API's URL instead.
// Operations are typed documents (./graphql.ts): the result and variables types come from the schema.

import { print } from 'graphql';
import type { TadaDocumentNode } from './graphql.js';

/** Yoga's in-process fetch (the second argument is its server context, e.g. the incoming request) or global fetch. */
export type FetchLike = (request: Request, context?: Record<string, unknown>) => Promise<Response>;

/** An error the API answered with: a code the page can explain, never a stack trace. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The answer, or null when the API refuses this person (FORBIDDEN): for a page section only some may see. */
export async function unlessForbidden<T>(answer: Promise<T>): Promise<T | null> {
  try {
    return await answer;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'FORBIDDEN') return null;
    throw error;
  }
}

export interface ApiClient {
  request<R, V>(document: TadaDocumentNode<R, V>, variables: V, token: string | null, context?: Record<string, unknown>): Promise<R>;
}

/** Each document is printed once: the text sent is the same on every call. */
const printed = new WeakMap<object, string>();
function queryText(document: TadaDocumentNode<unknown, unknown>): string {
  let text = printed.get(document);
  if (text === undefined) {
    text = print(document);
    printed.set(document, text);
  }
  return text;
}

interface GraphQLResponse {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export function createApiClient(fetchFn: FetchLike, endpoint = 'http://certiflow.internal/graphql'): ApiClient {
  return {
    async request<R, V>(document: TadaDocumentNode<R, V>, variables: V, token: string | null, context?: Record<string, unknown>): Promise<R> {
      const response = await fetchFn(
        new Request(endpoint, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/graphql-response+json, application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify({ query: queryText(document as TadaDocumentNode<unknown, unknown>), variables }),
        }),
        context,
      );
      let body: GraphQLResponse;
      try {
        body = (await response.json()) as GraphQLResponse;
      } catch {
        throw new ApiError('API_UNAVAILABLE', `The API answered ${response.status} without a GraphQL body.`);
      }
      const first = body.errors?.[0];
      if (first) throw new ApiError(first.extensions?.code ?? 'API_ERROR', first.message);
      return body.data as R;
    },
  };
}

/**
 * The data of a successful mutation result (`... on Mutation<Name>Success { data { … } }`); a typed error
 * (`... on CertiflowError { code message }`) becomes an ApiError the page shows.
 */
export function unwrap<R extends { __typename?: string }>(result: R): Extract<R, { data: unknown }>['data'] {
  if ('data' in result) return (result as Extract<R, { data: unknown }>).data;
  const refusal = result as { code?: string; message?: string };
  throw new ApiError(refusal.code ?? 'REJECTED', refusal.message ?? 'The request was refused.');
}
