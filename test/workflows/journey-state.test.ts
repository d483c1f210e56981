import { describe, expect, it } from 'vitest';
import { PROGRAM_ID, pathways, program, rubric } from '../../demo/program.js';
import { ErrorCode } from '../../domain/errors.js';
import { EvidenceFormat, JourneyStage } from '../../domain/journey.js';
import { journeyWorkflowId } from '../../domain/workflow-ids.js';
import type { Scores } from '../../domain/rubric.js';
import type {
  DecideApprovalInput,
  ScoreSubmissionInput,
  SubmitEvidenceInput,
} from '../../workflows/journey/messages.js';
import {
  applyApprovalDecision,
  applyScoring,
  applySubmission,
  checkApprovalDecision,
  checkScoring,
  checkSubmission,
  MAX_CONTENT_CHARS,
  MAX_REFLECTION_CHARS,
  newJourneyState,
} from '../../workflows/journey/state.js';
import type { JourneyInput, JourneyState } from '../../workflows/journey/types.js';
import type { JourneyContext } from '../../domain/journey-context.js';

// ---- fixture: the demo program's portfolio pathway, a candidate, her manager and an assessor ----------

const CANDIDATE = 'emp-ada';
const MANAGER = 'emp-grace';
const ASSESSOR = 'emp-edsger';
const APPROVAL_ID = '6f1c2b1e-0000-4000-8000-000000000001';
const ENROLLED_AT = '2026-03-02T09:00:00.000Z';
const AT = '2026-03-04T10:15:00.000Z';

const formats = (values: readonly string[]): EvidenceFormat[] => {
  const known: readonly string[] = Object.values(EvidenceFormat);
  return values.map((value) => {
    if (!known.includes(value)) throw new Error(`demo pathway lists unknown format ${value}`);
    return value as EvidenceFormat;
  });
};

const portfolio = pathways.find((p) => p.id === 'cap-portfolio')!;
const coursework = pathways.find((p) => p.id === 'cap-coursework')!;

function contextFor(pathway: typeof portfolio): JourneyContext {
  return {
    program: {
      id: program.id,
      name: program.name,
      validity: program.validity,
      recertificationWindow: program.recertificationWindow,
      submissionDeadline: program.submissionDeadline,
      approvalLinkTtl: program.approvalLinkTtl,
    },
    pathway: {
      id: pathway.id,
      name: pathway.name,
      evidenceFormats: formats(pathway.evidenceFormats),
      rubric,
      eligibilityRuleSetId: 'rule-set-eligibility-v3',
    },
    candidate: { id: CANDIDATE, name: 'Ada Lovelace', email: 'ada@example.com' },
    manager: { id: MANAGER, name: 'Grace Hopper', email: 'grace@example.com' },
  };
}

const input: JourneyInput = {
  version: 1,
  journeyId: journeyWorkflowId(PROGRAM_ID, CANDIDATE),
  programId: PROGRAM_ID,
  pathwayId: portfolio.id,
  candidateId: CANDIDATE,
  enrolledAt: ENROLLED_AT,
  enrolledBy: CANDIDATE,
};

/** Enrolled, found eligible, context loaded. */
function enrolled(pathway = portfolio): JourneyState {
  return {
    ...newJourneyState({ ...input, pathwayId: pathway.id }),
    context: contextFor(pathway),
    ruleSetId: 'rule-set-eligibility-v3',
    seq: 2,
    eligibility: {
      eligible: true,
      ruleSetId: 'rule-set-eligibility-v3',
      ruleSetVersion: 3,
      evaluatedAt: ENROLLED_AT,
      conditions: [
        {
          path: 'rules[0].conditions.all[0]',
          fact: 'tenureMonths',
          operator: 'greaterThanInclusive',
          expected: 6,
          actual: 14,
          passed: true,
          description: "At least 6 months' tenure",
        },
      ],
      reasons: [],
      facts: { tenureMonths: 14 },
    },
  };
}

function awaitingApproval(): JourneyState {
  return {
    ...enrolled(),
    stage: JourneyStage.AwaitingManagerApproval,
    seq: 3,
    approval: {
      approvalId: APPROVAL_ID,
      approverId: MANAGER,
      step: 'manager_approval',
      expiresAt: '2026-03-09T09:00:00.000Z',
      attempt: 1,
    },
  };
}

function awaitingSubmission(pathway = portfolio): JourneyState {
  const approved = applyApprovalDecision(awaitingApproval(), approve, AT);
  return {
    ...approved,
    pathwayId: pathway.id,
    context: contextFor(pathway),
    stage: JourneyStage.AwaitingSubmission,
    seq: 5,
    submissionDueAt: '2026-06-02T10:15:00.000Z',
  };
}

