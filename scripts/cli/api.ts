// The Certiflow API as the CLI calls it: GraphQL over HTTP with a bearer token. Commands that change
// anything (publish, apply, approve) go through the API, the process that owns the database and tells
// journeys in flight, and whose token says who acts.

import { ExitCode, type Io } from './io.js';

export class ApiError extends Error {}

/** The bearer token the API commands act with (CERTIFLOW_TOKEN), or why there is none. */
export function apiToken(io: Io, env: NodeJS.ProcessEnv, whose: string, devPerson: string): string | null {
  const token = env.CERTIFLOW_TOKEN;
  if (!token) io.err(`Set CERTIFLOW_TOKEN to ${whose} bearer token (for the dev environment: export CERTIFLOW_TOKEN=$(npm run -s token -- ${devPerson})).`);
  return token ?? null;
}

/** Runs an API command; an unreachable API or a GraphQL error is exit 1 with the reason. */
export async function viaApi(io: Io, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ApiError) {
      io.err(error.message);
      return ExitCode.Failed;
    }
    throw error;
  }
}

/** `query(text, variables)` against CERTIFLOW_API_URL (or http://localhost:4000), as the token's holder. */
export function apiCaller(apiUrl: string | undefined, token: string) {
  const endpoint = graphqlEndpoint(apiUrl ?? 'http://localhost:4000');
  return (query: string, variables: Record<string, unknown>) => request(endpoint, token, query, variables);
}

function graphqlEndpoint(base: string): string {
  const url = new URL(base);
  if (!url.pathname.endsWith('/graphql')) url.pathname = `${url.pathname.replace(/\/$/, '')}/graphql`;
  return url.toString();
}

/** fetch, with an unreachable API as an ApiError that says what to do about it. */
export async function fetchApi(url: string | URL, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    throw new ApiError(`Cannot reach the Certiflow API at ${url} (${cause}). Is it running ("npm run dev")? Set CERTIFLOW_API_URL otherwise.`);
  }
}

async function request(endpoint: string, token: string, query: string, variables: Record<string, unknown>): Promise<unknown> {
  const response = await fetchApi(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json().catch(() => null)) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } | null;
  if (!body) throw new ApiError(`${endpoint} answered HTTP ${response.status} without a GraphQL response.`);
  const first = body.errors?.[0];
  if (first) throw new ApiError(`${first.extensions?.code ?? 'ERROR'}: ${first.message}`);
  return body.data;
}
