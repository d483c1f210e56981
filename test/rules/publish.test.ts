import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../demo/seed.js';
import { ErrorCode } from '../../domain/errors.js';
import { JourneyStage } from '../../domain/journey.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { createJourneyService } from '../../services/journeys.js';
import { createRuleSetService, type RuleSetService } from '../../services/rule-sets.js';
import { AS_OF, journeyOf, KEY, PROGRAM, V1, withTenure } from './rule-set-fixtures.js';

// Drafts, publication and review through the service on a seeded in-memory database. The only journey
// pinned to the rules here has ended (sam, found ineligible), so publication tells no workflow and no
// Temporal client is given; telling journeys in flight is covered by test/graphql/rule-set.test.ts.

const RECERT_KEY = `${PROGRAM}.recertification`;
let db: Database;
let service: RuleSetService;
let clock = new Date(AS_OF);

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, AS_OF);
  const at = new Date(AS_OF);
  await db.prisma.journey.create({
    data: { id: journeyOf('sam'), programId: PROGRAM, pathwayId: 'cap-portfolio', candidateId: 'sam', stage: JourneyStage.Ineligible, ruleSetId: V1, enrolledAt: at, updatedAt: at },
  });
  const journeys = createJourneyService({ prisma: db.prisma, client: undefined as never, taskQueue: 'unused' });
  service = createRuleSetService({ prisma: db.prisma, journeys, now: () => clock });
});

afterAll(async () => {
  await db?.close();
});

async function saveDraft(definition: unknown, author = 'ari') {
  const saved = await service.saveDraft({ key: KEY, programId: PROGRAM, kind: 'eligibility', definition, author });
  if (!saved.ok) throw new Error(saved.error.message);
  return saved.value;
}

const REASON = 'The committee raised tenure to a year after the 2026 review.';

