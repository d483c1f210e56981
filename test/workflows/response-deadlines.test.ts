import { describe, expect, it } from 'vitest';
import { DEMO_PROGRAM_FILES, readDemoProgram } from '../../demo/program.js';
import { journeyWorkflowId } from '../../domain/workflow-ids.js';
import { createJourneyService } from '../../services/journeys.js';
import { createProgramService } from '../../services/programs/service.js';
import type { JourneyOutcome } from '../../workflows/journey/types.js';
import { useTestApp } from '../harness/fixture.js';
import { recordHistories } from '../harness/histories.js';
import {
  act,
  approvalLinkFor,
  clickApproval,
  enrolAndApprove,
  enroll,
  readModelCaughtUp,
  score,
  submitReport,
  waitForEmail,
  waitForEvent,
  waitForStage,
  waitForState,
} from '../harness/journey-driver.js';

// A deadline for everyone a journey waits on (patches response-deadlines, approval-escalation,
// mentor-retry), under the time-skipping test server: a panel member who never scores is reminded and then
// replaced, one who declares a conflict is replaced at once, a silent moderator and a silent appeal reviewer
// are replaced after their 7 days, an approval a manager ignores goes to the next
// manager up, and a journey without a free mentor alerts HR and finds one later. Nothing is decided twice.

const { env, app } = useTestApp({ temporal: 'time-skipping', per: 'test' });

const id = (personId: string) => journeyWorkflowId('cloud-architecture-practitioner', personId);
const subjectsTo = (personId: string) => app.smtp.messages().filter((m) => m.to.includes(`${personId}@example.com`)).map((m) => m.subject);
const departmentOf = async (personId: string) => (await app.db.prisma.person.findUniqueOrThrow({ where: { id: personId } })).department;
const FAIL: [number, number, number, number] = [3, 2, 3, 3];
const PASS: [number, number, number, number] = [4, 3, 3, 3];

/** The journey with its panel drawn and on the read model, so its members may act. */
async function atAssessment(candidate: string) {
  const journeyId = id(candidate);
  await enrolAndApprove(app, env.client, candidate);
  await submitReport(app, candidate, journeyId);
  const state = await waitForStage(env.client, journeyId, 'awaiting_assessment');
  await readModelCaughtUp(app, state);
  return { journeyId, panel: state.panel!.map((m) => m.id) };
}

/** Version 2 of the demo program, asking for anonymised assessment, published the way an admin would (four eyes). */
async function publishAnonymised() {
  const journeys = createJourneyService({ prisma: app.db.prisma, client: env.client, taskQueue: app.taskQueue });
  const programs = createProgramService({ prisma: app.db.prisma, journeys });
  const document = readDemoProgram(DEMO_PROGRAM_FILES[0]!);
  const versionId = `${document.id}@2`;
  expect(await programs.saveDraft({ document: { ...document, version: 2, panel: { ...document.panel, anonymised: true } }, author: 'ines' })).toMatchObject({ ok: true });
  const plan = await programs.plan({ versionId });
  const policies = Object.fromEntries((plan.ok ? plan.value.diff.areas : []).map((area) => [area, 'keep' as const]));
  expect(await programs.requestPublication({ versionId, requestedBy: 'ines', reason: 'Written work is assessed anonymously from now on.', policies })).toMatchObject({ ok: true });
  expect(await programs.approve({ versionId, approver: { personId: 'ari', roles: ['admin'] } })).toMatchObject({ ok: true, value: { version: { status: 'published' } } });
}

