import { describe, expect, it } from 'vitest';
import { PROGRAM_ID, pathways, program, rubric } from '../../demo/program.js';
import { type DomainError, ErrorCode } from '../../domain/errors.js';
import { EvidenceFormat, JOURNEY_STAGES } from '../../domain/journey.js';
import { journeyWorkflowId } from '../../domain/workflow-ids.js';
import {
  applyCandidateLeft,
  applyManagerChanged,
  checkAppeal,
  checkAppealVote,
  checkCheckIn,
  checkEvidence,
  checkLearningPlan,
  checkMilestone,
  checkModeration,
  checkPanelScore,
  checkPause,
  checkResume,
  checkRevoke,
  checkTransfer,
  checkWithdraw,
} from '../../workflows/journey/lifecycle-state.js';
import { checkApprovalDecision, checkScoring, checkSubmission, newJourneyState } from '../../workflows/journey/state.js';
import type { JourneyState } from '../../workflows/journey/types.js';
import type { PathwayTerms } from '../../domain/journey-context.js';

// Journey actions by someone with no part in the journey: whatever stage it is in, the refusal is the
// same (code and words), so trying an action never tells a colleague where someone else's journey stands.
// The API answers such callers NOT_FOUND before asking the workflow (test/graphql/journey-gate.test.ts);
// these validators are the second line, for people who see the journey but may not take this action.

const CANDIDATE = 'emp-ada';
const COLLEAGUE = 'emp-colleague';
const AT = '2026-03-04T10:15:00.000Z';
const portfolio = pathways.find((p) => p.id === 'cap-portfolio')!;
const person = (id: string) => ({ id, name: id, email: `${id}@example.com` });
const terms: PathwayTerms = {
  id: portfolio.id,
  name: portfolio.name,
  evidenceFormats: portfolio.evidenceFormats as EvidenceFormat[],
  rubric,
  eligibilityRuleSetId: 'rule-set-eligibility-v3',
};

/** A journey with every party appointed (manager, mentor, assessor, panel, moderator, appeal reviewers) and the given stage. */
function journeyIn(stage: JourneyState['stage']): JourneyState {
  const base = newJourneyState({
    version: 1,
    journeyId: journeyWorkflowId(PROGRAM_ID, CANDIDATE),
    programId: PROGRAM_ID,
    pathwayId: portfolio.id,
    candidateId: CANDIDATE,
    enrolledAt: AT,
    enrolledBy: CANDIDATE,
  });
  return {
    ...base,
    stage,
    context: {
      program: { ...program },
      pathway: terms,
      pathways: [terms],
      candidate: person(CANDIDATE),
      manager: person('emp-manager'),
    },
    approval: { approvalId: 'approval-1', approverId: 'emp-manager', step: 'manager_approval', expiresAt: AT, attempt: 1 },
    assessorId: 'emp-assessor',
    mentor: person('emp-mentor'),
    checkIns: [{ checkInId: 'c1', dueAt: AT }],
    panel: [person('emp-assessor'), person('emp-panel-2'), person('emp-panel-3')],
    moderatorId: 'emp-moderator',
    appeal: { appealId: 'appeal-1', assessmentId: 'a1', grounds: 'g'.repeat(30), filedAt: AT, reviewers: ['emp-reviewer-1', 'emp-reviewer-2'] },
    credential: { credentialId: 'cred-1', number: 'CAP-1', issuedAt: AT, expiresAt: AT },
  };
}

const scores = { 'architecture-design': 3, security: 3, 'cost-optimisation': 3, communication: 3 };
const evidence = { actorId: COLLEAGUE, format: EvidenceFormat.WrittenReport, title: 'Report', content: 'Content', reflection: 'Reflection' };
const roles = { isHr: false, isCommittee: false };

const attempts: [string, (state: JourneyState) => DomainError | null][] = [
  ['submit evidence (v1)', (s) => checkSubmission(s, evidence)],
  ['score as the assessor (v1)', (s) => checkScoring(s, { actorId: COLLEAGUE, scores, comment: '' })],
  ['decide the manager approval', (s) => checkApprovalDecision(s, { approvalId: 'approval-1', actorId: COLLEAGUE, decision: 'approve' })],
  ['submit evidence', (s) => checkEvidence(s, evidence)],
  ['score as a panel member', (s) => checkPanelScore(s, { actorId: COLLEAGUE, scores, comment: '' }, AT)],
  ['moderate the assessment', (s) => checkModeration(s, { actorId: COLLEAGUE, scores, rationale: 'A rationale long enough.' })],
  ['record a check-in', (s) => checkCheckIn(s, { actorId: COLLEAGUE, progress: 'p', blockers: '', nextSteps: 'n' })],
  ['adjust the learning plan', (s) => checkLearningPlan(s, { actorId: COLLEAGUE, goals: ['g'], note: '' })],
  ['record a milestone', (s) => checkMilestone(s, { actorId: COLLEAGUE, key: 'first-draft', title: 'First draft', ...roles })],
  ['file an appeal', (s) => checkAppeal(s, { actorId: COLLEAGUE, grounds: 'g'.repeat(30) })],
  ['vote on the appeal', (s) => checkAppealVote(s, { actorId: COLLEAGUE, outcome: 'uphold', rationale: 'A rationale long enough.' })],
  ['pause the journey', (s) => checkPause(s, { actorId: COLLEAGUE, reason: 'Leave', ...roles })],
  ['resume the journey', (s) => checkResume(s, { actorId: COLLEAGUE, ...roles })],
  ['withdraw the journey', (s) => checkWithdraw(s, { actorId: COLLEAGUE, reason: 'Reason', ...roles })],
  ['change the pathway', (s) => checkTransfer(s, { actorId: COLLEAGUE, pathwayId: 'cap-coursework', ...roles })],
  ['revoke the credential', (s) => checkRevoke(s, { actorId: COLLEAGUE, reason: 'A reason long enough.', ...roles })],
];