describe('publishing a rule set', () => {
  it('publishes a valid draft as an immutable version with author, reason and date, and moves new enrolments to it', async () => {
    clock = new Date('2026-12-01T10:00:00.000Z');
    const v1Before = await db.prisma.ruleSet.findUniqueOrThrow({ where: { id: V1 } });
    const { draft, errors } = await saveDraft(withTenure(12));
    expect(errors).toEqual([]);
    expect(draft).toMatchObject({ key: KEY, basedOnVersion: 1, author: 'ari' });

    const published = await service.publish({ draftId: draft.id, reason: `  ${REASON} `, policy: 'keep', publishedBy: 'ines' });
    expect(published.ok).toBe(true);
    if (!published.ok) return;
    expect(published.value.ruleSet).toMatchObject({
      id: `${KEY}@2`,
      key: KEY,
      version: 2,
      publishedBy: 'ines',
      reason: REASON,
      publishedAt: clock,
      reviewDueOn: new Date('2027-12-01T10:00:00.000Z'),
      definition: withTenure(12),
    });
    // sam's journey has ended: recorded as nobody in flight, nothing sent.
    expect(published.value.transition).toMatchObject({ previousRuleSetId: V1, policy: 'keep', effectiveAt: clock, journeysNotified: 0, results: [] });
    expect(await db.prisma.ruleSetDraft.findUnique({ where: { id: draft.id } })).toBeNull();
    const pathways = await db.prisma.pathway.findMany({ where: { programId: PROGRAM }, select: { eligibilityRuleSetId: true } });
    expect(new Set(pathways.map((p) => p.eligibilityRuleSetId))).toEqual(new Set([`${KEY}@2`]));
    expect(await db.prisma.ruleSet.findUniqueOrThrow({ where: { id: V1 } })).toEqual(v1Before);
    // The seed's publication of @1 opened a review; publishing @2 closed it as superseded and opened its own.
    expect(await db.prisma.ruleSetReview.findMany({ where: { ruleSetKey: KEY }, orderBy: { dueOn: 'asc' } })).toEqual([
      expect.objectContaining({ reviewedOn: clock, outcome: 'superseded', notes: `Superseded by ${KEY}@2: ${REASON}` }),
      expect.objectContaining({ dueOn: new Date('2027-12-01T10:00:00.000Z'), reviewedOn: null, outcome: null }),
    ]);
  });

  it('never replaces a published version: a draft of the same version is refused at $.version', async () => {
    const { draft, errors } = await saveDraft(withTenure(18));
    const expected = { path: '$.version', message: `must be 3, the next version after ${KEY}@2, the latest published`, suggestion: 'write 3' };
    expect(errors).toEqual([expected]);
    const refused = await service.publish({ draftId: draft.id, reason: REASON, policy: 'keep', publishedBy: 'ari' });
    expect(refused).toMatchObject({ ok: false, error: { code: ErrorCode.InvalidRuleSet, path: '$.version' }, problems: [expected] });
    expect((await db.prisma.ruleSet.findUniqueOrThrow({ where: { id: `${KEY}@2` } })).definition).toEqual(withTenure(12));
  });

  it('refuses an invalid draft with every problem at its JSON path, and keeps the draft', async () => {
    const file = withTenure(12, 3) as unknown as { rules: { conditions: { all: { fact: string }[] } }[]; kind: string };
    file.rules[0]!.conditions.all[0]!.fact = 'tenureMonth';
    file.kind = 'routing';
    const { draft, errors } = await saveDraft(file);
    const problems = [
      { path: '$.rules[0].conditions.all[0].fact', message: 'unknown fact "tenureMonth"', suggestion: 'did you mean tenureMonths?' },
      { path: '$.kind', message: `must be "eligibility": a rule set keeps its kind across versions (${KEY}@2 is eligibility)` },
    ];
    expect(errors).toEqual(problems);
    const before = await db.prisma.ruleSet.count();
    const refused = await service.publish({ draftId: draft.id, reason: REASON, policy: 'immediate', publishedBy: 'ari' });
    expect(refused).toMatchObject({ ok: false, error: { code: ErrorCode.InvalidRuleSet }, problems });
    expect(await db.prisma.ruleSet.count()).toBe(before);
    expect(await db.prisma.ruleSetDraft.findUnique({ where: { id: draft.id } })).not.toBeNull();
  });

  it('saves anything JSON as a draft, marked with what blocks publication', async () => {
    expect((await saveDraft([1, 2])).errors).toEqual([{ path: '$', message: 'must be an object' }]);
    const unknownProgram = await service.saveDraft({ key: KEY, programId: 'nope', kind: 'eligibility', definition: {}, author: 'ari' });
    expect(unknownProgram).toMatchObject({ ok: false, error: { code: ErrorCode.NotFound, path: 'programId' } });
  });

  it('needs a reason, and a transition period exactly when the policy is TRANSITION', async () => {
    const { draft } = await saveDraft(withTenure(9, 3));
    const attempt = (input: { reason?: string; policy: 'keep' | 'transition' | 'immediate'; transitionPeriod?: string }) =>
      service.publish({ draftId: draft.id, reason: REASON, publishedBy: 'ari', ...input });
    expect(await attempt({ reason: 'because', policy: 'keep' })).toMatchObject({ ok: false, error: { code: ErrorCode.InvalidInput, path: 'reason' } });
    expect(await attempt({ policy: 'transition' })).toMatchObject({ ok: false, error: { code: ErrorCode.InvalidInput, path: 'transitionPeriod' } });
    expect(await attempt({ policy: 'transition', transitionPeriod: '30 days' })).toMatchObject({ ok: false, error: { path: 'transitionPeriod' } });
    expect(await attempt({ policy: 'keep', transitionPeriod: 'P30D' })).toMatchObject({ ok: false, error: { path: 'transitionPeriod' } });

    clock = new Date('2027-01-15T08:00:00.000Z');
    const published = await attempt({ policy: 'transition', transitionPeriod: 'P30D' });
    expect(published).toMatchObject({ ok: true, value: { ruleSet: { id: `${KEY}@3` }, transition: { policy: 'transition', effectiveAt: new Date('2027-02-14T08:00:00.000Z') } } });
    // Publishing closed the review opened with @2 and opened one for @3.
    const reviews = await db.prisma.ruleSetReview.findMany({ where: { ruleSetKey: KEY }, orderBy: { dueOn: 'asc' } });
    expect(reviews).toEqual([
      expect.objectContaining({ outcome: 'superseded', notes: `Superseded by ${KEY}@2: ${REASON}` }),
      expect.objectContaining({ reviewedOn: clock, reviewer: 'ari', outcome: 'superseded', notes: `Superseded by ${KEY}@3: ${REASON}` }),
      expect.objectContaining({ dueOn: new Date('2028-01-15T08:00:00.000Z'), reviewedOn: null }),
    ]);
  });

  it('publishes one of two concurrent drafts of the same version and refuses the other', async () => {
    const first = await saveDraft(withTenure(10, 4));
    const second = await saveDraft(withTenure(11, 4));
    const results = await Promise.all(
      [first, second].map(({ draft }) => service.publish({ draftId: draft.id, reason: REASON, policy: 'keep', publishedBy: 'ari' })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, error: { path: '$.version' } });
    expect(await db.prisma.ruleSet.count({ where: { key: KEY } })).toBe(4);
  });
});

