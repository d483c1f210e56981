import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { EvidenceFormat, JourneyStage } from '../../domain/journey.js';
import type { Scores } from '../../domain/rubric.js';
import type { JourneySnapshot } from './snapshot.js';
import type { EvidenceFile } from '../../domain/journey-records.js';
import type { JourneyContext, PathwayTerms, PersonRef } from '../../domain/journey-context.js';

// Message names are part of the contract with running journeys: never rename them.

export interface DecideApprovalInput {
  approvalId: string;
  actorId: string;
  decision: 'approve' | 'decline';
  comment?: string;
}

export interface SubmitEvidenceInput {
  actorId: string;
  format: EvidenceFormat;
  title: string;
  /** The report text, or a description of the video or demonstration. */
  content: string;
  reflection: string;
  /** A video by link. */
  url?: string;
  /** An uploaded file (POST /uploads first), by its sha256. */
  file?: EvidenceFile;
  /** For a live demonstration: when it takes place, agreed with the panel. */
  scheduledAt?: string;
}

export interface ScoreSubmissionInput {
  actorId: string;
  scores: Scores;
  comment: string;
}

export interface ModerateAssessmentInput {
  actorId: string;
  scores: Scores;
  rationale: string;
}

export interface RecordCheckInInput {
  actorId: string;
  progress: string;
  blockers: string;
  nextSteps: string;
}

export interface AdjustLearningPlanInput {
  actorId: string;
  goals: string[];
  note: string;
}

export interface ResolveIncidentInput {
  incidentId: string;
  actorId: string;
  /** What was done about it, for the audit trail. */
  note: string;
  /** Evaluate with this rule-set version instead (e.g. when the pinned one is missing or invalid). */
  ruleSetId?: string;
}

export interface RecordMilestoneInput {
  actorId: string;
  key: string;
  title: string;
  badge?: string;
}

export interface FileAppealInput {
  actorId: string;
  grounds: string;
}

export interface DecideAppealInput {
  actorId: string;
  outcome: 'uphold' | 'overturn' | 'reassess';
  rationale: string;
}

/** An assessor, moderator or appeal reviewer who cannot judge the candidate fairly steps aside (patch response-deadlines). */
export interface DeclareConflictInput {
  actorId: string;
  explanation: string;
}

export interface PauseJourneyInput {
  actorId: string;
  reason: string;
}

export interface ResumeJourneyInput {
  actorId: string;
}

export interface WithdrawJourneyInput {
  actorId: string;
  reason: string;
}

export interface TransferPathwayInput {
  actorId: string;
  pathwayId: string;
}

export interface RevokeCredentialInput {
  actorId: string;
  reason: string;
  /**
   * The member whose proposal this confirms. Where a revocation takes two members, a second member's
   * revocation must say whose proposal it confirms: one who meant to propose (from a page shown before
   * the proposal came in) would otherwise confirm someone else's, with their reason, unawares.
   */
  confirms?: string;
}

/**
 * A new version of a rule set the journey is pinned to was published. `keep`: the journey stays on its
 * version; `transition`: it moves at `effectiveAt`, after a notice email, with deadlines adjusted;
 * `immediate`: it moves now. Sent by the publishing service to every journey in flight on the old version.
 */
export interface ApplyRuleChangeInput {
  previousRuleSetId: string;
  ruleSetId: string;
  policy: 'keep' | 'transition' | 'immediate';
  effectiveAt: string;
  publishedBy: string;
  reason: string;
}

/** One area of a program change and when it reaches the journey (keep: never; the area is then left out). */
export interface ProgramChangeStep {
  area: 'rubric' | 'evidence' | 'timing' | 'recertification';
  policy: 'transition' | 'immediate';
  effectiveAt: string;
}

/**
 * A new version of the journey's program took effect. Journeys in flight take each listed area at its
 * `effectiveAt` (after a notice email for a transition), never in the middle of an assessment round;
 * holders take the re-certification terms and rubric when their next re-certification window opens.
 * `program` and `pathways` are the new version's terms; a pathway the version dropped is absent.
 */
