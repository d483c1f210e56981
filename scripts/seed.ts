import { loadConfig } from '../config/index.js';
import { seedDemoData } from '../demo/seed.js';
import { openDatabase } from '../prisma/client.js';

// `npm run db:seed`: the demo people, and the demo programs (demo/programs/*.yaml) with their rule sets,
// published through the program service like any company's; a program already published is left alone.
// Seeding signs nothing: it needs the database settings only.
const config = loadConfig(process.env, { tool: true });
const db = await openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: config.pgliteDir });
try {
  await db.migrate();
  const { ruleSetId } = await seedDemoData(db.prisma);
  console.log(`demo data present (eligibility rules ${ruleSetId})`);
} finally {
  await db.close();
}