describe('deadlines for everyone in the loop', () => {
  it('reminds a panel member who has not scored 3 days before the 14 days are up, then replaces them; their late score is refused', async () => {
    const journeyId = id('alex');
    const { panel, replacement } = await app.withWorker(async () => {
      const { panel } = await atAssessment('alex');
      const [first, second, silent] = panel as [string, string, string];
      for (const member of [first, second]) expect(await score(app, member, journeyId, FAIL)).toMatchObject({ data: { scoreSubmission: { __typename: 'MutationScoreSubmissionSuccess' } } });

      await env.sleep('11 days');
      const [reminded] = await waitForEvent(app, journeyId, 'response_reminder_sent');
      expect(reminded!.data).toMatchObject({ task: 'scoring', personIds: [silent] });
      await waitForEmail(app, `${silent}@example.com`, /^Reminder: /);
      expect(subjectsTo(first).filter((s) => s.startsWith('Reminder'))).toEqual([]);

      await env.sleep('3 days');
      const [replaced] = await waitForEvent(app, journeyId, 'responder_replaced');
      const replacement = (replaced!.data as { to: string }).to;
      expect(replaced!.data).toMatchObject({ task: 'scoring', from: silent, reason: 'overdue' });
      expect([...panel, 'alex', 'maya', 'omar']).not.toContain(replacement);
      // The same diversity rule as the first draw: the newcomer's department is not one already on the panel.
      const seated = await Promise.all([first, second].map(departmentOf));
      expect(seated).not.toContain(await departmentOf(replacement));
      await waitForEmail(app, `${silent}@example.com`, /You have been released/);
      await waitForEmail(app, `${replacement}@example.com`, /assess|Assessment/);
      const row = await app.db.prisma.journey.findUniqueOrThrow({ where: { id: journeyId } });
      expect(row.panel).toEqual([first, second, replacement]);

      // Too late for the one released, who is no longer a party (told it does not exist, as for a missing
      // journey); the newcomer scores, and the decision counts each sheet once.
      expect(await score(app, silent, journeyId, PASS)).toMatchObject({ data: { scoreSubmission: { code: 'NOT_FOUND' } } });
      expect(await score(app, replacement, journeyId, FAIL)).toMatchObject({ data: { scoreSubmission: { __typename: 'MutationScoreSubmissionSuccess' } } });
      await waitForStage(env.client, journeyId, 'appeal_window');
      expect(await act(app, 'alex', 'withdrawJourney', { journeyId, reason: 'Changing teams; will enrol again next year.' })).toMatchObject({ __typename: 'MutationWithdrawJourneySuccess' });
      expect(((await env.client.workflow.getHandle(journeyId).result()) as JourneyOutcome).stage).toBe('withdrawn');
      await recordHistories(env.client, journeyId, 'journey-v9-panel-member-replaced');
      return { panel, replacement };
    });
    const sheets = await app.db.prisma.panelScore.findMany({ where: { journeyId } });
    expect(sheets.map((s) => s.assessorId).sort()).toEqual([panel[0]!, panel[1]!, replacement].sort());
    const assessment = await app.db.prisma.assessment.findFirstOrThrow({ where: { journeyId } });
    expect(assessment.panel).toEqual([panel[0], panel[1], replacement]);
    expect(await app.db.prisma.assessment.count({ where: { journeyId } })).toBe(1);
  });

  it("an anonymised assessment's panel acts by an alias, and its reminder and release name neither the candidate nor the journey", async () => {
    await publishAnonymised();
    const journeyId = id('alex');
    const alex = await app.db.prisma.person.findUniqueOrThrow({ where: { id: 'alex' } });
    /** Nothing in the message leads to Alex: not the name, the email, nor the journey id that embeds the person id. */
    const anonymous = (message: { subject: string; text: string }) => {
      for (const clue of [alex.name, alex.email!, journeyId]) expect(`${message.subject}\n${message.text}`).not.toContain(clue);
    };
    await app.withWorker(async () => {
      const { panel } = await atAssessment('alex');
      const [first, second, silent] = panel as [string, string, string];
      anonymous(await waitForEmail(app, `${first}@example.com`, /Panel assessment requested/));
      // The panel knows the journey by an alias only: the real id answers as a missing journey would.
      const listed = await app.graphql<{ panelJourneys: { id: string; candidate: { name: string } }[] }>(first, '{ panelJourneys { id candidate { name } } }');
      const [seen] = listed.data!.panelJourneys;
      expect(seen!.id).toMatch(/^anonymous-journey:/);
      expect(seen!.candidate.name).not.toBe(alex.name);
      expect((await app.graphql<{ journey: unknown }>(first, 'query($id: ID!) { journey(id: $id) { id } }', { id: journeyId })).data!.journey).toBeNull();
      expect(await score(app, first, journeyId, FAIL)).toMatchObject({ data: { scoreSubmission: { code: 'NOT_FOUND' } } });
      for (const member of [first, second]) expect(await score(app, member, seen!.id, FAIL)).toMatchObject({ data: { scoreSubmission: { __typename: 'MutationScoreSubmissionSuccess' } } });
      // The alias is the panel's own: the candidate, who knows the journey by its id, cannot use it.
      expect((await app.graphql<{ journey: unknown }>('alex', 'query($id: ID!) { journey(id: $id) { id } }', { id: seen!.id })).data!.journey).toBeNull();

      await env.sleep('11 days');
      await waitForEvent(app, journeyId, 'response_reminder_sent');
      anonymous(await waitForEmail(app, `${silent}@example.com`, /^Reminder: /));
      await env.sleep('3 days');
      await waitForEvent(app, journeyId, 'responder_replaced');
      anonymous(await waitForEmail(app, `${silent}@example.com`, /You have been released/));
      expect(await act(app, 'alex', 'withdrawJourney', { journeyId, reason: 'Changing teams; will enrol again next year.' })).toMatchObject({ __typename: 'MutationWithdrawJourneySuccess' });
      expect(((await env.client.workflow.getHandle(journeyId).result()) as JourneyOutcome).stage).toBe('withdrawn');
      await recordHistories(env.client, journeyId, 'journey-v11-anonymised-panel-reminded');
    });
  });

  it('replaces at once an assessor who declares a conflict mid-round; the scores already given stay as they were', async () => {
    const journeyId = id('jordan');
    await app.withWorker(async () => {
      const { panel } = await atAssessment('jordan');
      const [scored, conflicted, third] = panel as [string, string, string];
      expect(await score(app, scored, journeyId, PASS)).toMatchObject({ data: { scoreSubmission: { __typename: 'MutationScoreSubmissionSuccess' } } });
      const explanation = 'Jordan and I co-founded a side project; I cannot judge this fairly.';
      expect(await act(app, conflicted, 'declareConflict', { journeyId, explanation: 'no' })).toMatchObject({ code: 'INVALID_INPUT' });
      expect(await act(app, scored, 'declareConflict', { journeyId, explanation })).toMatchObject({ code: 'NOT_ALLOWED_IN_STAGE' });
      expect(await act(app, 'jordan', 'declareConflict', { journeyId, explanation })).toMatchObject({ code: 'FORBIDDEN' });
      expect(await act(app, conflicted, 'declareConflict', { journeyId, explanation })).toMatchObject({ __typename: 'MutationDeclareConflictSuccess' });

      const [replaced] = await waitForEvent(app, journeyId, 'responder_replaced');
      expect(replaced!.data).toMatchObject({ task: 'scoring', from: conflicted, reason: 'conflict', explanation });
      const newcomer = (replaced!.data as { to: string }).to;
      expect(panel).not.toContain(newcomer);
      const state = await waitForState(env.client, journeyId, (s) => s.panel?.some((m) => m.id === newcomer) ?? false, 'the newcomer on the panel');
      await readModelCaughtUp(app, state);
      expect(await score(app, conflicted, journeyId, PASS)).toMatchObject({ data: { scoreSubmission: { code: 'NOT_FOUND' } } });
      for (const member of [newcomer, third]) expect(await score(app, member, journeyId, PASS)).toMatchObject({ data: { scoreSubmission: { __typename: 'MutationScoreSubmissionSuccess' } } });
      await waitForEvent(app, journeyId, 'credential_issued');
      const sheets = await app.db.prisma.panelScore.findMany({ where: { journeyId }, orderBy: { submittedAt: 'asc' } });
      expect(sheets.map((s) => s.assessorId).sort()).toEqual([scored, newcomer, third].sort());
      // The first sheet is the one given before the conflict, untouched by the change of panel.
      const first = sheets.find((s) => s.assessorId === scored)!;
      expect(first.submittedAt.getTime()).toBeLessThan(Date.parse(replaced!.at.toISOString()));
    });
  });

  it('replaces a moderator and then an appeal reviewer whose 7 days ran out; each decision is made once, by the people asked last', async () => {
    const journeyId = id('jordan');
    await app.withWorker(async () => {
      const { panel } = await atAssessment('jordan');
      // Security scored 4 and 2: beyond the spread of 1, so a committee member moderates.
      const levels: [number, number, number, number][] = [[3, 4, 3, 3], [3, 2, 3, 3], [3, 3, 3, 3]];
      for (const [i, member] of panel.entries()) expect(await score(app, member, journeyId, levels[i]!)).toMatchObject({ data: { scoreSubmission: { __typename: 'MutationScoreSubmissionSuccess' } } });
      const moderation = await waitForStage(env.client, journeyId, 'in_moderation');
      const silentModerator = moderation.moderatorId!;
      await env.sleep('8 days');
      const [replaced] = await waitForEvent(app, journeyId, 'responder_replaced');
      expect(replaced!.data).toMatchObject({ task: 'moderation', from: silentModerator, reason: 'overdue' });
      const moderator = (replaced!.data as { to: string }).to;
      expect([silentModerator, ...panel, 'jordan', 'maya', 'omar']).not.toContain(moderator);
      const requests = await waitForEvent(app, journeyId, 'moderation_requested', 2);
      expect(requests.map((e) => (e.data as { moderatorId: string }).moderatorId)).toEqual([silentModerator, moderator]);
      const verdict = { journeyId, scores: [3, 2, 3, 3].map((level, i) => ({ criterion: ['architecture-design', 'security', 'cost-optimisation', 'communication'][i], level })), rationale: 'Security falls short of the threshold: no threat model.' };
      expect(await act(app, silentModerator, 'moderateAssessment', verdict)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await act(app, moderator, 'moderateAssessment', verdict)).toMatchObject({ __typename: 'MutationModerateAssessmentSuccess' });

      await waitForStage(env.client, journeyId, 'appeal_window');
      expect(await act(app, 'jordan', 'fileAppeal', { journeyId, grounds: 'The threat model is in appendix C, which the moderator did not read.' })).toMatchObject({ __typename: 'MutationFileAppealSuccess' });
      const { appeal } = await waitForStage(env.client, journeyId, 'under_appeal');
      const [voter, silentReviewer] = appeal!.reviewers as [string, string];
      const vote = { journeyId, outcome: 'UPHOLD', rationale: 'Appendix C is a data-flow diagram, not a threat model.' };
      expect(await act(app, voter, 'decideAppeal', vote)).toMatchObject({ __typename: 'MutationDecideAppealSuccess' });
      await env.sleep('8 days');
      const [, reviewerReplaced] = await waitForEvent(app, journeyId, 'responder_replaced', 2);
      expect(reviewerReplaced!.data).toMatchObject({ task: 'appealVote', from: silentReviewer, reason: 'overdue' });
      const newcomer = (reviewerReplaced!.data as { to: string }).to;
      expect([voter, silentReviewer, moderator, ...panel]).not.toContain(newcomer);
      expect((await app.db.prisma.appeal.findFirstOrThrow({ where: { journeyId } })).reviewers).toEqual([voter, newcomer]);
      // Released, the reviewer is no longer a party (NOT_FOUND); one who sees the journey anyway (a program
      // owner, or asked to moderate it) is refused by the workflow (FORBIDDEN). Either way the vote does not count.
      const late = await act(app, silentReviewer, 'decideAppeal', vote);
      expect(['NOT_FOUND', 'FORBIDDEN']).toContain(late.code);
      expect(await act(app, newcomer, 'decideAppeal', vote)).toMatchObject({ __typename: 'MutationDecideAppealSuccess' });
      const [decided] = await waitForEvent(app, journeyId, 'appeal_decided');
      expect(decided!.data).toMatchObject({ outcome: 'upheld' });
      expect(await app.db.prisma.appeal.findFirstOrThrow({ where: { journeyId } })).toMatchObject({ outcome: 'upheld', decidedBy: `${voter},${newcomer}` });
    });
    expect(await app.db.prisma.assessment.count({ where: { journeyId } })).toBe(1);
    expect(await app.db.prisma.assessment.findFirstOrThrow({ where: { journeyId } })).toMatchObject({ outcome: 'not_passed' });
  });

  it('sends an approval the manager ignored three times to the next manager up, who approves', async () => {
    const journeyId = id('alex');
    await app.withWorker(async () => {
      await enroll(app, 'alex');
      await waitForStage(env.client, journeyId, 'awaiting_manager_approval');
      // Maya's three requests expire a week apart (approvalLinkTtl P7D); then Omar, her manager, is asked.
      await env.sleep('22 days');
      const [escalated] = await waitForEvent(app, journeyId, 'approval_escalated');
      expect(escalated!.data).toMatchObject({ from: 'maya', to: 'omar' });
      await waitForEmail(app, 'maya@example.com', /moved|Approval/i);
      const click = await clickApproval(await approvalLinkFor(app, 'omar@example.com'), 'approve');
      expect(click.postStatus).toBe(200);
      const state = await waitForStage(env.client, journeyId, 'awaiting_submission');
      expect(state.approval).toMatchObject({ approverId: 'omar', decision: 'approved' });
      expect(await act(app, 'alex', 'withdrawJourney', { journeyId, reason: 'Changing teams; will enrol again next year.' })).toMatchObject({ __typename: 'MutationWithdrawJourneySuccess' });
      await env.client.workflow.getHandle(journeyId).result();
      await recordHistories(env.client, journeyId, 'journey-v9-approval-escalated');
    });
    const approvals = await app.db.prisma.approval.findMany({ where: { journeyId }, orderBy: { createdAt: 'asc' } });
    expect(approvals.map((a) => [a.approverId, a.decision])).toEqual([
      ['maya', null],
      ['maya', null],
      ['maya', null],
      ['omar', 'approved'],
    ]);
  });

  it("sends the approval to the delegate the manager named, who decides in her place", async () => {
    const journeyId = id('alex');
    const maya = await app.graphql<{ setApprovalDelegate: { __typename: string; approvalDelegate?: { id: string } | null } }>(
      'maya',
      `mutation($input: SetApprovalDelegateInput!) { setApprovalDelegate(input: $input) { __typename ... on MutationSetApprovalDelegateSuccess { data { approvalDelegate { id } } } ... on CertiflowError { code path } } }`,
      { input: { delegateId: 'omar', until: new Date(Date.now() + 30 * 86_400_000).toISOString() } },
    );
    expect(maya.data?.setApprovalDelegate).toMatchObject({ __typename: 'MutationSetApprovalDelegateSuccess', data: { approvalDelegate: { id: 'omar' } } });
    await app.withWorker(async () => {
      await enroll(app, 'alex');
      await waitForStage(env.client, journeyId, 'awaiting_manager_approval');
      const [delegated] = await waitForEvent(app, journeyId, 'approval_delegated');
      expect(delegated!.data).toEqual({ from: 'maya', to: 'omar' });
      const email = await waitForEmail(app, 'omar@example.com', /Approval needed/);
      expect(email.text).toContain('Maya Chen has named you to decide approvals in their place');
      expect(subjectsTo('maya').filter((s) => s.startsWith('Approval needed'))).toEqual([]);
      expect((await clickApproval(await approvalLinkFor(app, 'omar@example.com'), 'approve')).postStatus).toBe(200);
      const state = await waitForStage(env.client, journeyId, 'awaiting_submission');
      expect(state.approval).toMatchObject({ approverId: 'omar', decision: 'approved' });
      expect(await act(app, 'alex', 'withdrawJourney', { journeyId, reason: 'Changing teams; will enrol again next year.' })).toMatchObject({ __typename: 'MutationWithdrawJourneySuccess' });
      await env.client.workflow.getHandle(journeyId).result();
      await recordHistories(env.client, journeyId, 'journey-v11-approval-delegated');
    });
    const [approved] = await app.db.prisma.journeyEvent.findMany({ where: { journeyId, type: 'manager_approved' } });
    expect(approved!.actorId).toBe('omar');
    // The change is Maya's, audited on her record.
    const audit = await app.db.prisma.personAudit.findFirstOrThrow({ where: { personId: 'maya', action: 'approval_delegate' } });
    expect(audit).toMatchObject({ actor: 'maya', changes: { approvalDelegateId: { from: null, to: 'omar' } } });
  });

  it('alerts HR when no mentor has capacity, and assigns one when a place frees up', async () => {
    const { prisma } = app.db;
    await prisma.person.updateMany({ where: { roles: { has: 'mentor' } }, data: { mentorCapacity: 0 } });
    await app.withWorker(async () => {
      await enrolAndApprove(app, env.client, 'jordan');
      const journey = id('jordan');
      const [shortage] = await waitForEvent(app, journey, 'staffing_shortage');
      expect(shortage!.data).toMatchObject({ need: 'mentor' });
      await waitForEmail(app, 'hana@example.com', /has no mentor/);
      await prisma.person.update({ where: { id: 'tom' }, data: { mentorCapacity: 2 } });
      await env.sleep('8 days');
      const [assigned] = await waitForEvent(app, journey, 'mentor_assigned');
      expect(assigned!.data).toMatchObject({ mentorId: 'tom' });
      expect(await prisma.journeyEvent.count({ where: { journeyId: journey, type: 'staffing_shortage' } })).toBe(1);
      expect(await act(app, 'jordan', 'withdrawJourney', { journeyId: journey, reason: 'Changing teams; will enrol again next year.' })).toMatchObject({ __typename: 'MutationWithdrawJourneySuccess' });
      await env.client.workflow.getHandle(journey).result();
      await recordHistories(env.client, journey, 'journey-v9-mentor-found-later');
    });
  });
});
