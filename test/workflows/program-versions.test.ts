import { describe, expect, it } from 'vitest';
import { DEMO_PROGRAM_FILES, readDemoProgram } from '../../demo/program.js';
import { journeyWorkflowId, programVersionWorkflowId } from '../../domain/workflow-ids.js';
import type { ProgramDocument } from '../../programs/document.js';
import { createJourneyService } from '../../services/journeys.js';
import { createProgramService } from '../../services/programs/service.js';
import { createRuleSetService } from '../../services/rule-sets.js';
import { getJourneyQuery } from '../../workflows/journey/messages.js';
import { useTestApp } from '../harness/fixture.js';
import { recordHistories } from '../harness/histories.js';
import { certifyCandidate, enrolAndApprove, submitRecertification, waitForEvent, waitForStage, waitForEmail } from '../harness/journey-driver.js';

// A program changes while people are midway. A journey in flight takes each changed area at the date its
// policy sets (evidence formats now, the rubric after the notice period), told by email first; a holder
// takes the new re-certification terms, and re-certification rules published after certifying, when
// the next re-certification window opens. Publication needs a second person. Time-skipping server.

const { env, app } = useTestApp({ temporal: 'time-skipping', per: 'test' });

const DAY = 86_400_000;
const PROGRAM = 'cloud-architecture-practitioner';
const REASON = 'Threat modelling is now expected at proficient level or above.';

function services() {
  const journeys = createJourneyService({ prisma: app.db.prisma, client: env.client, taskQueue: app.taskQueue });
  return { programs: createProgramService({ prisma: app.db.prisma, journeys }), ruleSets: createRuleSetService({ prisma: app.db.prisma, journeys }) };
}

/** Version 2 of the demo program, changed by `edit`. */
function nextVersion(edit: (document: ProgramDocument) => void): ProgramDocument {
  const document = readDemoProgram(DEMO_PROGRAM_FILES[0]!);
  document.version = 2;
  edit(document);
  return document;
}