export interface ApplyProgramChangeInput {
  programVersionId: string;
  version: number;
  reason: string;
  publishedBy: string;
  steps: ProgramChangeStep[];
  program: JourneyContext['program'];
  pathways: PathwayTerms[];
}

/**
 * The candidate left the company (patch directory-changes), sent by the people directory's departure
 * workflow: a journey in progress is withdrawn with `reason`; a holder's credential follows the program's
 * policy (kept on record until it expires, or lapsed now) and no reminder is sent again.
 */
export interface CandidateLeftInput {
  leftAt: string;
  reason: string;
  /** The program's policy now (credential.whenHolderLeaves). */
  credentialPolicy: 'keep' | 'lapse';
}

/**
 * The candidate's manager changed in the directory (patch directory-changes): a pending approval request
 * is closed and sent to the new manager, and the previous one is told it no longer waits on them.
 */
export interface ManagerChangedInput {
  manager: PersonRef | null;
}

/** Who may do what is decided by the workflow from these, resolved by the API from the directory. */
export interface ActorRoles {
  isHr?: boolean;
  isCommittee?: boolean;
}

export interface StageAnswer {
  stage: JourneyStage;
}

export const decideApprovalUpdate = defineUpdate<StageAnswer, [DecideApprovalInput]>('decideApproval');
export const submitEvidenceUpdate = defineUpdate<StageAnswer, [SubmitEvidenceInput]>('submitEvidence');
export const scoreSubmissionUpdate = defineUpdate<StageAnswer, [ScoreSubmissionInput]>('scoreSubmission');
export const moderateAssessmentUpdate = defineUpdate<StageAnswer, [ModerateAssessmentInput]>('moderateAssessment');
export const recordCheckInUpdate = defineUpdate<StageAnswer, [RecordCheckInInput]>('recordCheckIn');
export const adjustLearningPlanUpdate = defineUpdate<StageAnswer, [AdjustLearningPlanInput]>('adjustLearningPlan');
export const recordMilestoneUpdate = defineUpdate<StageAnswer, [RecordMilestoneInput]>('recordMilestone');
export const fileAppealUpdate = defineUpdate<StageAnswer, [FileAppealInput]>('fileAppeal');
export const decideAppealUpdate = defineUpdate<StageAnswer, [DecideAppealInput]>('decideAppeal');
export const declareConflictUpdate = defineUpdate<StageAnswer, [DeclareConflictInput]>('declareConflict');
export const pauseJourneyUpdate = defineUpdate<StageAnswer, [PauseJourneyInput & ActorRoles]>('pauseJourney');
export const resumeJourneyUpdate = defineUpdate<StageAnswer, [ResumeJourneyInput & ActorRoles]>('resumeJourney');
export const withdrawJourneyUpdate = defineUpdate<StageAnswer, [WithdrawJourneyInput & ActorRoles]>('withdrawJourney');
export const transferPathwayUpdate = defineUpdate<StageAnswer, [TransferPathwayInput & ActorRoles]>('transferPathway');
export const revokeCredentialUpdate = defineUpdate<StageAnswer, [RevokeCredentialInput & ActorRoles]>('revokeCredential');
export const applyRuleChangeUpdate = defineUpdate<StageAnswer, [ApplyRuleChangeInput]>('applyRuleChange');
/** A program version took effect (patch program-versions). */
export const applyProgramChangeUpdate = defineUpdate<StageAnswer, [ApplyProgramChangeInput]>('applyProgramChange');
/** The candidate left the company (patch directory-changes). */
export const candidateLeftUpdate = defineUpdate<StageAnswer, [CandidateLeftInput]>('candidateLeft');
/** The candidate's manager changed (patch directory-changes). */
export const managerChangedUpdate = defineUpdate<StageAnswer, [ManagerChangedInput]>('managerChanged');
/** HR or an admin has dealt with an open incident; the journey tries the failed step again (patch rules-incidents). */
export const resolveIncidentUpdate = defineUpdate<StageAnswer, [ResolveIncidentInput]>('resolveIncident');
export const getJourneyQuery = defineQuery<JourneySnapshot>('getJourney');