describe('periodic review', () => {
  it('lists rule sets never scheduled for review and those due soon', async () => {
    // A rule set published before periodic reviews existed has no review row at all.
    await db.prisma.ruleSetReview.deleteMany({ where: { ruleSetKey: RECERT_KEY } });
    clock = new Date('2027-02-01T00:00:00.000Z');
    const due = await service.dueReviews({ programId: PROGRAM });
    expect(due).toEqual([{ ruleSetKey: RECERT_KEY, ruleSetId: `${RECERT_KEY}@1`, programId: PROGRAM, dueOn: null, reviewId: null, overdue: true }]);
    const withinAYear = await service.dueReviews({ within: 'P1Y', programId: PROGRAM });
    expect(withinAYear.map((r) => [r.ruleSetId, r.dueOn])).toEqual([
      [`${RECERT_KEY}@1`, null],
      [`${KEY}@4`, expect.stringMatching(/^2028-01-/)],
    ]);
  });

  it('records a review outcome and schedules the next one', async () => {
    clock = new Date('2027-02-03T09:00:00.000Z');
    const recorded = await service.recordReview({ ruleSetKey: RECERT_KEY, outcome: 'confirmed', notes: 'Still fits the catalogue.', reviewer: 'ines' });
    expect(recorded).toMatchObject({
      ok: true,
      value: {
        review: { ruleSetKey: RECERT_KEY, reviewedOn: clock, reviewer: 'ines', outcome: 'confirmed', notes: 'Still fits the catalogue.' },
        nextReview: { ruleSetKey: RECERT_KEY, dueOn: new Date('2028-02-03T09:00:00.000Z'), reviewedOn: null },
      },
    });
    expect((await db.prisma.ruleSet.findUniqueOrThrow({ where: { id: `${RECERT_KEY}@1` } })).reviewDueOn).toEqual(new Date('2028-02-03T09:00:00.000Z'));
    expect(await service.dueReviews()).toEqual([]);

    const revision = await service.recordReview({ ruleSetKey: RECERT_KEY, outcome: 'revision_needed', notes: 'Add the new courses.', reviewer: 'ines' });
    expect(revision).toMatchObject({ ok: true, value: { nextReview: { dueOn: new Date('2027-05-03T09:00:00.000Z') } } });
    expect(await service.recordReview({ ruleSetKey: RECERT_KEY, outcome: 'superseded', notes: '', reviewer: 'ines' })).toMatchObject({
      ok: false,
      error: { code: ErrorCode.InvalidInput, path: 'outcome' },
    });
    expect(await service.recordReview({ ruleSetKey: 'nope', outcome: 'confirmed', notes: '', reviewer: 'ines' })).toMatchObject({
      ok: false,
      error: { code: ErrorCode.NotFound },
    });
  });

  it("reviews a pathway's rubric on the same cycle, under rubric:<pathwayId>", async () => {
    clock = new Date('2027-03-01T09:00:00.000Z');
    const open = await db.prisma.ruleSetReview.findFirstOrThrow({ where: { ruleSetKey: 'rubric:cap-portfolio', reviewedOn: null } });
    expect(open.dueOn.getTime()).toBeGreaterThan(Date.now());
    const recorded = await service.recordReview({ ruleSetKey: 'rubric:cap-portfolio', outcome: 'confirmed', notes: 'Thresholds still right.', reviewer: 'ines' });
    expect(recorded).toMatchObject({ ok: true, value: { review: { id: open.id, outcome: 'confirmed' }, nextReview: { ruleSetKey: 'rubric:cap-portfolio', reviewedOn: null } } });
    expect(await service.recordReview({ ruleSetKey: 'rubric:no-such-pathway', outcome: 'confirmed', notes: '', reviewer: 'ines' })).toMatchObject({
      ok: false,
      error: { code: ErrorCode.NotFound },
    });
  });
});
