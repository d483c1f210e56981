
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../harness/fixture.js';
import { approvalLinkFor, clickApproval, enroll, scoreByPanel, submitReport, waitForStage } from '../harness/journey-driver.js';

// A journey outlives its worker: the worker stops while the journey waits for the manager, a new
// worker takes over, and nothing is lost or done twice.


const { env, app } = useTestApp({ temporal: 'dev-server' });


describe('durability across a worker restart', () => {
  it('completes the journey on a new worker with one email, one approval and one credential', async () => {
    const first = await app.startWorker();
    const firstRun = first.run();
    const { journeyId } = await enroll(app, 'jordan');
    await waitForStage(env.client, journeyId, 'awaiting_manager_approval');
    const link = await approvalLinkFor(app, 'maya@example.com');
    first.shutdown();
    await firstRun;

    // The manager clicks while no worker runs: the decision waits in Temporal for the next worker.
    const click = clickApproval(link, 'approve');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await app.withWorker(async () => {
      expect((await click).postStatus).toBe(200);
      await waitForStage(env.client, journeyId, 'awaiting_submission');
      await submitReport(app, 'jordan', journeyId);
      await scoreByPanel(app, env.client, journeyId, [3, 3, 3, 3]);
      await waitForStage(env.client, journeyId, 'certified');
      // The credential email follows the stage change.
      await app.smtp.waitFor((m) => m.to.includes('jordan@example.com') && /credential/i.test(m.subject), 20_000);
    });

    const toMaya = app.smtp.messages().filter((m) => m.to.includes('maya@example.com'));
    expect(toMaya).toHaveLength(1);
    const toJordan = app.smtp.messages().filter((m) => m.to.includes('jordan@example.com'));
    expect(toJordan.map((m) => m.subject)).toHaveLength(2);
    expect(new Set(app.smtp.messages().map((m) => m.messageId)).size).toBe(app.smtp.messages().length);
    expect(await app.db.prisma.approval.count({ where: { journeyId } })).toBe(1);
    expect(await app.db.prisma.journeyEvent.count({ where: { journeyId, type: 'manager_approved' } })).toBe(1);
    expect(await app.db.prisma.credential.count({ where: { journeyId } })).toBe(1);
  });
});
