import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../demo/seed.js';
import { addIsoDuration } from '../../domain/duration.js';
import { ErrorCode } from '../../domain/errors.js';
import { mintDevToken } from '../../http/auth/tokens.js';
import { createGraphQLHandler } from '../../http/graphql.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { createServices } from '../../services/index.js';
import { createDevServerEnv } from '../harness/temporal.js';
import { AS_OF, journeyOf, KEY, PROGRAM, seedPopulation, V1, withTenure } from '../rules/rule-set-fixtures.js';

// Rule-set administration through the real yoga handler, as admin ari; ines (program owner) may read and try
// changes out but not save them; hana (HR, not admin) is refused.
// A real Temporal dev server backs the journey service, and no worker runs: the journeys in flight on
// version 1 (alex, jordan) have no workflow, so each applyRuleChange update comes back as a typed error,
// which publication records journey by journey. Ended journeys (sam, riley) are not told at all.

const SECRET = 'rule-set-test-secret';
let db: Database;
let env: TestWorkflowEnvironment;
let yoga: ReturnType<typeof createGraphQLHandler>;
/** The valid draft of version 2 (tenure 18 months), simulated and then published. */
let draftId: string;

type Errors = { message: string; extensions?: { code?: string } }[];
async function graphql<T = unknown>(personId: string | null, query: string, variables?: Record<string, unknown>) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (personId) headers.authorization = `Bearer ${await mintDevToken(SECRET, personId)}`;
  const response = await yoga.fetch('http://x/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data?: T; errors?: Errors };
}

async function asAdmin<T = unknown>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const result = await graphql<T>('ari', query, variables);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

const PROBLEM = 'errors { path message suggestion }';
const SAVE = `mutation($input: SaveRuleSetDraftInput!) { saveRuleSetDraft(input: $input) {
  __typename ... on MutationSaveRuleSetDraftSuccess { data { draft { id key kind basedOnVersion author ${PROBLEM} } publishable ${PROBLEM} } }
  ... on CertiflowError { code path message }
} }`;
const PUBLISH = `mutation($input: PublishRuleSetInput!) { publishRuleSet(input: $input) {
  __typename
  ... on MutationPublishRuleSetSuccess { data {
    pendingApproval
    ruleSet { id version publishedBy approvedBy publishedAt reason reviewDueOn }
    transition { previousRuleSetId policy effectiveAt journeysNotified results { journeyId accepted stage code } }
  } }
  ... on RuleSetRejectedError { code problems { path message suggestion } }
  ... on CertiflowError { code path message }
} }`;

interface Saved {
  saveRuleSetDraft: { data: { draft: { id: string }; publishable: boolean } };
}
const save = (definition: unknown) =>
  asAdmin<Saved>(SAVE, { input: { key: KEY, programId: PROGRAM, kind: 'ELIGIBILITY', definition } }).then((d) => d.saveRuleSetDraft);

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, AS_OF);
  await seedPopulation(db.prisma);
  env = await createDevServerEnv();
  const services = createServices({ prisma: db.prisma, client: env.client, taskQueue: 'rule-set-test' });
  yoga = createGraphQLHandler({ services, jwtSecret: SECRET, production: true });
});

afterAll(async () => {
  await env?.teardown();
  await db?.close();
});