function awaitingAssessment(): JourneyState {
  return {
    ...applySubmission(awaitingSubmission(), submission, AT, 'sub-1'),
    stage: JourneyStage.AwaitingAssessment,
    seq: 7,
    assessorId: ASSESSOR,
  };
}

const approve: DecideApprovalInput = { approvalId: APPROVAL_ID, actorId: MANAGER, decision: 'approve' };

const submission: SubmitEvidenceInput = {
  actorId: CANDIDATE,
  format: EvidenceFormat.WrittenReport,
  title: 'Payments platform on three availability zones',
  content: 'The system splits ingestion from settlement so a regional outage ...',
  reflection: 'I would now put the ledger behind a queue sooner.',
};

const passingScores: Scores = {
  'architecture-design': 3,
  security: 4,
  'cost-optimisation': 3,
  communication: 3,
};

const score: ScoreSubmissionInput = { actorId: ASSESSOR, scores: passingScores, comment: 'Clear trade-offs.' };

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Freezes the state, applies the transition, and checks the input is as it was. */
function applyFrozen(state: JourneyState, apply: (s: JourneyState) => JourneyState): JourneyState {
  const before = structuredClone(state);
  const frozen = deepFreeze(state);
  const next = apply(frozen);
  expect(frozen).toEqual(before);
  expect(next).not.toBe(frozen);
  return next;
}

const allStages = Object.values(JourneyStage);

// ---- newJourneyState --------------------------------------------------------------------------------

