import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

// The portal's GraphQL operations are typed from the committed schema (graphql/schema.graphql, whose
// introspection `npm run schema:print` writes to graphql-env.d.ts): a page's result and variables come
// from its query text, so a field renamed or removed in the API fails the type check here, not at run time.

export const graphql = initGraphQLTada<{
  introspection: introspection;
  // Scalars as they travel in JSON.
  scalars: { DateTime: string; JSON: unknown };
  // Fragments are a way to share selections between pages, not to hide fields from them.
  disableMasking: true;
}>();

export type { ResultOf, TadaDocumentNode, VariablesOf } from 'gql.tada';
