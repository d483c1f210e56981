import { Client } from '@temporalio/client';
import { loadConfig } from '../config/index.js';
import { connectClient } from '../config/temporal.js';
import { openDatabase } from '../prisma/client.js';
import { reconcileJourneys } from '../services/reconcile.js';

// `npm run reconcile [-- --repair]`: compares every open journey with its workflow; with --repair,
// makes the read model agree and records a `read_model_reconciled` event per journey. Exit 1 on drift
// found and not repaired, so it can run as a scheduled check.
const repair = process.argv.includes('--repair');
// Reconciling reads workflows and writes the read model; it signs nothing.
const config = loadConfig(process.env, { tool: true });
if (!config.DATABASE_URL) {
  console.error('reconcile needs DATABASE_URL: the embedded PGlite database belongs to the running npm run dev process.');
  process.exit(2);
}
const db = await openDatabase({ url: config.DATABASE_URL });
const connection = await connectClient(config);
try {
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const report = await reconcileJourneys({ prisma: db.prisma, client, repair });
  console.log(`checked ${report.checked} open journeys: ${report.drifts.length} differences, ${report.unreachable.length} unreachable, ${report.repaired} repaired`);
  for (const d of report.drifts) console.log(`  ${d.journeyId} ${d.field}: read model ${JSON.stringify(d.readModel)}, workflow ${JSON.stringify(d.workflow)}`);
  for (const u of report.unreachable) console.log(`  ${u.journeyId}: ${u.reason}`);
  process.exitCode = report.drifts.length > 0 && !repair ? 1 : 0;
} finally {
  await connection.close();
  await db.close();
}
