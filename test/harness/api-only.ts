import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { seedDemoData } from '../../demo/seed.js';
import { type ApiOptions, createApiServer } from '../../http/app.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { createServices, type ServiceDeps, type Services } from '../../services/index.js';

// The API on the seeded demo data with no Temporal server behind it: for tests of routes and services
// that never reach a workflow (uploads, downloads, headers, refusals). Its Temporal client is a lazy
// connection that is never dialled, so a route that did ask a workflow would fail, not hang.

export interface ApiOnly {
  db: Database;
  services: Services;
  server: Server;
  baseUrl: string;
  /** Where uploaded files are kept (removed by close()). */
  uploadsDir: string;
  close(): Promise<void>;
}

export interface ApiOnlyOptions extends Partial<Omit<ApiOptions, 'services'>> {
  jwtSecret: string;
  services?: Pick<ServiceDeps, 'uploadPolicy' | 'linkSecret'>;
}

export async function startApiOnly({ services: serviceOptions, ...apiOptions }: ApiOnlyOptions): Promise<ApiOnly> {
  const db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma);
  const uploadsDir = await mkdtemp(path.join(os.tmpdir(), 'certiflow-api-only-'));
  const client = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  const services = createServices({ prisma: db.prisma, client, taskQueue: 'unused', uploadsDir, ...serviceOptions });
  const server = createApiServer({ production: false, ...apiOptions, services });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    db,
    services,
    server,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    uploadsDir,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await db.close();
      await rm(uploadsDir, { recursive: true, force: true });
    },
  };
}
