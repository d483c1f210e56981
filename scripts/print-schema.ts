import { writeFileSync } from 'node:fs';
import { minifyIntrospection, outputIntrospectionFile } from '@gql.tada/internal';
import { introspectionFromSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from '../graphql/schema.js';

// Writes the committed schema file and the portal's introspection types generated from it (gql.tada):
// test/graphql/schema.test.ts fails when either is out of date.
const sorted = lexicographicSortSchema(schema);
export const printedSchema = () => `${printSchema(sorted)}\n`;
export const portalIntrospection = () => outputIntrospectionFile(minifyIntrospection(introspectionFromSchema(sorted)), { fileType: '.d.ts', shouldPreprocess: true });

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(new URL('../graphql/schema.graphql', import.meta.url), printedSchema());
  writeFileSync(new URL('../http/portal/graphql-env.d.ts', import.meta.url), portalIntrospection());
  console.log('graphql/schema.graphql and http/portal/graphql-env.d.ts written');
}
