import type { JourneyNote } from '../../domain/journey-events.js';
import { type DomainError, ErrorCode } from '../../domain/errors.js';
import { EvidenceFormat, HOLDING_STAGES, JourneyStage } from '../../domain/journey.js';
import { checkScores } from '../../domain/rubric.js';
import type {
  CandidateLeftInput,
  ManagerChangedInput,
  ApplyProgramChangeInput,
  ActorRoles,
  AdjustLearningPlanInput,
  ApplyRuleChangeInput,
  DecideAppealInput,
  DeclareConflictInput,
  FileAppealInput,
  ModerateAssessmentInput,
  PauseJourneyInput,
  RecordCheckInInput,
  RecordMilestoneInput,
  RevokeCredentialInput,
  ScoreSubmissionInput,
  SubmitEvidenceInput,
  TransferPathwayInput,
  WithdrawJourneyInput,
} from './messages.js';
import { checkSubmission as checkFirstSubmission } from './state.js';
import type { JourneyState } from './types.js';

// Pure checks and transitions for the full lifecycle's messages (patch full-lifecycle). Each check
// returns why the message is refused now, or null; each apply returns the next state. Each asks who is
// acting before anything about the stage, so a refusal tells someone who may not act nothing more.
// (Validators do not run on replay: reordering their checks changes no history.)

const reject = (code: DomainError['code'], message: string, path?: string): DomainError =>
  path === undefined ? { code, message } : { code, message, path };

const ACTIVE_BEFORE_CREDENTIAL: readonly string[] = [
  JourneyStage.AwaitingSubmission,
  JourneyStage.AwaitingAssessment,
  JourneyStage.InModeration,
  JourneyStage.AppealWindow,
  JourneyStage.UnderAppeal,
];
const HOLDING_CREDENTIAL: readonly string[] = HOLDING_STAGES;

const isCandidateSide = (state: JourneyState, actorId: string, roles: ActorRoles) =>
  actorId === state.candidateId || actorId === state.context?.manager?.id || !!roles.isHr;

const text = (value: string, field: string, max: number, min = 1): DomainError | null => {
  const length = value.trim().length;
  if (length < min) return reject(ErrorCode.InvalidInput, `${field} needs at least ${min} characters.`, field);
  return length > max ? reject(ErrorCode.InvalidInput, `${field} is at most ${max} characters.`, field) : null;
};

/** Deadlines move by the time spent on leave, so a pause never costs the candidate time. */
export function shiftDeadlines(deadlines: Record<string, string>, ms: number): Record<string, string> {
  return Object.fromEntries(
    Object.entries(deadlines).map(([key, at]) => [key, new Date(Date.parse(at) + ms).toISOString()]),
  );
}

export function checkPause(state: JourneyState, input: PauseJourneyInput & ActorRoles): DomainError | null {
  if (!isCandidateSide(state, input.actorId, input)) return reject(ErrorCode.Forbidden, 'Only the candidate, their manager or HR can pause a journey.');
  if (state.stage === JourneyStage.Paused) return reject(ErrorCode.NotAllowedInStage, 'The journey is already paused.');
  if (!ACTIVE_BEFORE_CREDENTIAL.includes(state.stage)) {
    return reject(ErrorCode.NotAllowedInStage, `A journey can be paused while working towards the credential, not when ${state.stage}.`);
  }
  return text(input.reason, 'reason', 500);
}

export function applyPause(state: JourneyState, at: string): JourneyState {
  return { ...state, pausedAt: at, pausedFrom: state.stage, stage: JourneyStage.Paused };
}

export function checkResume(state: JourneyState, input: { actorId: string } & ActorRoles): DomainError | null {
  if (!isCandidateSide(state, input.actorId, input)) return reject(ErrorCode.Forbidden, 'Only the candidate, their manager or HR can resume a journey.');
  return state.stage === JourneyStage.Paused ? null : reject(ErrorCode.NotAllowedInStage, 'The journey is not paused.');
}

export function applyResume(state: JourneyState, at: string, actorId: string): JourneyState {
  const pausedMs = Math.max(0, Date.parse(at) - Date.parse(state.pausedAt ?? at));
  return {
    ...state,
    stage: state.pausedFrom ?? JourneyStage.AwaitingSubmission,
    pausedAt: null,
    pausedFrom: null,
    deadlines: shiftDeadlines(state.deadlines ?? {}, pausedMs),
    pendingNotes: [...(state.pendingNotes ?? []), { type: 'journey_resumed', actorId, data: { pausedMs } }],
  };
}

