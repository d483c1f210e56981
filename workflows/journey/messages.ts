import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { EvidenceFormat, JourneyStage } from '../../domain/journey.js';
import type { Scores } from '../../domain/rubric.js';
import type { JourneyState } from './types.js';

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
  content: string;
  reflection: string;
}

export interface ScoreSubmissionInput {
  actorId: string;
  scores: Scores;
  comment: string;
}

export interface StageAnswer {
  stage: JourneyStage;
}

export const decideApprovalUpdate = defineUpdate<StageAnswer, [DecideApprovalInput]>('decideApproval');
export const submitEvidenceUpdate = defineUpdate<StageAnswer, [SubmitEvidenceInput]>('submitEvidence');
export const scoreSubmissionUpdate = defineUpdate<StageAnswer, [ScoreSubmissionInput]>('scoreSubmission');
export const getJourneyQuery = defineQuery<JourneyState>('getJourney');
