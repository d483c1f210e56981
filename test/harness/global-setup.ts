import { createHash } from 'node:crypto';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { IN_MEMORY_TEMPLATE_ENV, openDatabase } from '../../prisma/client.js';
import { listMigrations } from '../../prisma/migrate.js';
import { describeToolchain, ensureToolchain } from '../../scripts/setup.js';

// Once per `vitest run`, before any test file: a missing binary is built or reported here, once,
// instead of every test file racing to build it (the first Temporal CLI build takes minutes).
// Also the migrated, empty database every in-memory test database starts from (prisma/client.ts),
// named by the migrations it holds so a new migration makes a new one.
export default async function setup(): Promise<void> {
  const toolchain = await ensureToolchain({ forTests: true });
  if (process.env.CI) console.log(describeToolchain(toolchain));
  process.env[IN_MEMORY_TEMPLATE_ENV] = await migratedTemplate();
}

async function migratedTemplate(): Promise<string> {
  const migrations = listMigrations();
  const hash = createHash('sha256').update(migrations.map((m) => `${m.name}:${m.checksum}`).join('\n')).digest('hex').slice(0, 16);
  const file = path.join(tmpdir(), `certiflow-pglite-template-${hash}.tar`);
  if (existsSync(file)) return file;
  const db = await openDatabase({ fresh: true });
  try {
    await db.migrate();
    const staging = `${file}.${process.pid}.tmp`;
    writeFileSync(staging, Buffer.from(await (await db.dump!()).arrayBuffer()));
    renameSync(staging, file);
  } finally {
    await db.close();
  }
  return file;
}