export function checkWithdraw(state: JourneyState, input: WithdrawJourneyInput & ActorRoles): DomainError | null {
  if (input.actorId !== state.candidateId && !input.isHr) return reject(ErrorCode.Forbidden, 'Only the candidate or HR can withdraw a journey.');
  if (state.withdrawal) return reject(ErrorCode.NotAllowedInStage, 'The journey is already withdrawn.');
  const open = [...ACTIVE_BEFORE_CREDENTIAL, JourneyStage.Paused, JourneyStage.AwaitingManagerApproval];
  if (!open.includes(state.stage)) return reject(ErrorCode.NotAllowedInStage, `A journey cannot be withdrawn when ${state.stage}.`);
  return text(input.reason, 'reason', 500);
}

export function checkTransfer(state: JourneyState, input: TransferPathwayInput & ActorRoles): DomainError | null {
  if (input.actorId !== state.candidateId && !input.isHr) return reject(ErrorCode.Forbidden, 'Only the candidate or HR can change pathway.');
  if (state.stage !== JourneyStage.AwaitingSubmission) {
    return reject(ErrorCode.NotAllowedInStage, 'The pathway can be changed while evidence is being prepared, not after it is submitted.');
  }
  if (input.pathwayId === state.pathwayId) return reject(ErrorCode.InvalidInput, 'The journey is already on this pathway.', 'pathwayId');
  const target = state.context?.pathways?.find((p) => p.id === input.pathwayId);
  return target ? null : reject(ErrorCode.NotFound, `This program has no pathway ${input.pathwayId}.`, 'pathwayId');
}

export function applyTransfer(state: JourneyState, input: TransferPathwayInput): JourneyState {
  const target = state.context!.pathways!.find((p) => p.id === input.pathwayId)!;
  const note: JourneyNote = { type: 'pathway_transferred', actorId: input.actorId, data: { from: state.pathwayId, to: target.id } };
  return {
    ...state,
    pathwayId: target.id,
    context: { ...state.context!, pathway: target },
    pendingNotes: [...(state.pendingNotes ?? []), note],
  };
}

/** First submissions and resubmissions as before; during re-certification a reflective write-up also counts. */
export function checkEvidence(state: JourneyState, input: SubmitEvidenceInput): DomainError | null {
  // The actor first, in words that fit every stage: a refusal must not tell anyone else the stage.
  if (input.actorId !== state.candidateId) return reject(ErrorCode.NotCandidate, 'Only the candidate can submit evidence for this journey.');
  if (state.stage === JourneyStage.RecertificationDue) {
    if (state.recertification?.submittedAt) return reject(ErrorCode.NotAllowedInStage, 'Re-certification evidence has already been submitted.');
    // The program's re-certification pathway when it names formats (program versions); else the holder's pathway's.
    const formats = state.context?.program.recertificationEvidenceFormats ?? state.context?.pathway.evidenceFormats ?? [];
    const accepted = [...formats, EvidenceFormat.ReflectiveWriteUp];
    if (!accepted.includes(input.format)) return reject(ErrorCode.InvalidInput, `Re-certification accepts ${accepted.join(', ')}.`, 'format');
    return text(input.content, 'content', 50_000) ?? text(input.reflection, 'reflection', 10_000);
  }
  const base = checkFirstSubmission(state, input);
  if (base) return base;
  if (input.format === EvidenceFormat.Video && !input.url && !input.file) {
    return reject(ErrorCode.InvalidInput, 'A video needs a link or an uploaded file.', 'url');
  }
  if (input.format === EvidenceFormat.LiveDemonstration && !input.scheduledAt) {
    return reject(ErrorCode.InvalidInput, 'A live demonstration needs a scheduled time agreed with the panel.', 'scheduledAt');
  }
  if (input.url && !/^https:\/\/\S+$/.test(input.url)) return reject(ErrorCode.InvalidInput, 'A video link must be an https URL.', 'url');
  return null;
}