describe('rule-set administration over GraphQL', () => {
  it('is for admins only', async () => {
    const list = `query { ruleSets(programId: "${PROGRAM}") { id } }`;
    expect((await graphql('hana', list)).errors?.[0]?.extensions?.code).toBe(ErrorCode.Forbidden);
    expect((await graphql(null, list)).errors?.[0]?.extensions?.code).toBe(ErrorCode.Unauthenticated);
    const saved = await graphql('hana', SAVE, { input: { key: KEY, programId: PROGRAM, kind: 'ELIGIBILITY', definition: withTenure(12) } });
    expect(saved.errors?.[0]?.extensions?.code).toBe(ErrorCode.Forbidden);
    expect(await db.prisma.ruleSetDraft.count()).toBe(0);
    expect((await graphql('hana', 'query { dueRuleReviews { ruleSetKey } }')).errors?.[0]?.extensions?.code).toBe(ErrorCode.Forbidden);
  });

  it('lists the published versions with author and reason', async () => {
    const data = await asAdmin(`query { ruleSets(programId: "${PROGRAM}") { id version kind publishedBy reason } }`);
    expect(data).toEqual({ ruleSets: [
      { id: V1, version: 1, kind: 'ELIGIBILITY', publishedBy: 'ines', reason: 'Initial publication of the program criteria' },
      { id: `${PROGRAM}.recertification@1`, version: 1, kind: 'RECERTIFICATION', publishedBy: 'ines', reason: 'Initial publication of the re-certification criteria' },
    ] });
  });

  it('validates a definition without saving it', async () => {
    const bad = withTenure(12) as unknown as { rules: { conditions: { all: { operator: string }[] } }[] };
    bad.rules[0]!.conditions.all[0]!.operator = 'greaterThanInclusiv';
    const query = `mutation($d: JSON!) { validateRuleSet(definition: $d) { valid ${PROBLEM} } }`;
    expect(await asAdmin(query, { d: bad })).toEqual({
      validateRuleSet: {
        valid: false,
        errors: [{ path: '$.rules[0].conditions.all[0].operator', message: 'unknown operator "greaterThanInclusiv"', suggestion: 'did you mean greaterThanInclusive?' }],
      },
    });
    expect(await asAdmin(query, { d: withTenure(12) })).toEqual({ validateRuleSet: { valid: true, errors: [] } });
  });

  it('lets a program owner read rule sets and try a change out, saving nothing, but not save or publish', async () => {
    const asOwner = async <T = unknown>(query: string, variables?: Record<string, unknown>) => {
      const result = await graphql<T>('ines', query, variables);
      expect(result.errors).toBeUndefined();
      return result.data!;
    };
    expect(await asOwner(`query { ruleSets(programId: "${PROGRAM}") { id } }`)).toMatchObject({ ruleSets: [{ id: V1 }, { id: `${PROGRAM}.recertification@1` }] });
    // With the key, validation also checks the envelope as publishing will: version 1 is taken.
    const validate = `mutation($d: JSON!, $key: String) { validateRuleSet(definition: $d, key: $key) { valid ${PROBLEM} } }`;
    expect(await asOwner(validate, { d: withTenure(18, 1), key: KEY })).toEqual({
      validateRuleSet: { valid: false, errors: [{ path: '$.version', message: `must be 2, the next version after ${V1}, the latest published`, suggestion: 'write 2' }] },
    });
    expect(await asOwner(validate, { d: withTenure(18), key: KEY })).toEqual({ validateRuleSet: { valid: true, errors: [] } });
    const simulation = await asOwner<{ simulateRuleSet: { data: { ruleSetId: string; loses: { personId: string }[] } } }>(
      `query($d: JSON, $asOf: DateTime) { simulateRuleSet(definition: $d, asOf: $asOf) { ... on QuerySimulateRuleSetSuccess { data { ruleSetId loses { personId } } } } }`,
      { d: withTenure(18), asOf: AS_OF },
    );
    expect(simulation.simulateRuleSet.data).toEqual({ ruleSetId: `${KEY}@2`, loses: [{ personId: 'jordan' }] });
    const diff = await asOwner<{ ruleSetDiff: { data: { to: string; changes: { path: string }[] } } }>(
      `query($from: ID!, $d: JSON) { ruleSetDiff(from: $from, toDefinition: $d) { ... on QueryRuleSetDiffSuccess { data { to changes { path } } } } }`,
      { from: V1, d: withTenure(18) },
    );
    expect(diff.ruleSetDiff.data.to).toBe(`${KEY}@2`);
    expect(diff.ruleSetDiff.data.changes).toContainEqual({ path: '$.rules[0].conditions.all[0]' });
    const neither = await asOwner(`query { simulateRuleSet { ... on CertiflowError { code path } } }`);
    expect(neither).toEqual({ simulateRuleSet: { code: ErrorCode.InvalidInput, path: 'draftId' } });
    const saved = await graphql('ines', SAVE, { input: { key: KEY, programId: PROGRAM, kind: 'ELIGIBILITY', definition: withTenure(18) } });
    expect(saved.errors?.[0]?.extensions?.code).toBe(ErrorCode.Forbidden);
    expect(await db.prisma.ruleSetDraft.count()).toBe(0);
  });

  it('saves an invalid draft with its errors as data, and refuses to publish it', async () => {
    const saved = await save({ ...withTenure(12), version: 1 });
    const versionError = { path: '$.version', message: `must be 2, the next version after ${V1}, the latest published`, suggestion: 'write 2' };
    expect(saved.data).toMatchObject({ publishable: false, errors: [versionError], draft: { key: KEY, kind: 'ELIGIBILITY', basedOnVersion: 1, author: 'ari', errors: [versionError] } });
    const refused = await asAdmin(PUBLISH, { input: { draftId: saved.data.draft.id, reason: 'Raise tenure to a year', transitionPolicy: 'KEEP' } });
    expect(refused).toEqual({ publishRuleSet: { __typename: 'RuleSetRejectedError', code: ErrorCode.InvalidRuleSet, problems: [versionError] } });
    const drafts = await asAdmin(`query { ruleSetDrafts(programId: "${PROGRAM}") { id } }`);
    expect(drafts).toEqual({ ruleSetDrafts: [{ id: saved.data.draft.id }] });
  });

  it('diffs and simulates a draft before it is published', async () => {
    const saved = await save(withTenure(18));
    expect(saved.data).toMatchObject({ publishable: true, errors: [] });
    draftId = saved.data.draft.id;
    const diff = await asAdmin(`query($from: ID!, $to: ID!) { ruleSetDiff(from: $from, to: $to) {
      ... on QueryRuleSetDiffSuccess { data { from to changes { kind path summary } } } } }`, { from: V1, to: draftId });
    expect(diff).toMatchObject({ ruleSetDiff: { data: { from: V1, to: `${KEY}@2` } } });
    expect((diff as { ruleSetDiff: { data: { changes: unknown[] } } }).ruleSetDiff.data.changes).toContainEqual({
      kind: 'CHANGED',
      path: '$.rules[0].conditions.all[0]',
      summary: `Rule "tenure-and-cloud-foundation": condition "At least 6 months' tenure" changed: value 6 → 18, description "At least 6 months' tenure" → "At least 18 months' tenure"`,
    });
    const simulation = await asAdmin(`query($id: ID!, $asOf: DateTime) { simulateRuleSet(draftId: $id, asOf: $asOf) {
      ... on QuerySimulateRuleSetSuccess { data { population asOf gains { personId } unchanged { personId }
        loses { personId group stage before after change why baselineRuleSetId } } } } }`, { id: draftId, asOf: AS_OF });
    expect((simulation as { simulateRuleSet: { data: unknown } }).simulateRuleSet.data).toEqual({
      population: 4,
      asOf: AS_OF,
      gains: [],
      unchanged: [{ personId: 'alex' }, { personId: 'riley' }, { personId: 'sam' }],
      loses: [
        { personId: 'jordan', group: 'IN_FLIGHT', stage: 'awaiting_manager_approval', before: true, after: false, change: 'LOSES', why: ["Now in the way: At least 18 months' tenure: you have 14"], baselineRuleSetId: V1 },
      ],
    });
  });

  it('publishes with a transition period, telling each journey in flight on version 1 and recording each answer', async () => {
    const reason = 'Tenure raised to 18 months for the 2027 intake.';
    const input = { draftId, reason, transitionPolicy: 'TRANSITION', transitionPeriod: 'P30D' };
    // Four eyes: ari asks; the draft waits, frozen, for a second person.
    const requested = await asAdmin(PUBLISH, { input });
    expect(requested).toMatchObject({ publishRuleSet: { __typename: 'MutationPublishRuleSetSuccess', data: { pendingApproval: true, ruleSet: null, transition: null } } });
    expect(await db.prisma.ruleSet.findUnique({ where: { id: `${KEY}@2` } })).toBeNull();
    const edit = await asAdmin(SAVE, { input: { id: draftId, key: KEY, programId: PROGRAM, kind: 'ELIGIBILITY', definition: withTenure(20) } });
    expect(edit).toMatchObject({ saveRuleSetDraft: { code: ErrorCode.InvalidInput, path: 'id' } });
    // The requester cannot approve; an owner of the program can (ines owns it).
    const approveQuery = PUBLISH.replace('mutation($input: PublishRuleSetInput!) { publishRuleSet(input: $input) {', 'mutation($draftId: ID!) { approveRuleSetPublication(draftId: $draftId) {').replaceAll('MutationPublishRuleSetSuccess', 'MutationApproveRuleSetPublicationSuccess');
    const self = await asAdmin(approveQuery, { draftId });
    expect(self).toMatchObject({ approveRuleSetPublication: { code: ErrorCode.Forbidden } });
    type Published = { approveRuleSetPublication: { data: { ruleSet: { publishedAt: string; reviewDueOn: string }; transition: unknown } } };
    const published = (await graphql('ines', approveQuery, { draftId })).data as Published;
    expect(published).toMatchObject({ approveRuleSetPublication: { __typename: 'MutationApproveRuleSetPublicationSuccess' } });
    const { ruleSet, transition } = published.approveRuleSetPublication.data;
    expect(ruleSet).toMatchObject({ id: `${KEY}@2`, version: 2, publishedBy: 'ari', approvedBy: 'ines', reason });
    expect(ruleSet.reviewDueOn).toBe(addIsoDuration(ruleSet.publishedAt, 'P1Y'));
    // No workflow runs for alex or jordan, so each refuses with a typed error; neither stops the other.
    const refused = { accepted: false, stage: null, code: ErrorCode.NotAllowedInStage };
    expect(transition).toEqual({
      previousRuleSetId: V1,
      policy: 'TRANSITION',
      effectiveAt: addIsoDuration(ruleSet.publishedAt, 'P30D'),
      journeysNotified: 0,
      results: [
        { journeyId: journeyOf('alex'), ...refused },
        { journeyId: journeyOf('jordan'), ...refused },
      ],
    });
    const stored = await asAdmin(`query { ruleSet(id: "${KEY}@2") { transitions { policy results { journeyId } } } }`);
    expect(stored).toEqual({ ruleSet: { transitions: [{ policy: 'TRANSITION', results: [{ journeyId: journeyOf('alex') }, { journeyId: journeyOf('jordan') }] }] } });
  });

  it('lists due reviews and records a review outcome', async () => {
    // A rule set published before periodic reviews existed has no review row at all.
    await db.prisma.ruleSetReview.deleteMany({ where: { ruleSetKey: `${PROGRAM}.recertification` } });
    const due = await asAdmin(`query { dueRuleReviews(programId: "${PROGRAM}") { ruleSetKey ruleSetId dueOn overdue } }`);
    expect(due).toEqual({ dueRuleReviews: [{ ruleSetKey: `${PROGRAM}.recertification`, ruleSetId: `${PROGRAM}.recertification@1`, dueOn: null, overdue: true }] });
    const record = `mutation($input: RecordRuleReviewInput!) { recordRuleReview(input: $input) {
      ... on MutationRecordRuleReviewSuccess { data { review { outcome reviewer notes } nextReview { dueOn reviewedOn } } }
      ... on CertiflowError { code path } } }`;
    const input = { ruleSetKey: `${PROGRAM}.recertification`, outcome: 'CONFIRMED', notes: 'Still matches the catalogue.' };
    expect(await asAdmin(record, { input })).toEqual({
      recordRuleReview: {
        data: { review: { outcome: 'CONFIRMED', reviewer: 'ari', notes: 'Still matches the catalogue.' }, nextReview: { dueOn: expect.any(String), reviewedOn: null } },
      },
    });
    expect(await asAdmin(`query { dueRuleReviews(programId: "${PROGRAM}") { ruleSetKey } }`)).toEqual({ dueRuleReviews: [] });
    const superseded = await asAdmin(record, { input: { ...input, outcome: 'SUPERSEDED' } });
    expect(superseded).toEqual({ recordRuleReview: { code: ErrorCode.InvalidInput, path: 'outcome' } });
  });
});
