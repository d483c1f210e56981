
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eligibilityRuleFile } from '../../demo/seed.js';
import { ErrorCode } from '../../domain/errors.js';
import type { Prisma } from '../../prisma/client.js';
import { loadRuleSetFile } from '../../rules/validate.js';
import { getJourneyQuery } from '../../workflows/journey/messages.js';
import { useTestApp } from '../harness/fixture.js';
import { chaosCandidates, seedChaosCandidates } from '../harness/chaos-candidates.js';
import { enroll, eventTypes, waitForStage } from '../harness/journey-driver.js';
import { recordHistories } from '../harness/histories.js';

// Rules that cannot be evaluated, on the Temporal dev server with the real worker: a condition on a
// fact Certiflow never has, a stored rule set that is invalid, a pinned version that does not exist.
// The journey must not fail or stall silently: it waits with an incident HR and admins can see (and
// nobody else), in its audit trail too; resolving it makes the journey evaluate again, with another
// rule-set version if the resolver chose one, and a failure that persists opens a new incident.

const PROGRAM = 'cloud-architecture-practitioner';
const KEY = `${PROGRAM}.eligibility`;
const GOOD = `${KEY}@1`;
const [missingFact, invalidFile, missingVersion] = chaosCandidates(3, 'rules');

let worker: Worker;
let running: Promise<void>;

const INCIDENTS = `query($open: Boolean) { incidents(open: $open) {
  id code step message ruleSetId open resolution retryRuleSetId resolvedBy { id } journey { id stage }
} }`;
type IncidentView = { id: string; code: string; step: string; message: string; ruleSetId: string; open: boolean; resolution: string | null; retryRuleSetId: string | null; resolvedBy: { id: string } | null; journey: { id: string; stage: string } };

const RESOLVE = `mutation($input: ResolveIncidentInput!) { resolveIncident(input: $input) {
  __typename ... on CertiflowError { code message path } ... on MutationResolveIncidentSuccess { data { journeyId stage } } } }`;
type Resolved = { resolveIncident: { __typename: string; code?: string; path?: string; data?: { stage: string } } };

/** Publishes a rule-set row as it is stored, valid or not (as an old or hand-edited row would be). */
async function storeRuleSet(version: number, definition: unknown): Promise<string> {
  const id = `${KEY}@${version}`;
  const data = { id, key: KEY, programId: PROGRAM, kind: 'eligibility', version, description: `version ${version}`, definition: definition as Prisma.InputJsonValue, publishedAt: new Date(), publishedBy: 'ines', reason: 'test' };
  await app.db.prisma.ruleSet.create({ data });
  return id;
}

/** Enrols `personId` while the pathway is pinned to `ruleSetId`, then puts the pathway back. */
async function enrolUnder(ruleSetId: string, personId: string): Promise<string> {
  await app.db.prisma.pathway.update({ where: { id: 'cap-portfolio' }, data: { eligibilityRuleSetId: ruleSetId } });
  try {
    const { journeyId } = await enroll(app, personId);
    await waitForEvent(journeyId, 'enrolled');
    return journeyId;
  } finally {
    await app.db.prisma.pathway.update({ where: { id: 'cap-portfolio' }, data: { eligibilityRuleSetId: GOOD } });
  }
}