export function checkPanelScore(state: JourneyState, input: ScoreSubmissionInput, at: string): DomainError | null {
  if (!(state.panel ?? []).some((member) => member.id === input.actorId)) {
    return reject(ErrorCode.NotAssignedAssessor, 'Only members of the assessment panel can score this submission.');
  }
  // A re-certification review is scored like a first assessment, by its (single-member) panel.
  if (state.stage !== JourneyStage.AwaitingAssessment && state.stage !== JourneyStage.RecertificationReview) {
    return reject(ErrorCode.NotAllowedInStage, `Cannot score a submission: the journey is ${state.stage}, not awaiting_assessment.`);
  }
  if (state.panelScores?.[input.actorId]) return reject(ErrorCode.NotAllowedInStage, 'You have already scored this submission.');
  const scheduledAt = state.submission?.scheduledAt;
  if (scheduledAt && Date.parse(at) < Date.parse(scheduledAt)) {
    return reject(ErrorCode.NotAllowedInStage, `The demonstration takes place at ${scheduledAt}; score it afterwards.`);
  }
  const problem = state.context ? checkScores(state.context.pathway.rubric, input.scores) : 'no rubric';
  return problem ? reject(ErrorCode.InvalidInput, `Scores rejected: ${problem}.`, 'scores') : text(input.comment, 'comment', 5000, 0);
}

export function checkModeration(state: JourneyState, input: ModerateAssessmentInput): DomainError | null {
  if (!state.moderatorId || state.moderatorId !== input.actorId) return reject(ErrorCode.Forbidden, 'Only the appointed moderator can moderate this assessment.');
  if (state.stage !== JourneyStage.InModeration) return reject(ErrorCode.NotAllowedInStage, 'This assessment is not in moderation.');
  const problem = checkScores(state.context!.pathway.rubric, input.scores);
  return problem ? reject(ErrorCode.InvalidInput, `Scores rejected: ${problem}.`, 'scores') : text(input.rationale, 'rationale', 5000, 10);
}

export function checkCheckIn(state: JourneyState, input: RecordCheckInInput): DomainError | null {
  if (!state.mentor || state.mentor.id !== input.actorId) return reject(ErrorCode.Forbidden, "Only the candidate's mentor records check-ins.");
  const open = state.checkIns?.at(-1);
  if (!open || open.recordedAt || open.missed) return reject(ErrorCode.NotAllowedInStage, 'No check-in is due right now.');
  return text(input.progress, 'progress', 5000) ?? text(input.blockers, 'blockers', 5000, 0) ?? text(input.nextSteps, 'nextSteps', 5000);
}

export function checkLearningPlan(state: JourneyState, input: AdjustLearningPlanInput): DomainError | null {
  if (input.actorId !== state.mentor?.id && input.actorId !== state.candidateId) {
    return reject(ErrorCode.Forbidden, 'Only the candidate and their mentor can change the learning plan.');
  }
  if (![...ACTIVE_BEFORE_CREDENTIAL, JourneyStage.Paused].includes(state.stage)) {
    return reject(ErrorCode.NotAllowedInStage, `The learning plan cannot change when ${state.stage}.`);
  }
  if (input.goals.length === 0 || input.goals.length > 20) return reject(ErrorCode.InvalidInput, 'A plan has 1 to 20 goals.', 'goals');
  return input.goals.map((goal) => text(goal, 'goals', 500)).find(Boolean) ?? text(input.note, 'note', 2000, 0);
}

export function checkMilestone(state: JourneyState, input: RecordMilestoneInput & ActorRoles): DomainError | null {
  const onPanel = (state.panel ?? []).some((member) => member.id === input.actorId);
  if (input.actorId !== state.mentor?.id && !onPanel && !input.isHr) {
    return reject(ErrorCode.Forbidden, 'Milestones are recorded by the mentor, a panel member or HR.');
  }
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(input.key)) return reject(ErrorCode.InvalidInput, 'A milestone key is kebab-case, 2 to 63 characters.', 'key');
  if ((state.milestones ?? []).some((m) => m.key === input.key)) return reject(ErrorCode.NotAllowedInStage, `Milestone ${input.key} is already recorded.`, 'key');
  return text(input.title, 'title', 200);
}

export function checkAppeal(state: JourneyState, input: FileAppealInput): DomainError | null {
  if (input.actorId !== state.candidateId) return reject(ErrorCode.NotCandidate, 'Only the candidate can appeal their assessment.');
  // A decision other than an assessment keeps its stage while it may be appealed (patch decision-appeals).
  if (state.stage !== JourneyStage.AppealWindow && !state.appealable) {
    const closed = state.stage === JourneyStage.NotPassed || state.stage === JourneyStage.AwaitingSubmission;
    return reject(ErrorCode.NotAllowedInStage, closed ? 'The appeal window has closed.' : `There is no decision to appeal when ${state.stage}.`);
  }
  if (state.appeal) return reject(ErrorCode.NotAllowedInStage, 'This decision has already been appealed.');
  return text(input.grounds, 'grounds', 5000, 20);
}

