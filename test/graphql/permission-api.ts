import { seedDemoData } from '../../demo/seed.js';
import { mintDevToken } from '../../http/auth/tokens.js';
import { createGraphQLHandler } from '../../http/graphql.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { createServices } from '../../services/index.js';
import { seedPermissionWorld } from './permission-fixture.js';

// The permission world (permission-fixture.ts) behind a production GraphQL handler, for tests that read
// and are refused: the journey service has no Temporal client, so nothing here may reach a workflow.

export interface GraphQLAnswer<D = Record<string, unknown>> {
  data?: D | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export interface PermissionApi {
  db: Database;
  ask<D = Record<string, unknown>>(personId: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer<D>>;
  close(): Promise<void>;
}

export async function openPermissionApi(secret: string): Promise<PermissionApi> {
  const db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, '2026-11-25T09:00:00.000Z');
  await seedPermissionWorld(db.prisma);
  const services = createServices({ prisma: db.prisma, client: undefined as never, taskQueue: 'x', linkSecret: secret });
  const yoga = createGraphQLHandler({ services, jwtSecret: secret, production: true, rateLimit: false });
  return {
    db,
    async ask(personId, query, variables = {}) {
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${await mintDevToken(secret, personId)}` };
      const response = await yoga.fetch('http://x/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      return response.json();
    },
    close: () => db.close(),
  };
}