async function waitForEvent(journeyId: string, type: string, count = 1): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await app.db.prisma.journeyEvent.count({ where: { journeyId, type } })) < count) {
    if (Date.now() > deadline) throw new Error(`${journeyId}: no ${count}× ${type} in 30 s (events: ${(await eventTypes(app, journeyId)).join(', ')})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function openIncidentOf(journeyId: string): Promise<IncidentView> {
  const answer = await app.graphql<{ incidents: IncidentView[] }>('hana', INCIDENTS, { open: true });
  const incident = answer.data?.incidents.find((i) => i.journey.id === journeyId);
  if (!incident) throw new Error(`no open incident for ${journeyId}: ${JSON.stringify(answer)}`);
  return incident;
}

const { env, app } = useTestApp({ temporal: 'dev-server' });
beforeAll(async () => {
  await seedChaosCandidates(app.db.prisma, [missingFact!, invalidFile!, missingVersion!]);
  worker = await app.startWorker();
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
});

describe('rules that cannot be evaluated', () => {
  it('waits with an incident on a condition whose fact Certiflow never has, and goes on under the version the resolver picks', async () => {
    const good = await loadRuleSetFile(eligibilityRuleFile);
    const needsLevel = { ...good, version: 2, rules: [{ name: 'senior-enough', conditions: { all: [{ fact: 'roleLevel', operator: 'greaterThanInclusive', value: 3, description: 'Level 3 or above' }] }, event: { type: 'eligible' } }] };
    const journeyId = await enrolUnder(await storeRuleSet(2, needsLevel), missingFact!.id);
    await waitForEvent(journeyId, 'incident_opened');

    const incident = await openIncidentOf(journeyId);
    expect(incident).toMatchObject({ code: ErrorCode.RuleEvaluationFailed, step: 'ELIGIBILITY', ruleSetId: `${KEY}@2`, open: true, journey: { stage: 'ENROLLED' } });
    expect(incident.message).toMatch(/roleLevel/);
    const { status } = await env.client.workflow.getHandle(journeyId).describe();
    expect(status.name).toBe('RUNNING');

    // HR, program owners and admins see it; the candidate and their manager do not.
    for (const personId of ['ari', 'ines']) expect((await app.graphql<{ incidents: IncidentView[] }>(personId, INCIDENTS)).data?.incidents.map((i) => i.id)).toContain(incident.id);
    for (const personId of [missingFact!.id, 'maya']) {
      const refused = await app.graphql(personId, INCIDENTS);
      expect(refused.errors?.[0]?.extensions?.code).toBe(ErrorCode.Forbidden);
      expect(refused.data).toBeNull();
      const viaJourney = await app.graphql<{ journey: { incidents: unknown } | null }>(personId, `{ journey(id: "${journeyId}") { incidents { id } } }`);
      expect(JSON.stringify(viaJourney.data)).not.toContain(incident.id);
    }
    const asCandidate = await app.graphql<Resolved>(missingFact!.id, RESOLVE, { input: { incidentId: incident.id, note: 'please' } });
    expect(asCandidate.errors?.[0]?.extensions?.code).toBe(ErrorCode.Forbidden);

    const resolved = await app.graphql<Resolved>('ari', RESOLVE, { input: { incidentId: incident.id, note: 'Job levels are not in HR data yet: back to version 1.', ruleSetId: GOOD } });
    expect(resolved.data?.resolveIncident.__typename).toBe('MutationResolveIncidentSuccess');
    await waitForStage(env.client, journeyId, 'awaiting_manager_approval');
    const state = await env.client.workflow.getHandle(journeyId).query(getJourneyQuery);
    expect([state.ruleSetId, state.eligibility?.ruleSetId, state.incidents]).toEqual([GOOD, GOOD, {}]);
    await waitForEvent(journeyId, 'incident_resolved');
    expect(await eventTypes(app, journeyId)).toEqual(expect.arrayContaining(['enrolled', 'incident_opened', 'incident_resolved', 'eligibility_confirmed', 'approval_requested']));
    const closed = (await app.graphql<{ incidents: IncidentView[] }>('hana', INCIDENTS, { open: false })).data?.incidents.find((i) => i.id === incident.id);
    expect(closed).toMatchObject({ open: false, resolvedBy: { id: 'ari' }, retryRuleSetId: GOOD, resolution: expect.stringMatching(/back to version 1/) });

    const again = await app.graphql<Resolved>('ari', RESOLVE, { input: { incidentId: incident.id, note: 'twice' } });
    expect(again.data?.resolveIncident).toMatchObject({ __typename: 'CertiflowError', code: ErrorCode.NotAllowedInStage });
    // RECORD_HISTORIES=1 keeps this history for test/workflows/replay.test.ts (patch rules-incidents taken).
    await recordHistories(env.client, journeyId, 'journey-v3-rules-incident');
  });

  it('opens a new incident when a stored rule set is invalid and a retry fails again, and goes on once the row is fixed', async () => {
    const broken = { id: KEY, programId: PROGRAM, kind: 'eligibility', version: 3, rules: [{ name: 'x', conditions: { all: [{ fact: 'tenureMonths', operator: 'isRoughly', value: 6 }] } }] };
    const ruleSetId = await storeRuleSet(3, broken);
    const journeyId = await enrolUnder(ruleSetId, invalidFile!.id);
    await waitForEvent(journeyId, 'incident_opened');
    const first = await openIncidentOf(journeyId);
    expect(first).toMatchObject({ code: ErrorCode.InvalidRuleSet, ruleSetId, open: true });

    // Retrying without a fix: the evaluation fails again, visibly, as a second incident.
    expect((await app.graphql<Resolved>('hana', RESOLVE, { input: { incidentId: first.id, note: 'Trying again.' } })).data?.resolveIncident.__typename).toBe('MutationResolveIncidentSuccess');
    await waitForEvent(journeyId, 'incident_opened', 2);
    const second = await openIncidentOf(journeyId);
    expect(second.id).not.toBe(first.id);

    // The row is repaired (a database fix; published rule sets are otherwise never edited), then resolved.
    const good = await loadRuleSetFile(eligibilityRuleFile);
    await app.db.prisma.ruleSet.update({ where: { id: ruleSetId }, data: { definition: { ...good, version: 3 } as unknown as Prisma.InputJsonValue } });
    expect((await app.graphql<Resolved>('hana', RESOLVE, { input: { incidentId: second.id, note: 'Row repaired.' } })).data?.resolveIncident.__typename).toBe('MutationResolveIncidentSuccess');
    await waitForStage(env.client, journeyId, 'awaiting_manager_approval');
    expect(await app.db.prisma.incident.count({ where: { journeyId, resolvedAt: null } })).toBe(0);
    expect((await eventTypes(app, journeyId)).filter((t) => t.startsWith('incident_'))).toEqual(['incident_opened', 'incident_resolved', 'incident_opened', 'incident_resolved']);
  });

  it('waits with an incident when the pinned version does not exist, and refuses a resolution naming another missing one', async () => {
    const journeyId = await enrolUnder(`${KEY}@9`, missingVersion!.id);
    await waitForEvent(journeyId, 'incident_opened');
    const incident = await openIncidentOf(journeyId);
    expect(incident).toMatchObject({ code: ErrorCode.NotFound, ruleSetId: `${KEY}@9`, message: expect.stringMatching(/does not exist/) });

    const wrong = await app.graphql<Resolved>('hana', RESOLVE, { input: { incidentId: incident.id, note: 'Use 8.', ruleSetId: `${KEY}@8` } });
    expect(wrong.data?.resolveIncident).toMatchObject({ code: ErrorCode.NotFound, path: 'ruleSetId' });
    const empty = await app.graphql<Resolved>('hana', RESOLVE, { input: { incidentId: incident.id, note: '  ', ruleSetId: GOOD } });
    expect(empty.data?.resolveIncident).toMatchObject({ code: ErrorCode.InvalidInput, path: 'note' });
    expect((await openIncidentOf(journeyId)).open).toBe(true);

    const resolved = await app.graphql<Resolved>('hana', RESOLVE, { input: { incidentId: incident.id, note: 'Version 9 was never published.', ruleSetId: GOOD } });
    expect(resolved.data?.resolveIncident.__typename).toBe('MutationResolveIncidentSuccess');
    await waitForStage(env.client, journeyId, 'awaiting_manager_approval');
  });
});