export function checkAppealVote(state: JourneyState, input: DecideAppealInput): DomainError | null {
  if (!state.appeal?.reviewers.includes(input.actorId)) return reject(ErrorCode.Forbidden, 'Only the reviewers appointed to this appeal can decide it.');
  if (state.stage !== JourneyStage.UnderAppeal) return reject(ErrorCode.NotAllowedInStage, 'There is no appeal under review.');
  if (state.appeal.votes?.[input.actorId]) return reject(ErrorCode.NotAllowedInStage, 'You have already decided this appeal.');
  if (input.outcome === 'reassess' && state.appealable) return reject(ErrorCode.InvalidInput, `Only an assessment can be reassessed; uphold or overturn the ${state.appealable.kind} decision.`, 'outcome');
  return text(input.rationale, 'rationale', 5000, 10);
}

/**
 * A conflict of interest is declared by someone the journey is waiting on, before they have answered:
 * a panel member who has not scored, the moderator, a reviewer who has not voted.
 */
export function checkDeclareConflict(state: JourneyState, input: DeclareConflictInput): DomainError | null {
  const awaiting = state.awaiting;
  if (!awaiting?.personIds.includes(input.actorId)) {
    return reject(ErrorCode.Forbidden, 'Only a panel member, moderator or appeal reviewer this journey is waiting on can declare a conflict of interest.');
  }
  const answered =
    awaiting!.task === 'scoring' ? !!state.panelScores?.[input.actorId] : awaiting!.task === 'moderation' ? !!state.moderation : !!state.appeal?.votes?.[input.actorId];
  if (answered) return reject(ErrorCode.NotAllowedInStage, 'You have already answered; a conflict of interest can only be declared before.');
  if ((state.stepAside ?? []).some((s) => s.personId === input.actorId)) return reject(ErrorCode.NotAllowedInStage, 'You have already declared a conflict of interest.');
  return text(input.explanation, 'explanation', 2000, 10);
}

export function checkRevoke(state: JourneyState, input: RevokeCredentialInput & ActorRoles): DomainError | null {
  if (!input.isCommittee) return reject(ErrorCode.Forbidden, 'Only the certification committee can revoke a credential.');
  if (!HOLDING_CREDENTIAL.includes(state.stage) || !state.credential) return reject(ErrorCode.NotAllowedInStage, 'There is no active credential to revoke.');
  if (state.revocation) return reject(ErrorCode.NotAllowedInStage, 'The credential is already revoked.');
  if (state.revocationProposal?.actorId === input.actorId) return reject(ErrorCode.NotAllowedInStage, 'You have proposed this revocation; a second committee member must confirm it.');
  // A validator is not run on replay: a change here needs no patch.
  if (state.revocationNeedsTwo) {
    const proposal = state.revocationProposal;
    if (proposal && input.confirms !== proposal.actorId) {
      return reject(ErrorCode.Conflict, "Another committee member has proposed this revocation: read their reason and confirm their proposal (it stands with their reason), or leave it.", 'confirms');
    }
    if (!proposal && input.confirms) return reject(ErrorCode.Conflict, 'There is no proposed revocation to confirm: nothing was revoked.', 'confirms');
  }
  return text(input.reason, 'reason', 2000, 10);
}

export function checkRuleChange(state: JourneyState, input: ApplyRuleChangeInput): DomainError | null {
  const open = [...ACTIVE_BEFORE_CREDENTIAL, ...HOLDING_CREDENTIAL, JourneyStage.Paused, JourneyStage.AwaitingManagerApproval];
  if (!open.includes(state.stage)) return reject(ErrorCode.NotAllowedInStage, `The journey is ${state.stage}; rule changes no longer apply to it.`);
  if (state.ruleSetId !== input.previousRuleSetId) {
    return reject(ErrorCode.NotAllowedInStage, `The journey follows ${state.ruleSetId}, not ${input.previousRuleSetId}.`, 'previousRuleSetId');
  }
  if (Number.isNaN(Date.parse(input.effectiveAt))) return reject(ErrorCode.InvalidInput, 'effectiveAt must be an ISO 8601 instant.', 'effectiveAt');
  return text(input.reason, 'reason', 2000);
}

/**
 * keep: nothing changes but the record of the decision; immediate: the journey follows the new
 * version now; transition: it is scheduled, and the rules fiber moves it at `effectiveAt`.
 */
