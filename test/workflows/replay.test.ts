import { readdirSync, readFileSync } from 'node:fs';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowBundle } from '../harness/app.js';
import { historiesDir } from '../harness/histories.js';

// Recorded histories of earlier workflow versions, replayed against the current code. A change to the
// journey workflow that is not guarded by patched() makes this fail with a nondeterminism error.
// Record new ones with: RECORD_HISTORIES=1 npx vitest run test/workflows/journey.test.ts (journey-v4-* when recorded;
// it now records journey-v10-*)
// or test/workflows/program-versions.test.ts (journey-v5-*: a program version reaching journeys),
// or test/http/scim.test.ts (journey-v6-*: a leaver and a manager change from the directory),
// or test/workflows/lifecycle-assessment.test.ts -t reassessment (journey-v7-*: a fresh appeal window after a reassessment; journey-v8-*: the same with conflicts of interest).
// or test/workflows/response-deadlines.test.ts (journey-v9-*: a panel member replaced when their time ran out, an approval escalated
// to the next manager up, a mentor found after a shortage).
// or test/workflows/decision-appeals.test.ts (journey-v10-*: a revocation overturned on appeal then revoked again, an
// ineligibility overturned, a decline upheld by a tie) and test/workflows/journey.test.ts (journey-v10-ineligible,
// journey-v10-approval-unanswered: the current paths of the v4 tests),
// or test/workflows/response-deadlines.test.ts -t anonymised / -t delegate (journey-v11-*: an anonymised panel reminded and released without
// the candidate's name; an approval decided by the manager's delegate).

const files = readdirSync(historiesDir).filter((f) => f.endsWith('.json')).sort();

describe('replay of recorded journey histories', () => {
  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('%s replays deterministically', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(new URL(file, historiesDir), 'utf8')));
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file);
  });
});
