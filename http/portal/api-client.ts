// The portal's only way to read or change anything: the public GraphQL API, called with the signed-in
// person's own token. In one process it goes through the same Yoga handler (and so the same auth,
// limits and audit) as any other client; deployed apart it can point at the API's URL instead.

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

export interface ApiClient {
  request<T>(query: string, variables: Record<string, unknown>, token: string | null, context?: Record<string, unknown>): Promise<T>;
}

interface GraphQLResponse {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export function createApiClient(fetchFn: FetchLike, endpoint = 'http://certiflow.internal/graphql'): ApiClient {
  return {
    async request<T>(query: string, variables: Record<string, unknown>, token: string | null, context?: Record<string, unknown>): Promise<T> {
      const response = await fetchFn(
        new Request(endpoint, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/graphql-response+json, application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify({ query, variables }),
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
      return body.data as T;
    },
  };
}

/** A mutation's typed result: `{ __typename, data }` on success, `{ __typename, code, message }` otherwise. */
export interface MutationResult<T> {
  __typename: string;
  data?: T;
  code?: string;
  message?: string;
}

/** The data of a successful mutation result; a typed error becomes an ApiError the page shows. */
export function unwrap<T>(result: MutationResult<T>): T {
  if (result.data !== undefined) return result.data;
  throw new ApiError(result.code ?? 'REJECTED', result.message ?? 'The request was refused.');
}

/** The selection every mutation uses for its typed errors. */
export const ERROR_FIELDS = '__typename ... on CertiflowError { code message }';
