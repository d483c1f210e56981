
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journeyWorkflowId } from '../../../domain/workflow-ids.js';
import type { TestApp } from '../../harness/app.js';
import { useTestApp } from '../../harness/fixture.js';
import { act, approvalLinkFor, clickApproval, enroll, scoreByPanel, submitReport, waitForEvent, waitForStage, waitForState } from '../../harness/journey-driver.js';
import { decodeEntities, noticeIn, type PortalSession, signIn } from '../../harness/portal-client.js';

// The pages of people who act on others' journeys, driven over HTTP as their browsers would: a manager
// approves on /team (and the emailed link then says it was used), an assessor scores through the rubric
// form, and people without the role or the relationship are refused. Real Temporal, worker and database.

const journeyId = journeyWorkflowId('cloud-architecture-practitioner', 'alex');
const STYLESHEET = '<link rel="stylesheet" href="/assets/portal.css">';

describe('portal pages for managers, assessors, mentors and the committee', () => {
  let worker: Worker;
  let running: Promise<void>;
  const sessions = new Map<string, PortalSession>();
  const as = async (personId: string) => {
    if (!sessions.has(personId)) sessions.set(personId, await signIn(app.baseUrl, personId));
    return sessions.get(personId)!;
  };

  const { env, app } = useTestApp({ temporal: 'dev-server' });
  beforeAll(async () => {
    worker = await app.startWorker();
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
  });

  it('lets the manager approve on /team, refuses anyone else and a second decision, and spends the emailed link', async () => {
    await enroll(app, 'alex');
    await waitForStage(env.client, journeyId, 'awaiting_manager_approval');

    // The emailed link lands on a confirmation page in the portal's look; GET changes nothing.
    const link = await approvalLinkFor(app, 'maya@example.com');
    const linkPage = await fetch(link);
    const linkHtml = await linkPage.text();
    expect(linkPage.status).toBe(200);
    expect(linkHtml).toContain(STYLESHEET);
    expect(linkHtml).toContain('Open Certiflow');
    expect(linkHtml).not.toContain('<script');
    expect(linkPage.headers.get('content-security-policy')).toContain("style-src 'self'");
    expect((await fetch(new URL('/assets/portal.css', app.baseUrl))).status).toBe(200);

    const maya = await as('maya');
    const team = await maya.page('/team');
    expect(team.status).toBe(200);
    expect(team.html).toContain('Waiting for your approval (1)');
    expect(decodeEntities(team.html)).toContain("Approve Alex Kim's enrolment");
    const approvalId = decodeURIComponent(/action="\/team\/approvals\/([^"]+)"/.exec(team.html)![1]!);

    // Omar is a manager too, but the request was sent to Maya: he is told it does not exist, as for a
    // made-up id (the old answer, 'Only the approver this request was sent to…', confirmed the id).
    const omar = await as('omar');
    const refused = await omar.submit(`/team/approvals/${encodeURIComponent(approvalId)}`, { decision: 'approve', _back: '/team' }, { csrfFrom: '/team' });
    expect(noticeIn(refused.html)).toEqual({ kind: 'error', text: `There is no approval request ${approvalId}. Nothing was changed.` });
    const madeUp = await omar.submit('/team/approvals/no-such-approval', { decision: 'approve', _back: '/team' }, { csrfFrom: '/team' });
    expect(noticeIn(madeUp.html)).toEqual({ kind: 'error', text: 'There is no approval request no-such-approval. Nothing was changed.' });
    expect(await app.db.prisma.linkAudit.findFirst({ where: { approvalId, method: 'PORTAL', outcome: 'FORBIDDEN' } })).toMatchObject({ detail: 'omar: not the approver this request was sent to' });
    expect((await omar.page('/team')).html).toContain('Nothing is waiting for your approval.');
    expect((await (await as('jordan')).page('/team')).status).toBe(403);
    expect((await waitForStage(env.client, journeyId, 'awaiting_manager_approval')).approval?.decision).toBeUndefined();

    const csrf = await maya.csrf('/team');
    const approved = await maya.submit(`/team/approvals/${encodeURIComponent(approvalId)}`, { decision: 'approve', comment: 'Go for it', _back: '/team' }, { csrf });
    expect(approved.path).toBe('/team');
    expect(noticeIn(approved.html)).toEqual({ kind: 'success', text: "You approved Alex Kim's enrolment in Cloud Architecture Practitioner." });
    await waitForStage(env.client, journeyId, 'awaiting_submission');

    // A double click (the same form posted again) is refused with a clear notice and changes nothing.
    const again = await maya.submit(`/team/approvals/${encodeURIComponent(approvalId)}`, { decision: 'decline', _back: '/team' }, { csrf });
    expect(noticeIn(again.html)?.kind).toBe('error');
    expect(noticeIn(again.html)?.text).toMatch(/already approved/);
    expect(await app.db.prisma.approval.findUniqueOrThrow({ where: { id: approvalId } })).toMatchObject({ decision: 'approved', comment: 'Go for it' });

    const after = await maya.page('/team');
    expect(after.html).toContain('Nothing is waiting for your approval.');
    expect(after.html).toMatch(/Alex Kim<\/a><\/td><td>Cloud Architecture Practitioner \(Portfolio\)<\/td><td><span class="badge info">Awaiting submission/);
    expect(after.html).toMatch(/<td>Evidence due: \d{4}-\d{2}-\d{2}<\/td>/); // the deadline the workflow now waits on

    // Whichever channel is used first wins: the link is now spent. Every portal decision is audited.
    expect((await clickApproval(link, 'approve')).getStatus).toBe(409);
    const audit = await app.db.prisma.linkAudit.findMany({ where: { approvalId, method: 'PORTAL' }, orderBy: { at: 'asc' } });
    expect(audit.map((a) => a.outcome)).toEqual(['FORBIDDEN', 'decided:approve', 'APPROVAL_ALREADY_DECIDED']);
  });

  it("lets a panel member score through the rubric form, keeps the others' scores hidden, and refuses candidates", async () => {
    const submitted = await submitReport(app, 'alex', journeyId);
    expect(submitted.data).toMatchObject({ submitEvidence: { __typename: 'MutationSubmitEvidenceSuccess' } });
    const panel = (await waitForStage(env.client, journeyId, 'awaiting_assessment')).panel!.map((m) => m.id);
    const [first, second] = panel as [string, string];

    const assessor = await as(first);
    const list = await assessor.page('/assessments');
    expect(list.status).toBe(200);
    expect(decodeEntities(list.html)).toContain("Score Alex Kim's submission");

    const form = await assessor.page(`/assessments/${encodeURIComponent(journeyId)}`);
    expect(form.status).toBe(200);
    const text = decodeEntities(form.html);
    expect(text).toContain('Evidence: Multi-region order platform');
    expect(text).toContain('I learned to justify consistency trade-offs');
    for (const criterion of ['architecture-design', 'security', 'cost-optimisation', 'communication']) {
      // One labelled radio group per criterion, a radio per level.
      expect(form.html.match(new RegExp(`<input type="radio" id="[^"]+" name="level:${criterion}" value="\\d" required>`, 'g'))).toHaveLength(4);
    }
    expect(form.html).toMatch(/<fieldset class="levels"><legend>/);
    expect(form.html).toContain('<label for="score-comment">');

    const scored = await assessor.submit(
      `/assessments/${encodeURIComponent(journeyId)}/score`,
      { 'level:architecture-design': '4', 'level:security': '3', 'level:cost-optimisation': '3', 'level:communication': '3', comment: 'Clear trade-off analysis.' },
      { csrfFrom: `/assessments/${encodeURIComponent(journeyId)}` },
    );
    expect(noticeIn(scored.html)?.kind).toBe('success');
    expect(scored.html).not.toContain('Submit my scores');
    expect(scored.html).toContain('You have scored');
    const state = await waitForState(env.client, journeyId, (s) => Object.keys(s.panelScores ?? {}).length > 0, 'a panel score');
    expect(Object.values(state.panelScores ?? {})).toMatchObject([
      { assessorId: first, scores: { 'architecture-design': 4, security: 3, 'cost-optimisation': 3, communication: 3 }, comment: 'Clear trade-off analysis.' },
    ]);

    // The next panel member sees that the first has scored, but not what.
    const other = await (await as(second)).page(`/assessments/${encodeURIComponent(journeyId)}`);
    expect(other.html).toContain('Submit my scores');
    expect(other.html).not.toContain('Clear trade-off analysis.');
    expect(other.html).toMatch(/<td>Scored<\/td>(<td>—<\/td>){4}<td>Not visible to you/);

    // Candidates have no assessor pages, not even for their own journey.
    const alex = await as('alex');
    expect((await alex.page('/assessments')).status).toBe(403);
    expect((await alex.page(`/assessments/${encodeURIComponent(journeyId)}`)).status).toBe(403);
    const forged = await alex.post(`/assessments/${encodeURIComponent(journeyId)}/score`, { 'level:security': '4', comment: 'x' }, { csrfFrom: '/assessments' });
    expect(forged.status).toBe(403);
  });

  it('lets the mentor record the open check-in on /mentees', async () => {
    const [assigned] = await waitForEvent(app, journeyId, 'mentor_assigned');
    const mentor = await as((assigned!.data as { mentorId: string }).mentorId);
    const mentees = await mentor.page('/mentees');
    expect(mentees.status).toBe(200);
    expect(mentees.html).toContain('<h2 id="mentee-0">Alex Kim</h2>');
    expect(mentees.html).toContain('Record the check-in due');

    const recorded = await mentor.submit(
      `/mentees/${encodeURIComponent(journeyId)}/check-in`,
      { progress: 'Drafted the threat model.', blockers: '', nextSteps: 'Review the cost model together.', _back: '/mentees' },
      { csrfFrom: '/mentees' },
    );
    expect(noticeIn(recorded.html)).toEqual({ kind: 'success', text: 'The check-in is recorded.' });
    expect(recorded.html).toMatch(/<span class="badge good">Recorded<\/span><\/td><td>Drafted the threat model\.<\/td>/);
    expect((await waitForEvent(app, journeyId, 'check_in_recorded'))[0]?.actorId).toBe(mentor.personId);
    expect((await (await as('alex')).page('/mentees')).status).toBe(403);
  });

  it('takes a disagreeing panel to the moderator, an appeal to its reviewers, and a credential to revocation by two members, all on the committee pages', async () => {
    const { panel } = await scoreByPanel(app, env.client, journeyId, [[2, 2, 2, 2], [2, 2, 2, 2], [2, 2, 2, 2]]);
    expect(panel).toHaveLength(3);
    await waitForStage(env.client, journeyId, 'in_moderation');
    const [requested] = await waitForEvent(app, journeyId, 'moderation_requested');
    const moderator = await as((requested!.data as { moderatorId: string }).moderatorId);

    expect(decodeEntities((await moderator.page('/committee')).html)).toContain("Moderate Alex Kim's assessment");
    const moderation = await moderator.page(`/assessments/${encodeURIComponent(journeyId)}`);
    expect(moderation.status).toBe(200);
    expect(moderation.html).toContain('Record the moderated scores');
    expect(moderation.html).toContain('Clear trade-off analysis.'); // the whole panel has scored: the moderator reads every score
    const moderated = await moderator.submit(
      `/assessments/${encodeURIComponent(journeyId)}/moderate`,
      { 'level:architecture-design': '3', 'level:security': '2', 'level:cost-optimisation': '2', 'level:communication': '2', rationale: 'Security controls are not evidenced.' },
      { csrfFrom: `/assessments/${encodeURIComponent(journeyId)}` },
    );
    expect(noticeIn(moderated.html)?.kind).toBe('success');
    await waitForStage(env.client, journeyId, 'appeal_window');

    expect(await act(app, 'alex', 'fileAppeal', { journeyId, grounds: 'The security section of my report covers encryption and least privilege.' })).toMatchObject({
      __typename: 'MutationFileAppealSuccess',
    });
    await waitForStage(env.client, journeyId, 'under_appeal');
    const { reviewers } = await waitForAppeal(app, journeyId);
    for (const reviewerId of reviewers) {
      const reviewer = await as(reviewerId);
      const committee = await reviewer.page('/committee');
      expect(committee.html).toContain('Open appeals (1)');
      expect(committee.html).toContain('The security section of my report covers encryption and least privilege.');
      expect(committee.html).toMatch(/<td>Security<\/td><td>2<\/td><td>3<\/td>/); // the decision appealed, criterion by criterion
      const voted = await reviewer.submit(`/committee/appeals/${encodeURIComponent(journeyId)}`, { outcome: 'overturn', rationale: 'Section 4 evidences both controls.', _back: '/committee' }, { csrfFrom: '/committee' });
      expect(noticeIn(voted.html)?.kind).toBe('success');
    }
    await waitForEvent(app, journeyId, 'credential_issued');

    // The committee may revoke it, with a reason; a manager may not even open the page.
    expect((await (await as('maya')).page('/committee')).status).toBe(403);
    const member = await as(reviewers[0]!);
    const committee = await member.page('/committee');
    const credential = await app.db.prisma.credential.findFirstOrThrow({ where: { journeyId } });
    expect(committee.html).toContain(`Revoke ${credential.number}`);
    const revoke = (by: typeof member) => by.submit(`/committee/journeys/${encodeURIComponent(journeyId)}/revoke`, { credential: credential.number, reason: 'Evidence found to be copied.', _back: '/committee' }, { csrfFrom: '/committee' });
    // Two members: the first proposes, and the credential stays in force until a second confirms.
    expect(noticeIn((await revoke(member)).html)).toEqual({ kind: 'success', text: `Your revocation of ${credential.number} is proposed; it takes effect when a second committee member confirms it.` });
    await waitForEvent(app, journeyId, 'revocation_proposed');
    const second = await as(reviewers[1]!);
    // The committee page lists the proposal for a second member to confirm; the proposer waits.
    const waiting = (await second.page('/committee')).html;
    expect(waiting).toContain('Revocations awaiting a second member (1)');
    expect(waiting).toContain('Evidence found to be copied.');
    expect(waiting).toContain(`Confirm revocation of ${credential.number}`);
    // A member whose term ended keeps the role and the page, but is not told of the proposal.
    const former = await (await as('omar')).page('/committee');
    expect(former.status).toBe(200);
    expect(former.html).not.toContain('Revocations awaiting a second member');
    expect(former.html).not.toContain('Evidence found to be copied.');
    const proposer = (await member.page('/committee')).html;
    expect(proposer).toContain('Waiting for a second member');
    expect(proposer).not.toContain(`Confirm revocation of ${credential.number}`);
    // The revoke form does not confirm someone else's proposal (a page shown before it came in would):
    // refused, and only the confirm form, which names the proposer, confirms it.
    const stale = await revoke(second);
    expect(noticeIn(stale.html)?.kind).toBe('error');
    expect(decodeEntities(noticeIn(stale.html)!.text)).toContain('Another committee member has proposed this revocation');
    const confirmForm = /name="reason" value="([^"]*)"><input type="hidden" name="confirms" value="([^"]+)">/.exec(waiting)!;
    expect(confirmForm[2]).toBe(member.personId);
    const confirmed = await second.submit(
      `/committee/journeys/${encodeURIComponent(journeyId)}/revoke`,
      { credential: credential.number, reason: decodeEntities(confirmForm[1]!), confirms: confirmForm[2]!, _back: '/committee' },
      { csrfFrom: '/committee' },
    );
    expect(noticeIn(confirmed.html)).toEqual({ kind: 'success', text: `Credential ${credential.number} is revoked; the holder is told the reason and may appeal.` });
    expect((await waitForEvent(app, journeyId, 'credential_revoked'))[0]).toMatchObject({ actorId: member.personId, data: { secondedBy: second.personId } });
    expect((await second.page('/committee')).html).toContain('Revocations awaiting a second member (0)');
  });

  it('lets a manager name who decides approvals in her place on /team, only among the people near her, and clear it', async () => {
    const maya = await as('maya');
    const team = decodeEntities((await maya.page('/team')).html);
    expect(team).toContain('Approvals while you are away');
    expect(team).toContain('You decide enrolment approvals yourself.');
    // Her manager, peers and reports are offered; someone elsewhere in the company is not.
    expect(team).toContain('<option value="omar">Omar Haddad');
    expect(team).not.toContain('<option value="dana">');
    const saved = await maya.submit('/team/delegate', { delegateId: 'omar', until: '2099-01-31', _back: '/team' }, { csrfFrom: '/team' });
    expect(noticeIn(saved.html)).toMatchObject({ kind: 'success' });
    expect(decodeEntities(saved.html)).toContain('Omar Haddad decides enrolment approvals in your place until');
    const stored = await app.db.prisma.person.findUniqueOrThrow({ where: { id: 'maya' } });
    expect(stored).toMatchObject({ approvalDelegateId: 'omar', approvalDelegateUntil: new Date('2099-02-01T00:00:00.000Z') });
    // A day that is not in the calendar is refused, naming it, and nothing changes.
    for (const until of ['2026-02-31', '2026-13-01']) {
      const wrongDay = await maya.submit('/team/delegate', { delegateId: 'omar', until, _back: '/team' }, { csrfFrom: '/team' });
      expect(noticeIn(wrongDay.html)).toMatchObject({ kind: 'error' });
      expect(decodeEntities(noticeIn(wrongDay.html)!.text)).toContain(`"${until}" is not a date`);
    }
    expect((await app.db.prisma.person.findUniqueOrThrow({ where: { id: 'maya' } })).approvalDelegateUntil).toEqual(new Date('2099-02-01T00:00:00.000Z'));
    // Posting someone not offered is refused with the reason, and nothing changes.
    const refused = await maya.submit('/team/delegate', { delegateId: 'dana', until: '', _back: '/team' }, { csrfFrom: '/team' });
    expect(noticeIn(refused.html)).toMatchObject({ kind: 'error' });
    expect(decodeEntities(noticeIn(refused.html)!.text)).toContain('Name your manager, a peer or one of your direct reports');
    expect((await app.db.prisma.person.findUniqueOrThrow({ where: { id: 'maya' } })).approvalDelegateId).toBe('omar');
    const cleared = await maya.submit('/team/delegate', { delegateId: '', until: '', _back: '/team' }, { csrfFrom: '/team' });
    expect(noticeIn(cleared.html)).toEqual({ kind: 'success', text: 'You decide enrolment approvals yourself again.' });
    expect((await app.db.prisma.person.findUniqueOrThrow({ where: { id: 'maya' } })).approvalDelegateId).toBeNull();
  });
});

/** The appeal row once the workflow has appointed its reviewers. */
async function waitForAppeal(app: TestApp, journeyId: string) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const appeal = await app.db.prisma.appeal.findFirst({ where: { journeyId } });
    if (appeal?.reviewers.length) return appeal;
    if (Date.now() > deadline) throw new Error('no appeal with reviewers recorded');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
