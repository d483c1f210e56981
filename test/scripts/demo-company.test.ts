import { describe, expect, it } from 'vitest';
import { COMPANY_EMAIL_DOMAIN, companyRoster } from '../../demo/company/roster.js';
import { FINAL_STAGES, HOLDING_STAGES, type JourneyStage } from '../../domain/journey.js';
import { createDemoHistory, hasDemoCompany } from '../../scripts/demo-company/history.js';
import { reconcileJourneys } from '../../services/reconcile.js';
import { getJourneyQuery } from '../../workflows/journey/messages.js';
import { useTestApp } from '../harness/fixture.js';
import { waitForStage } from '../harness/journey-driver.js';

// The demo company `npm run dev` makes on a new database (scripts/demo-company/), in a short version: its
// HR export imported, then half a year of a dozen candidates' journeys run by the real workflows on the
// time-skipping server whose clock starts in the past, and the credential holders carried on to a real
// Temporal server. The demo itself is the same code over a year with about a hundred candidates.

const { env, app } = useTestApp({ temporal: 'dev-server' });
const DAY = 86_400_000;

describe('the demo company and its history', () => {
  it('is the same company on every machine, with the roles a panel draw needs', () => {
    const [first, second] = [companyRoster(), companyRoster()];
    expect(first).toEqual(second);
    expect(first.length).toBeGreaterThanOrEqual(200);
    expect(new Set(first.map((p) => p.email)).size).toBe(first.length);
    const assessorDepartments = new Set(first.filter((p) => p.roles.includes('assessor')).map((p) => p.department));
    expect(assessorDepartments.size).toBeGreaterThanOrEqual(4);
    expect(first.filter((p) => p.managerEmail === null).every((p) => /Head|VP|CISO|CFO|COO/.test(p.title))).toBe(true);
  });

  it('imports the company, runs its journeys in simulated time and hands the holders to the real server', async () => {
    const end = new Date();
    const { prisma } = app.db;
    expect(await hasDemoCompany(prisma)).toBe(false);
    const lines: string[] = [];
    const summary = await createDemoHistory({
      prisma,
      config: app.config,
      end,
      handOver: { client: env.client, taskQueue: app.taskQueue },
      log: (line) => lines.push(line),
      scale: { days: 200, candidates: 12 },
    });
    expect(await hasDemoCompany(prisma)).toBe(true);

    // The people came through the CSV import, each with a versioned, audited record.
    expect(summary.people).toBe(companyRoster().length);
    expect(await prisma.person.count({ where: { email: { endsWith: `@${COMPANY_EMAIL_DOMAIN}` } } })).toBe(summary.people);
    expect((await prisma.importRun.findMany({ select: { fileName: true } })).map((r) => r.fileName).sort()).toEqual([
      'northwind-certifications.csv',
      'northwind-hris-export.csv',
      'northwind-lms-completions.csv',
    ]);
    const imported = await prisma.person.findMany({ where: { email: { endsWith: `@${COMPANY_EMAIL_DOMAIN}` } }, select: { id: true } });
    expect(await prisma.personAudit.count({ where: { personId: { in: imported.map((p) => p.id) } } })).toBeGreaterThanOrEqual(summary.people);

    // Journeys lived in the past: every event between the history's start and its end, written by activities.
    expect(summary.journeys).toBe(12);
    const all = await prisma.journey.findMany({ where: { candidate: { email: { endsWith: `@${COMPANY_EMAIL_DOMAIN}` } } }, select: { id: true, stage: true, enrolledAt: true } });
    const journeys = all.filter((j) => j.enrolledAt < end);
    const today = all.filter((j) => j.enrolledAt >= end);
    expect(journeys).toHaveLength(12);
    expect(today).toHaveLength(summary.enrolledToday);
    expect(summary.enrolledToday).toBe(10);
    const start = end.getTime() - 200 * DAY - DAY;
    for (const journey of journeys) {
      expect(journey.enrolledAt.getTime()).toBeGreaterThan(start);
      expect(journey.enrolledAt.getTime()).toBeLessThan(end.getTime() - 100 * DAY);
      expect([...FINAL_STAGES, ...HOLDING_STAGES]).toContain(journey.stage as JourneyStage);
    }
    const events = await prisma.journeyEvent.findMany({ where: { journeyId: { in: journeys.map((j) => j.id) } }, select: { journeyId: true, seq: true, at: true } });
    expect(events.every((e) => e.at.getTime() > start && e.at.getTime() <= end.getTime())).toBe(true);
    const seqs = events.map((e) => `${e.journeyId}#${e.seq}`);
    expect(new Set(seqs).size).toBe(seqs.length);
    const assessments = await prisma.assessment.count({ where: { journeyId: { in: journeys.map((j) => j.id) } } });
    expect(assessments).toBeGreaterThan(0);
    expect(summary.actions).toBeGreaterThan(30);
    // What the dev server's schedules would have done: surveys sent and answered, quarterly reports made.
    expect(await prisma.surveyResponse.count()).toBeGreaterThan(0);
    expect(await prisma.programReport.count({ where: { programId: 'cloud-architecture-practitioner' } })).toBeGreaterThanOrEqual(2);

    // Holders go on under the real server: their workflow answers there with the state the history left.
    const holders = journeys.filter((j) => HOLDING_STAGES.includes(j.stage as JourneyStage));
    expect(summary.handedOver).toBe(holders.length);
    expect(holders.length).toBeGreaterThan(0);
    await app.withWorker(async () => {
      for (const holder of holders) {
        const state = await env.client.workflow.getHandle(holder.id).query(getJourneyQuery);
        expect(state.stage).toBe(holder.stage);
        expect(Date.parse(state.credential!.expiresAt)).toBeGreaterThan(end.getTime());
      }
      // Today's enrolments go on under the real worker: eligibility, then the manager's approval.
      for (const journey of today) await waitForStage(env.client, journey.id, ['awaiting_manager_approval', 'ineligible']);
      // The read model and the workflows agree: nothing lost or left behind by the move.
      const report = await reconcileJourneys({ prisma, client: env.client, repair: false });
      expect(report.unreachable.filter((u) => holders.some((h) => h.id === u.journeyId))).toEqual([]);
      expect(report.drifts.filter((d) => holders.some((h) => h.id === d.journeyId))).toEqual([]);
    });
  }, 600_000);
});