export function applyRuleChange(state: JourneyState, input: ApplyRuleChangeInput): JourneyState {
  const data = { from: input.previousRuleSetId, to: input.ruleSetId, policy: input.policy, effectiveAt: input.effectiveAt, reason: input.reason };
  const notes = state.pendingNotes ?? [];
  if (input.policy === 'keep') return { ...state, pendingNotes: [...notes, { type: 'rule_change_kept', actorId: input.publishedBy, data }] };
  if (input.policy === 'immediate') {
    return { ...state, ruleSetId: input.ruleSetId, pendingNotes: [...notes, { type: 'rule_version_changed', actorId: input.publishedBy, data }] };
  }
  const { previousRuleSetId, ruleSetId, effectiveAt, reason } = input;
  return {
    ...state,
    ruleTransition: { previousRuleSetId, ruleSetId, effectiveAt, reason },
    deadlines: { ...state.deadlines, ruleTransition: effectiveAt },
    pendingNotes: [...notes, { type: 'rule_change_scheduled', actorId: input.publishedBy, data }],
  };
}


export function checkProgramChange(state: JourneyState, input: ApplyProgramChangeInput): DomainError | null {
  const open = [...ACTIVE_BEFORE_CREDENTIAL, ...HOLDING_CREDENTIAL, JourneyStage.Paused, JourneyStage.AwaitingManagerApproval, JourneyStage.Enrolled];
  if (!open.includes(state.stage)) return reject(ErrorCode.NotAllowedInStage, `The journey is ${state.stage}; program changes no longer apply to it.`);
  const current = Math.max(state.context?.program.version ?? 0, state.programChange?.version ?? 0, state.recertificationTerms?.version ?? 0);
  if (input.version <= current) return reject(ErrorCode.InvalidInput, `The journey already knows version ${current} of the program.`, 'version');
  if (state.context && input.program.id !== state.context.program.id) return reject(ErrorCode.InvalidInput, `The journey is on ${state.context.program.id}, not ${input.program.id}.`, 'program');
  if (input.steps.some((step) => Number.isNaN(Date.parse(step.effectiveAt)))) return reject(ErrorCode.InvalidInput, 'Every step needs an ISO 8601 effectiveAt.', 'steps');
  return text(input.reason, 'reason', 2000);
}

/**
 * A holder keeps the version for the next re-certification window; a journey in flight takes each step at
 * its date (lifecycle/program-changes.ts). Steps of an earlier version not yet applied stay pending for
 * the areas the newer one does not change, with the newer version's terms (which include them).
 */
export function applyProgramChange(state: JourneyState, input: ApplyProgramChangeInput): JourneyState {
  if (HOLDING_CREDENTIAL.includes(state.stage)) {
    const earlier = state.recertificationTerms?.steps ?? [];
    const steps = [...input.steps, ...earlier.filter((s) => !input.steps.some((n) => n.area === s.area))];
    return { ...state, recertificationTerms: { version: input.version, program: input.program, pathways: input.pathways, steps }, programChange: { ...input, steps: [] } };
  }
  const pending = state.programChange?.steps ?? [];
  const steps = [...input.steps, ...pending.filter((s) => !input.steps.some((n) => n.area === s.area))];
  return { ...state, programChange: { ...input, steps } };
}

/**
 * The candidate left the company (patch directory-changes). A journey in progress is withdrawn; a holder's
 * journey notes the departure and ends holding; a journey already over stays as it is. Told twice, once.
 */
export function applyCandidateLeft(state: JourneyState, input: CandidateLeftInput, at: string): JourneyState {
  if (state.withdrawal || state.revocation || state.departure) return state;
  const departure = { reason: input.reason, at, credentialPolicy: input.credentialPolicy };
  const inProgress = [...ACTIVE_BEFORE_CREDENTIAL, JourneyStage.Enrolled, JourneyStage.Paused, JourneyStage.AwaitingManagerApproval];
  if (inProgress.includes(state.stage)) return { ...state, departure, withdrawal: { actorId: 'system:directory', reason: input.reason, at } };
  return HOLDING_CREDENTIAL.includes(state.stage) ? { ...state, departure } : state;
}

/** A new manager (patch directory-changes): later approvals go to them, and a pending one moves now. */
export function applyManagerChanged(state: JourneyState, input: ManagerChangedInput): JourneyState {
  if (!state.context || state.context.manager?.id === input.manager?.id) return state;
  const next = { ...state, context: { ...state.context, manager: input.manager } };
  const pending = state.stage === JourneyStage.AwaitingManagerApproval && state.approval && state.approval.decision === undefined;
  return pending ? { ...next, approvalRerouted: { previous: state.context.manager } } : next;
}
