
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../harness/fixture.js';


const { env, app } = useTestApp({ temporal: 'dev-server' });


describe('rule-set review reminders', () => {
  it('reminds each serving committee member once per review due soon, never for distant or done reviews', async () => {
    const day = 86_400_000;
    await app.db.prisma.ruleSetReview.createMany({
      data: [
        { id: 'due-soon', ruleSetKey: 'cloud-architecture-practitioner.eligibility', dueOn: new Date(Date.now() + 10 * day) },
        { id: 'far-off', ruleSetKey: 'cloud-architecture-practitioner.recertification', dueOn: new Date(Date.now() + 200 * day) },
        { id: 'done', ruleSetKey: 'old.rules', dueOn: new Date(Date.now() - day), reviewedOn: new Date() },
      ],
    });
    const serving = await app.db.prisma.committeeTerm.findMany({
      where: { startsOn: { lte: new Date() }, endsOn: { gt: new Date() } },
      select: { personId: true },
      distinct: ['personId'],
    });
    expect(serving.length).toBeGreaterThan(0);

    await app.withWorker(async () => {
      for (const run of [1, 2]) {
        await env.client.workflow.execute('ruleReviewRemindersWorkflow', {
          workflowId: `rule-review-reminders-test-${run}`,
          taskQueue: app.taskQueue,
          args: [{ version: 1, withinDays: 30 }],
        });
      }
    });
    const reminders = app.smtp.messages().filter((m) => /Rule review due/.test(m.subject));
    expect(reminders).toHaveLength(serving.length);
    expect(reminders.every((m) => m.subject.includes('cloud-architecture-practitioner.eligibility'))).toBe(true);
  });
});