const REFUSALS: string[] = [ErrorCode.Forbidden, ErrorCode.NotCandidate, ErrorCode.NotAssignedAssessor];

describe('a colleague trying an action on a journey learns nothing of its stage', () => {
  it.each(attempts)('a colleague who tries to %s is refused in the same words at every stage', (_action, attempt) => {
    const refusals = new Set(JOURNEY_STAGES.map((stage) => JSON.stringify(attempt(journeyIn(stage)))));
    expect([...refusals]).toHaveLength(1);
    const refusal = JSON.parse([...refusals][0]!) as DomainError | null;
    expect(REFUSALS).toContain(refusal?.code);
    expect(refusal?.message).not.toMatch(new RegExp(JOURNEY_STAGES.join('|')));
  });
});

describe('the people who may act still hear why not', () => {
  it('a panel member scoring outside assessment is told the stage', () => {
    expect(checkPanelScore(journeyIn('certified'), { actorId: 'emp-assessor', scores, comment: '' }, AT)?.code).toBe(ErrorCode.NotAllowedInStage);
  });

  it('the moderator after moderation is told it is over', () => {
    expect(checkModeration(journeyIn('appeal_window'), { actorId: 'emp-moderator', scores, rationale: 'A rationale long enough.' })?.code).toBe(ErrorCode.NotAllowedInStage);
  });

  it('an appointed reviewer once the appeal is decided is told so', () => {
    expect(checkAppealVote(journeyIn('certified'), { actorId: 'emp-reviewer-1', outcome: 'uphold', rationale: 'A rationale long enough.' })?.code).toBe(ErrorCode.NotAllowedInStage);
  });

  it('the candidate submitting after the deadline is told the stage', () => {
    expect(checkEvidence(journeyIn('withdrawn'), { ...evidence, actorId: CANDIDATE })?.code).toBe(ErrorCode.NotAllowedInStage);
  });
});

describe('the re-certification pathway of a program version', () => {
  const holder = (formats: EvidenceFormat[] | null) => {
    const state = journeyIn('recertification_due');
    return { ...state, context: { ...state.context!, program: { ...state.context!.program, recertificationEvidenceFormats: formats } } };
  };
  const submit = (format: EvidenceFormat) => ({ ...evidence, actorId: CANDIDATE, format, content: 'What I did since certifying.', reflection: 'What I learned.' });

  it("accepts the version's formats and a reflective write-up, and nothing else", () => {
    const state = holder([EvidenceFormat.Video]);
    expect(checkEvidence(state, submit(EvidenceFormat.Video))).toBeNull();
    expect(checkEvidence(state, submit(EvidenceFormat.ReflectiveWriteUp))).toBeNull();
    expect(checkEvidence(state, submit(EvidenceFormat.WrittenReport))).toMatchObject({ code: ErrorCode.InvalidInput, path: 'format', message: 'Re-certification accepts video, reflective_write_up.' });
  });

  it("falls back to the holder's pathway's formats when the version names none (journeys before program versions)", () => {
    expect(checkEvidence(holder(null), submit(EvidenceFormat.WrittenReport))).toBeNull();
  });
});

describe('the directory telling a journey (patch directory-changes)', () => {
  const left = { leftAt: AT, reason: 'Left the company.', credentialPolicy: 'lapse' as const };

  it.each(['enrolled', 'awaiting_manager_approval', 'awaiting_submission', 'in_moderation', 'paused'] as const)('withdraws a journey %s when the candidate leaves', (stage) => {
    const next = applyCandidateLeft(journeyIn(stage), left, AT);
    expect(next.withdrawal).toEqual({ actorId: 'system:directory', reason: 'Left the company.', at: AT });
    expect(next.departure).toMatchObject({ credentialPolicy: 'lapse' });
  });

  it.each(['certified', 'recertification_due', 'recertification_review'] as const)('notes a holder leaving while %s, without withdrawing', (stage) => {
    const next = applyCandidateLeft(journeyIn(stage), left, AT);
    expect(next.withdrawal).toBeUndefined();
    expect(next.departure).toEqual({ reason: 'Left the company.', at: AT, credentialPolicy: 'lapse' });
  });

  it('changes nothing on a journey already over, or told twice', () => {
    const over = journeyIn('withdrawn');
    expect(applyCandidateLeft(over, left, AT)).toBe(over);
    const once = applyCandidateLeft(journeyIn('awaiting_submission'), left, AT);
    expect(applyCandidateLeft(once, { ...left, leftAt: '2027-01-01T00:00:00.000Z' }, '2027-01-01T00:00:00.000Z')).toBe(once);
  });

  it('moves a pending approval to a new manager, and only notes the manager otherwise', () => {
    const newManager = person('emp-new-manager');
    const pending = applyManagerChanged(journeyIn('awaiting_manager_approval'), { manager: newManager });
    expect(pending.context?.manager).toEqual(newManager);
    expect(pending.approvalRerouted).toEqual({ previous: person('emp-manager') });
    const later = applyManagerChanged(journeyIn('awaiting_submission'), { manager: newManager });
    expect(later.context?.manager).toEqual(newManager);
    expect(later.approvalRerouted).toBeUndefined();
    const same = journeyIn('awaiting_manager_approval');
    expect(applyManagerChanged(same, { manager: person('emp-manager') })).toBe(same);
  });
});