describe('a program version published while a journey is in flight', () => {
  it('reaches it area by area: evidence formats at once, the rubric after the notice period, timing kept; four eyes on publication', async () => {
    const { programs } = services();
    await app.withWorker(async () => {
      const before = await enrolAndApprove(app, env.client, 'alex');
      const journeyId = journeyWorkflowId(PROGRAM, 'alex');
      const v2 = nextVersion((d) => {
        d.rubrics[0]!.criteria.find((c) => c.key === 'security')!.threshold = 4;
        d.pathways.find((p) => p.id === 'cap-portfolio')!.evidenceFormats = ['written_report'];
        d.submission.deadline = 'P120D';
      });
      const draft = await programs.saveDraft({ document: v2, author: 'ines' });
      expect(draft).toMatchObject({ ok: true, value: { errors: [] } });

      const plan = await programs.plan({ versionId: `${PROGRAM}@2` });
      expect(plan.ok && plan.value.diff.areas).toEqual(['rubric', 'evidence', 'timing']);
      expect(plan.ok && plan.value.impact.inFlight).toEqual([{ stage: 'awaiting_submission', count: 1 }]);

      // Every changed area needs a policy.
      const missing = await programs.requestPublication({ versionId: `${PROGRAM}@2`, requestedBy: 'ines', reason: REASON, policies: { rubric: 'transition', evidence: 'immediate' }, noticePeriod: 'P10D' });
      expect(missing).toMatchObject({ ok: false, error: { path: 'policies.timing' } });
      const requested = await programs.requestPublication({
        versionId: `${PROGRAM}@2`,
        requestedBy: 'ines',
        reason: REASON,
        policies: { rubric: 'transition', evidence: 'immediate', timing: 'keep' },
        noticePeriod: 'P10D',
      });
      expect(requested).toMatchObject({ ok: true, value: { version: { status: 'pending_approval' }, notices: null } });

      // The author cannot approve her own version; a second admin can.
      expect(await programs.approve({ versionId: `${PROGRAM}@2`, approver: { personId: 'ines', roles: ['program_owner', 'committee'] } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      const approved = await programs.approve({ versionId: `${PROGRAM}@2`, approver: { personId: 'ari', roles: ['admin'] } });
      expect(approved).toMatchObject({ ok: true, value: { version: { status: 'published', author: 'ines', requestedBy: 'ines', approvedBy: 'ari' }, notices: [{ journeyId, accepted: true }] } });

      const notice = await waitForEmail(app, 'alex@example.com', /changes: version 2/);
      expect(notice.text).toContain(REASON);
      expect(notice.text).toMatch(/the rubric your evidence is assessed against, from/);

      const handle = env.client.workflow.getHandle(journeyId);
      await waitForEvent(app, journeyId, 'program_version_applied');
      const soon = await handle.query(getJourneyQuery);
      expect(soon.context!.pathway.evidenceFormats).toEqual(['written_report']);
      expect(soon.context!.pathway.rubric.criteria.find((c) => c.key === 'security')!.threshold).toBe(3);
      expect(soon.context!.program.submissionDeadline).toBe('P90D');

      await env.sleep(11 * DAY);
      await waitForEvent(app, journeyId, 'program_version_applied', 2);
      const after = await handle.query(getJourneyQuery);
      expect(after.context!.pathway.rubric.criteria.find((c) => c.key === 'security')!.threshold).toBe(4);
      expect(after.context!.program.version).toBe(2);
      // Timing was kept: the evidence deadline did not move.
      expect(after.deadlines!.submission).toBe(before.deadlines!.submission);
      await recordHistories(env.client, journeyId, 'journey-v5-program-change-in-flight');
    });

    const events = await app.db.prisma.journeyEvent.findMany({ where: { journeyId: journeyWorkflowId(PROGRAM, 'alex'), type: { startsWith: 'program_' } }, orderBy: { seq: 'asc' } });
    expect(events.map((e) => [e.type, (e.data as { areas: { area: string }[] }).areas.map((a) => a.area)])).toEqual([
      ['program_change_scheduled', ['rubric', 'evidence']],
      ['program_version_applied', ['evidence']],
      ['program_version_applied', ['rubric']],
    ]);
    // New enrolments follow version 2 at once; both names and every step are kept with the version.
    const pathway = await app.db.prisma.pathway.findUniqueOrThrow({ where: { id: 'cap-portfolio' } });
    expect(pathway.evidenceFormats).toEqual(['written_report']);
    const audit = await app.db.prisma.programAudit.findMany({ where: { programId: PROGRAM, version: 2 }, orderBy: { at: 'asc' } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ['drafted', 'ines'],
      ['requested', 'ines'],
      ['approved', 'ari'],
      ['applied', 'certiflow'],
    ]);
  });
});

describe('a program version approved to take effect on a future date', () => {
  it('waits in a durable timer, then rewrites the program and tells the journeys in flight', async () => {
    const journeys = createJourneyService({ prisma: app.db.prisma, client: env.client, taskQueue: app.taskQueue });
    const programs = createProgramService({
      prisma: app.db.prisma,
      journeys,
      scheduleApplication: async (versionId, effectiveAt) => {
        await env.client.workflow.start('programVersionWorkflow', { workflowId: programVersionWorkflowId(versionId), taskQueue: app.taskQueue, args: [{ versionId, effectiveAt }] });
      },
    });
    await app.withWorker(async () => {
      await enrolAndApprove(app, env.client, 'alex');
      const journeyId = journeyWorkflowId(PROGRAM, 'alex');
      await programs.saveDraft({ document: nextVersion((d) => {
        d.pathways[0]!.evidenceRequirements.push('A one-page summary for the panel');
      }), author: 'ines' });
      const effectiveAt = new Date((await env.currentTimeMs()) + 10 * DAY).toISOString();
      expect(await programs.requestPublication({ versionId: `${PROGRAM}@2`, requestedBy: 'ines', reason: 'A summary helps the panel read long reports.', policies: {}, effectiveAt })).toMatchObject({ ok: true });
      const approved = await programs.approve({ versionId: `${PROGRAM}@2`, approver: { personId: 'ari', roles: ['admin'] } });
      expect(approved).toMatchObject({ ok: true, value: { version: { status: 'published', appliedAt: null }, notices: null } });
      const before = await app.db.prisma.pathway.findUniqueOrThrow({ where: { id: 'cap-portfolio' } });
      expect(before.evidenceRequirements).not.toContain('A one-page summary for the panel');

      await env.sleep(11 * DAY);
      const handle = env.client.workflow.getHandle(programVersionWorkflowId(`${PROGRAM}@2`));
      expect(await handle.result()).toEqual({ journeysTold: 0 });
      const after = await app.db.prisma.pathway.findUniqueOrThrow({ where: { id: 'cap-portfolio' } });
      expect(after.evidenceRequirements).toContain('A one-page summary for the panel');
      const version = await app.db.prisma.programVersion.findUniqueOrThrow({ where: { id: `${PROGRAM}@2` } });
      expect(version.appliedAt).not.toBeNull();
      // Only the description changed: no area reaches journeys in flight, so none was told anything.
      expect(version.results).toEqual([]);
      expect((await env.client.workflow.getHandle(journeyId).query(getJourneyQuery)).stage).toBe('awaiting_submission');
    });
  });
});

describe('a holder at the next re-certification window', () => {
  it('is checked against re-certification rules published after certifying, and takes the validity of the version noted for that window', async () => {
    const { programs, ruleSets } = services();
    await app.withWorker(async () => {
      const { journeyId, runId } = await certifyCandidate(app, env.client, 'alex');
      const held = await env.client.workflow.getHandle(journeyId, runId).query(getJourneyQuery);
      expect(held.context!.program.recertificationRuleSetId).toBe(`${PROGRAM}.recertification@1`);

      // New re-certification rules: one completed course is no longer enough on its own, a certification is.
      const v1 = await app.db.prisma.ruleSet.findUniqueOrThrow({ where: { id: `${PROGRAM}.recertification@1` } });
      const definition = { ...(v1.definition as Record<string, unknown>), version: 2, description: 'Re-certification asks for continued development, shown by a course or a certification since certifying.' };
      const saved = await ruleSets.saveDraft({ key: v1.key, programId: PROGRAM, kind: 'recertification', definition, author: 'ines' });
      if (!saved.ok) throw new Error(saved.error.message);
      expect(await ruleSets.publish({ draftId: saved.value.draft.id, reason: 'Aligned with the 2027 learning catalogue.', policy: 'keep', publishedBy: 'ari' })).toMatchObject({ ok: true });

      // Version 2 of the program: a three-year credential, for holders from their next window.
      await programs.saveDraft({ document: nextVersion((d) => {
        d.credential.validity = 'P3Y';
      }), author: 'ines' });
      await programs.requestPublication({ versionId: `${PROGRAM}@2`, requestedBy: 'ines', reason: 'Credentials now last three years.', policies: { recertification: 'immediate' } });
      const approved = await programs.approve({ versionId: `${PROGRAM}@2`, approver: { personId: 'ari', roles: ['admin'] } });
      expect(approved).toMatchObject({ ok: true, value: { notices: [{ journeyId, accepted: true }] } });
      const told = await waitForEmail(app, 'alex@example.com', /changes: version 2/);
      expect(told.text).toContain('apply from your next re-certification window');
      const waiting = await env.client.workflow.getHandle(journeyId).query(getJourneyQuery);
      expect(waiting.context!.program.validity).toBe('P2Y');

      const opensAt = Date.parse(held.deadlines!.recertificationWindow!);
      await env.sleep(opensAt - (await env.currentTimeMs()) + DAY);
      const due = await waitForStage(env.client, journeyId, 'recertification_due');
      expect(due.context!.program).toMatchObject({ recertificationRuleSetId: `${PROGRAM}.recertification@2`, validity: 'P3Y', version: 2 });

      expect(await submitRecertification(app, 'alex', journeyId)).toMatchObject({ __typename: 'MutationSubmitEvidenceSuccess' });
      const [met] = await waitForEvent(app, journeyId, 'recertification_requirements_met');
      expect((met!.data as { ruleSetId: string }).ruleSetId).toBe(`${PROGRAM}.recertification@2`);
      await recordHistories(env.client, journeyId, 'journey-v5-recertification-terms');
    });
  });
});