describe('newJourneyState', () => {
  it('starts enrolled in cycle 1 with nothing decided', () => {
    const state = newJourneyState(input);
    expect(state).toEqual({
      journeyId: 'journey:cloud-architecture-practitioner:emp-ada',
      programId: PROGRAM_ID,
      pathwayId: 'cap-portfolio',
      candidateId: CANDIDATE,
      enrolledAt: ENROLLED_AT,
      stage: JourneyStage.Enrolled,
      cycle: 1,
      seq: 0,
      ruleSetId: null,
      context: null,
      eligibility: null,
      approval: null,
      submissionDueAt: null,
      submission: null,
      assessorId: null,
      assessment: null,
      credential: null,
      endReason: null,
      cohortId: null,
    });
  });

  it('is plain data that survives a JSON round trip', () => {
    const state = awaitingAssessment();
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});

// ---- manager approval -------------------------------------------------------------------------------

describe('checkApprovalDecision', () => {
  it('accepts the approver deciding the open request', () => {
    expect(checkApprovalDecision(awaitingApproval(), approve)).toBeNull();
    expect(checkApprovalDecision(awaitingApproval(), { ...approve, decision: 'decline' })).toBeNull();
    expect(checkApprovalDecision(awaitingApproval(), { ...approve, comment: 'x'.repeat(2000) })).toBeNull();
  });

  it.each(allStages.filter((s) => s !== JourneyStage.AwaitingManagerApproval))('rejects a decision while %s', (stage) => {
    const state = { ...awaitingApproval(), stage };
    expect(checkApprovalDecision(state, approve)?.code).toBe(ErrorCode.NotAllowedInStage);
  });

  it('rejects a decision when no approval was requested', () => {
    const state = { ...awaitingApproval(), approval: null };
    expect(checkApprovalDecision(state, approve)?.code).toBe(ErrorCode.LinkMismatch);
  });

  it('rejects someone other than the approver', () => {
    const error = checkApprovalDecision(awaitingApproval(), { ...approve, actorId: CANDIDATE });
    expect(error?.code).toBe(ErrorCode.Forbidden);
  });

  it('rejects a second decision on the same request', () => {
    const decided = applyApprovalDecision(awaitingApproval(), approve, AT);
    expect(checkApprovalDecision(decided, approve)?.code).toBe(ErrorCode.ApprovalAlreadyDecided);
    expect(checkApprovalDecision(decided, { ...approve, decision: 'decline' })?.code).toBe(
      ErrorCode.ApprovalAlreadyDecided,
    );
  });

  it('still says "already decided" after the journey has moved on', () => {
    expect(checkApprovalDecision(awaitingSubmission(), approve)?.code).toBe(ErrorCode.ApprovalAlreadyDecided);
  });

  it('rejects a decision on a request that a newer one superseded', () => {
    const resent = awaitingApproval();
    const state: JourneyState = {
      ...resent,
      approval: { ...resent.approval!, approvalId: '6f1c2b1e-0000-4000-8000-000000000002', attempt: 2 },
    };
    expect(checkApprovalDecision(state, approve)?.code).toBe(ErrorCode.LinkMismatch);
  });

  it('rejects a comment over 2000 characters', () => {
    const error = checkApprovalDecision(awaitingApproval(), { ...approve, comment: 'x'.repeat(2001) });
    expect(error).toMatchObject({ code: ErrorCode.InvalidInput, path: 'comment' });
  });
});

describe('applyApprovalDecision', () => {
  it('records an approval without changing the input', () => {
    const state = awaitingApproval();
    const next = applyFrozen(state, (s) => applyApprovalDecision(s, approve, AT));
    expect(next.approval).toEqual({ ...state.approval, decision: 'approved', decidedAt: AT });
    expect(next.approval).not.toHaveProperty('comment');
    expect({ ...next, approval: null }).toEqual({ ...state, approval: null });
  });

  it('records a decline with its comment', () => {
    const next = applyFrozen(awaitingApproval(), (s) =>
      applyApprovalDecision(s, { ...approve, decision: 'decline', comment: 'Not this quarter.' }, AT),
    );
    expect(next.approval).toMatchObject({ decision: 'declined', comment: 'Not this quarter.', decidedAt: AT });
  });

  it('leaves the stage for the workflow to move', () => {
    expect(applyApprovalDecision(awaitingApproval(), approve, AT).stage).toBe(JourneyStage.AwaitingManagerApproval);
  });
});

// ---- evidence submission ----------------------------------------------------------------------------

describe('checkSubmission', () => {
  it('accepts the candidate submitting a format the pathway accepts', () => {
    expect(checkSubmission(awaitingSubmission(), submission)).toBeNull();
    expect(checkSubmission(awaitingSubmission(), { ...submission, format: EvidenceFormat.Video })).toBeNull();
  });

  it('accepts content and reflection at their maximum length', () => {
    const state = awaitingSubmission();
    const longest = { ...submission, content: 'c'.repeat(MAX_CONTENT_CHARS), reflection: 'r'.repeat(MAX_REFLECTION_CHARS) };
    expect(checkSubmission(state, longest)).toBeNull();
  });

  it.each(allStages.filter((s) => s !== JourneyStage.AwaitingSubmission))('rejects a submission while %s', (stage) => {
    const state = { ...awaitingSubmission(), stage };
    expect(checkSubmission(state, submission)?.code).toBe(ErrorCode.NotAllowedInStage);
  });

  it('checks the actor before the stage, so a refusal does not tell a colleague the stage', () => {
    expect(checkSubmission(awaitingApproval(), { ...submission, actorId: MANAGER })?.code).toBe(ErrorCode.NotCandidate);
  });

  it.each([MANAGER, ASSESSOR, ''])('rejects a submission by %j, who is not the candidate', (actorId) => {
    expect(checkSubmission(awaitingSubmission(), { ...submission, actorId })?.code).toBe(ErrorCode.NotCandidate);
  });

  it('rejects a second submission while the first is being recorded', () => {
    const submitted = applySubmission(awaitingSubmission(), submission, AT, 'sub-1');
    expect(submitted.stage).toBe(JourneyStage.AwaitingSubmission);
    expect(checkSubmission(submitted, { ...submission, title: 'A better report' })?.code).toBe(
      ErrorCode.NotAllowedInStage,
    );
  });

  it('rejects a format the pathway does not accept', () => {
    const live = { ...submission, format: EvidenceFormat.LiveDemonstration };
    expect(checkSubmission(awaitingSubmission(), live)).toMatchObject({ code: ErrorCode.InvalidInput, path: 'format' });
    const video = { ...submission, format: EvidenceFormat.Video };
    expect(checkSubmission(awaitingSubmission(coursework), video)).toMatchObject({
      code: ErrorCode.InvalidInput,
      path: 'format',
    });
  });

  it('rejects any format when the journey has no pathway context', () => {
    const state = { ...awaitingSubmission(), context: null };
    expect(checkSubmission(state, submission)).toMatchObject({ code: ErrorCode.InvalidInput, path: 'format' });
  });

  it.each([
    ['an empty title', { title: '' }, 'title'],
    ['a blank title', { title: ' \t\n ' }, 'title'],
    ['empty content', { content: '' }, 'content'],
    ['blank content', { content: '   ' }, 'content'],
    ['content over the limit', { content: 'c'.repeat(MAX_CONTENT_CHARS + 1) }, 'content'],
    ['an empty reflection', { reflection: '' }, 'reflection'],
    ['a blank reflection', { reflection: '\n\n' }, 'reflection'],
    ['a reflection over the limit', { reflection: 'r'.repeat(MAX_REFLECTION_CHARS + 1) }, 'reflection'],
  ])('rejects %s', (_case, change, path) => {
    expect(checkSubmission(awaitingSubmission(), { ...submission, ...change })).toMatchObject({
      code: ErrorCode.InvalidInput,
      path,
    });
  });
});

describe('applySubmission', () => {
  it('records the submission without changing the input', () => {
    const state = awaitingSubmission();
    const next = applyFrozen(state, (s) => applySubmission(s, submission, AT, 'sub-1'));
    expect(next.submission).toEqual({
      submissionId: 'sub-1',
      format: submission.format,
      title: submission.title,
      content: submission.content,
      reflection: submission.reflection,
      submittedAt: AT,
    });
    expect(next.submission).not.toHaveProperty('actorId');
    expect({ ...next, submission: null }).toEqual(state);
  });
});

// ---- assessment -------------------------------------------------------------------------------------

describe('checkScoring', () => {
  it('accepts valid scores from the assigned assessor', () => {
    expect(checkScoring(awaitingAssessment(), score)).toBeNull();
  });

  it.each(allStages.filter((s) => s !== JourneyStage.AwaitingAssessment))('rejects scoring while %s', (stage) => {
    const state = { ...awaitingAssessment(), stage };
    expect(checkScoring(state, score)?.code).toBe(ErrorCode.NotAllowedInStage);
  });

  it.each([CANDIDATE, MANAGER, 'emp-other-assessor'])('rejects scoring by %s, who is not the assigned assessor', (actorId) => {
    expect(checkScoring(awaitingAssessment(), { ...score, actorId })?.code).toBe(ErrorCode.NotAssignedAssessor);
  });

  it('rejects scoring before an assessor is assigned', () => {
    const state = { ...awaitingAssessment(), assessorId: null };
    expect(checkScoring(state, score)?.code).toBe(ErrorCode.NotAssignedAssessor);
  });

  it('rejects scoring a submission twice', () => {
    const scored = applyScoring(awaitingAssessment(), score, AT, 'asm-1');
    expect(checkScoring(scored, score)?.code).toBe(ErrorCode.NotAllowedInStage);
  });

  it.each([
    ['a missing criterion', { 'architecture-design': 3, security: 3, communication: 3 }],
    ['a level above the scale', { ...passingScores, security: 5 }],
    ['a level below the scale', { ...passingScores, security: 0 }],
    ['a fractional level', { ...passingScores, communication: 2.5 }],
    ['an unknown criterion', { ...passingScores, creativity: 4 }],
    ['no scores at all', {}],
  ])('rejects %s', (_case, scores: Scores) => {
    expect(checkScoring(awaitingAssessment(), { ...score, scores })).toMatchObject({
      code: ErrorCode.InvalidInput,
      path: 'scores',
    });
  });

  it('rejects scores when the journey has no rubric', () => {
    const state = { ...awaitingAssessment(), context: null };
    expect(checkScoring(state, score)).toMatchObject({ code: ErrorCode.InvalidInput, path: 'scores' });
  });
});

describe('applyScoring', () => {
  it('records a pass decided by the rubric without changing the input', () => {
    const state = awaitingAssessment();
    const next = applyFrozen(state, (s) => applyScoring(s, score, AT, 'asm-1'));
    expect(next.assessment).toMatchObject({
      assessmentId: 'asm-1',
      assessorId: ASSESSOR,
      scores: passingScores,
      average: 3.25,
      outcome: 'passed',
      comment: 'Clear trade-offs.',
      decidedAt: AT,
    });
    expect(next.assessment?.rationale).toEqual(expect.any(String));
    expect({ ...next, assessment: null }).toEqual(state);
  });

  it('records a fail on a critical criterion with the rubric rationale', () => {
    const failing = { ...score, scores: { ...passingScores, security: 2, 'cost-optimisation': 4, communication: 4 } };
    const next = applyFrozen(awaitingAssessment(), (s) => applyScoring(s, failing, AT, 'asm-2'));
    expect(next.assessment).toMatchObject({ outcome: 'not_passed', average: 3.25 });
    expect(next.assessment?.rationale).toContain('Security');
  });

  it('leaves the stage for the workflow to move', () => {
    expect(applyScoring(awaitingAssessment(), score, AT, 'asm-1').stage).toBe(JourneyStage.AwaitingAssessment);
  });
});
