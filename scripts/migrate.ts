import { loadConfig } from '../config/index.js';
import { openDatabase } from '../prisma/client.js';

// `npm run db:migrate`: applies committed migrations to DATABASE_URL (or the embedded database).
// Migrations sign nothing: they need the database settings only.
const config = loadConfig(process.env, { tool: true });
const db = await openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: config.pgliteDir });
try {
  const applied = await db.migrate();
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
} finally {
  await db.close();
}
