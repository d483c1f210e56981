
import { beforeEach, describe, expect, it } from 'vitest';
import { addIsoDuration } from '../../domain/duration.js';
import type { Prisma } from '../../prisma/client.js';
import { applyRuleChangeUpdate, getJourneyQuery } from '../../workflows/journey/messages.js';
import { useTestApp } from '../harness/fixture.js';
import { approvalLinkFor, clickApproval, enroll, waitForStage } from '../harness/journey-driver.js';

// A rule change published while a journey is midway, under each transition policy. The journey is
// told, keeps its time, and its history shows which version applied when.

const V1 = 'cloud-architecture-practitioner.eligibility@1';

const { env, app } = useTestApp({ temporal: 'time-skipping', per: 'test' });
beforeEach(async () => {
  const published = await app.db.prisma.ruleSet.findUniqueOrThrow({ where: { id: V1 } });
  for (const version of [2, 3]) {
    const definition = { ...(published.definition as Record<string, unknown>), version };
    await app.db.prisma.ruleSet.create({
      data: { ...published, id: `${published.key}@${version}`, version, definition: definition as Prisma.InputJsonValue, reason: `version ${version}` },
    });
  }
});


const change = (policy: 'keep' | 'transition' | 'immediate', from: string, to: string, effectiveAt: string) => ({
  previousRuleSetId: from,
  ruleSetId: to,
  policy,
  effectiveAt,
  publishedBy: 'ari',
  reason: 'The prerequisite course was renamed.',
});

describe('rule changes for journeys in flight', () => {
  it('keeps, transitions after notice with deadlines adjusted, and moves immediately, each recorded', async () => {
    await app.withWorker(async () => {
      const { journeyId } = await enroll(app, 'alex');
      await waitForStage(env.client, journeyId, 'awaiting_manager_approval');
      await clickApproval(await approvalLinkFor(app, 'maya@example.com'), 'approve');
      const before = await waitForStage(env.client, journeyId, 'awaiting_submission');
      const handle = env.client.workflow.getHandle(journeyId);
      const submissionDue = before.deadlines!.submission!;

      // keep: the journey stays on version 1.
      await handle.executeUpdate(applyRuleChangeUpdate, { args: [change('keep', V1, `${V1.slice(0, -2)}@2`, before.enrolledAt)] });
      expect((await handle.query(getJourneyQuery)).ruleSetId).toBe(V1);

      // A change for a version the journey does not follow is refused.
      await expect(handle.executeUpdate(applyRuleChangeUpdate, { args: [change('immediate', 'other@1', 'other@2', before.enrolledAt)] })).rejects.toThrow();

      // transition: effective five days before the evidence is due, so the deadline moves out.
      const effectiveAt = addIsoDuration(submissionDue, 'P5D', -1);
      await handle.executeUpdate(applyRuleChangeUpdate, { args: [change('transition', V1, `${V1.slice(0, -2)}@2`, effectiveAt)] });
      const notice = await app.smtp.waitFor((m) => m.to.includes('alex@example.com') && /requirements change/.test(m.subject), 20_000);
      expect(notice.text).toMatch(/deadline has been adjusted/);
      expect((await handle.query(getJourneyQuery)).ruleSetId).toBe(V1);

      await env.sleep(Date.parse(effectiveAt) - Date.parse(before.enrolledAt) + 60_000);
      const after = await handle.query(getJourneyQuery);
      expect(after.ruleSetId).toBe(`${V1.slice(0, -2)}@2`);
      expect(after.stage).toBe('awaiting_submission');
      expect(after.deadlines!.submission).toBe(addIsoDuration(effectiveAt, 'P14D'));

      // immediate: straight to version 3.
      await handle.executeUpdate(applyRuleChangeUpdate, { args: [change('immediate', `${V1.slice(0, -2)}@2`, `${V1.slice(0, -2)}@3`, after.enrolledAt)] });
      expect((await handle.query(getJourneyQuery)).ruleSetId).toBe(`${V1.slice(0, -2)}@3`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    });

    const events = await app.db.prisma.journeyEvent.findMany({
      where: { journeyId: 'journey:cloud-architecture-practitioner:alex', type: { startsWith: 'rule_' } },
      orderBy: [{ at: 'asc' }, { seq: 'asc' }],
    });
    expect(events.map((e) => [e.type, (e.data as { policy: string }).policy])).toEqual([
      ['rule_change_kept', 'keep'],
      ['rule_change_scheduled', 'transition'],
      ['rule_version_changed', 'transition'],
      ['rule_version_changed', 'immediate'],
    ]);
    // Every later event carries the version in force when it happened.
    const last = await app.db.prisma.journeyEvent.findFirstOrThrow({ where: { journeyId: 'journey:cloud-architecture-practitioner:alex' }, orderBy: { seq: 'desc' } });
    expect(last.ruleSetId).toBe(`${V1.slice(0, -2)}@3`);
  });
});
