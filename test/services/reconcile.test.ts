
import { describe, expect, it } from 'vitest';
import { reconcileJourneys } from '../../services/reconcile.js';
import { useTestApp } from '../harness/fixture.js';
import { approvalLinkFor, enroll, waitForStage } from '../harness/journey-driver.js';


const { env, app } = useTestApp({ temporal: 'dev-server' });


describe('reconciliation of the read model with the workflows', () => {
  it('reports drift, repairs it with an audit event, and finds nothing afterwards', async () => {
    // Queries are answered by a worker, so reconciliation runs while one polls.
    await app.withWorker(async () => {
      const { journeyId } = await enroll(app, 'alex');
      await waitForStage(env.client, journeyId, 'awaiting_manager_approval');
      // The approval email goes out after the read model has caught up, so nothing overwrites the drift below.
      await approvalLinkFor(app, 'maya@example.com');
    // A lost write: the read model says something the workflow never did.
    await app.db.prisma.journey.update({ where: { id: journeyId }, data: { stage: 'awaiting_submission', cycle: 7 } });

    const found = await reconcileJourneys({ prisma: app.db.prisma, client: env.client, repair: false });
    expect(found.drifts).toEqual(
      expect.arrayContaining([
        { journeyId, field: 'stage', readModel: 'awaiting_submission', workflow: 'awaiting_manager_approval' },
        { journeyId, field: 'cycle', readModel: 7, workflow: 1 },
      ]),
    );
    expect(found.repaired).toBe(0);

    const repaired = await reconcileJourneys({ prisma: app.db.prisma, client: env.client, repair: true });
    expect(repaired.repaired).toBe(1);
    expect(await app.db.prisma.journey.findUniqueOrThrow({ where: { id: journeyId } })).toMatchObject({ stage: 'awaiting_manager_approval', cycle: 1 });
    expect(await app.db.prisma.journeyEvent.count({ where: { journeyId, type: 'read_model_reconciled' } })).toBe(1);

    const after = await reconcileJourneys({ prisma: app.db.prisma, client: env.client, repair: false });
    expect(after.drifts).toEqual([]);
    });
  });
});
