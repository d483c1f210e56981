import { writeFileSync } from 'node:fs';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from '../graphql/schema.js';

// Writes the committed schema file; test/graphql/schema.test.ts fails when it is out of date.
export const printedSchema = () => `${printSchema(lexicographicSortSchema(schema))}\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(new URL('../graphql/schema.graphql', import.meta.url), printedSchema());
  console.log('graphql/schema.graphql written');
}
