import { JourneyStage } from '../../domain/journey.js';
import type { PrismaClient } from '../../prisma/client.js';
import { everyEvent } from './permission-events.js';

// The world the permission tests read, written straight into the read model (no Temporal needed for
// reads). Every sensitive field holds something, so a leak shows as a value:
//   A: alex (manager maya, mentor tom), decided "not passed" by the panel lars/grace/kenji, appealed,
//      the appeal reviewed by dana and felix; the audit trail holds every event type with every key;
//   B: jordan (manager maya, mentor priya), panel lars/nadia/owen, lars and nadia have scored, owen not;
//   C: owen (manager grace, mentor priya), certified after moderation by mira; panel rosa/victor/nadia;
//   D: sam (manager maya, mentor tom), ended "not passed": the end reason quotes the scores;
//   E: nadia (manager lars), waiting for lars's approval.

export const PROGRAM = 'cloud-architecture-practitioner';
export const A = `journey:${PROGRAM}:alex`;
export const B = `journey:${PROGRAM}:jordan`;
export const C = `journey:${PROGRAM}:owen`;
export const D = `journey:${PROGRAM}:sam`;
export const E = `journey:${PROGRAM}:nadia`;
export const ALL_JOURNEYS = [A, B, C, D, E];
export const AT = new Date('2026-06-01T09:00:00.000Z');
export const SCORES = { 'architecture-design': 2, security: 2, 'cost-optimisation': 3, communication: 2 };

/** What the rubric writes when a submission is not passed: the average, each failed criterion's level, the comments. */
export const RATIONALE = 'Average 2.25 is below the pass average 2.5. Security 2 is below its threshold 3. Assessor lars: the threat model is missing.';
export const END_REASON = `Not passed. ${RATIONALE} Reviewer dana: the candidate mentioned a long illness.`;
export const APPROVAL_ID = 'approval-a-1';
export const CHECK_IN_NOTES = { progress: 'Drafted the cost model.', blockers: 'Off sick for two weeks.', nextSteps: 'Threat model next.' };
export const LEARNING_PLAN = { goals: ['Threat modelling'], note: 'Adjusted for a phased return after illness.', updatedAt: AT.toISOString(), updatedBy: 'tom' };

export async function seedPermissionWorld(p: PrismaClient): Promise<void> {
  const base = { programId: PROGRAM, pathwayId: 'cap-portfolio', enrolledAt: AT, updatedAt: AT, cycle: 1, panelRound: 1 };
  await p.journey.createMany({
    data: [
      { ...base, id: A, candidateId: 'alex', stage: JourneyStage.UnderAppeal, mentorId: 'tom', panel: ['lars', 'grace', 'kenji'], outcome: 'not_passed', learningPlan: LEARNING_PLAN },
      { ...base, id: B, candidateId: 'jordan', stage: JourneyStage.AwaitingAssessment, mentorId: 'priya', panel: ['lars', 'nadia', 'owen'] },
      { ...base, id: C, candidateId: 'owen', stage: JourneyStage.Certified, mentorId: 'priya', panel: ['rosa', 'victor', 'nadia'], outcome: 'passed' },
      { ...base, id: D, candidateId: 'sam', stage: JourneyStage.NotPassed, mentorId: 'tom', panel: ['lars', 'grace', 'kenji'], outcome: 'not_passed', endReason: END_REASON, learningPlan: LEARNING_PLAN },
      { ...base, id: E, candidateId: 'nadia', stage: JourneyStage.AwaitingManagerApproval, panelRound: 0 },
    ],
  });
  const submission = { format: 'written_report', title: 'Landing zone', content: 'report', reflection: 'note', contentHash: 'h', submittedAt: AT, cycle: 1 };
  await p.submission.createMany({
    data: [
      { ...submission, id: 'sub-a', journeyId: A, submittedBy: 'alex' },
      { ...submission, id: 'sub-b', journeyId: B, submittedBy: 'jordan' },
      { ...submission, id: 'sub-c', journeyId: C, submittedBy: 'owen' },
      { ...submission, id: 'sub-d', journeyId: D, submittedBy: 'sam' },
    ],
  });
  const scored = (journey: string, key: string, submissionId: string, assessors: string[]) =>
    assessors.map((assessorId) => ({ id: `ps-${key}-${assessorId}`, journeyId: journey, submissionId, round: 1, assessorId, scores: SCORES, comment: `comment by ${assessorId}`, submittedAt: AT }));
  await p.panelScore.createMany({
    data: [...scored(A, 'a', 'sub-a', ['lars', 'grace', 'kenji']), ...scored(B, 'b', 'sub-b', ['lars', 'nadia']), ...scored(C, 'c', 'sub-c', ['rosa', 'victor', 'nadia']), ...scored(D, 'd', 'sub-d', ['lars', 'grace', 'kenji'])],
  });
  const decided = { round: 1, scores: SCORES, average: 2.25, outcome: 'not_passed', rationale: RATIONALE, decidedAt: AT };
  await p.assessment.createMany({
    data: [
      { ...decided, id: 'as-a', journeyId: A, submissionId: 'sub-a', panel: ['lars', 'grace', 'kenji'] },
      { ...decided, id: 'as-c', journeyId: C, submissionId: 'sub-c', panel: ['rosa', 'victor', 'nadia'], moderatedBy: 'mira', outcome: 'passed', average: 3, rationale: `Passed. Moderator mira: ${RATIONALE}` },
      { ...decided, id: 'as-d', journeyId: D, submissionId: 'sub-d', panel: ['lars', 'grace', 'kenji'] },
    ],
  });
  await p.appeal.create({ data: { id: 'ap-a', journeyId: A, assessmentId: 'as-a', grounds: 'The security criterion was misread.', filedAt: AT, filedBy: 'alex', reviewers: ['dana', 'felix'] } });
  await p.checkIn.createMany({
    data: [
      { id: 'ci-a', journeyId: A, mentorId: 'tom', dueAt: AT, recordedAt: AT, ...CHECK_IN_NOTES },
      { id: 'ci-d', journeyId: D, mentorId: 'tom', dueAt: AT, recordedAt: AT, ...CHECK_IN_NOTES },
    ],
  });
  await p.milestone.create({ data: { id: 'ms-a', journeyId: A, key: 'portfolio-reviewed', title: 'Portfolio reviewed', badge: 'reviewer', awardedAt: AT, awardedBy: 'tom' } });
  const approval = { step: 'manager_approval', createdAt: AT };
  await p.approval.createMany({
    data: [
      { ...approval, id: APPROVAL_ID, journeyId: A, approverId: 'maya', tokenHash: 'hash-a', expiresAt: AT, decidedAt: AT, decision: 'approved', comment: 'Go for it' },
      { ...approval, id: 'approval-e-1', journeyId: E, approverId: 'lars', tokenHash: 'hash-e', expiresAt: new Date(Date.now() + 86_400_000) },
    ],
  });
  await p.credential.create({
    data: { id: 'cred-c', number: 'CAP-2026-0001', journeyId: C, cycle: 1, personId: 'owen', programId: PROGRAM, issuedAt: AT, expiresAt: new Date('2028-06-01T09:00:00.000Z'), status: 'active' },
  });

  const event = (journeyId: string, stage: string) => ({ journeyId, at: AT, stage });
  await p.journeyEvent.createMany({
    data: [
      { ...event(A, JourneyStage.UnderAppeal), id: 'ev-a-1', seq: 1, type: 'assessment_decided', data: { outcome: 'not_passed', average: 2.25, scores: SCORES, round: 1, rationale: RATIONALE } },
      { ...event(A, JourneyStage.UnderAppeal), id: 'ev-a-2', seq: 2, type: 'appeal_filed', actorId: 'alex', data: { appealId: 'ap-a', grounds: 'The security criterion was misread.', reviewers: ['dana', 'felix'] } },
      { ...event(A, JourneyStage.AwaitingManagerApproval), id: 'ev-a-3', seq: 3, type: 'approval_requested', data: { approvalId: APPROVAL_ID, approverId: 'maya', expiresAt: AT.toISOString(), attempt: 1 } },
      ...everyEvent().map((e, i) => ({ ...event(A, JourneyStage.UnderAppeal), id: `ev-a-every-${i}`, seq: 10 + i, type: e.type, data: e.data as object })),
      { ...event(C, JourneyStage.InModeration), id: 'ev-c-1', seq: 1, type: 'moderation_requested', data: { moderatorId: 'mira', spread: 2 } },
      { ...event(D, JourneyStage.NotPassed), id: 'ev-d-1', seq: 1, type: 'journey_ended', data: { reason: END_REASON } },
    ],
  });
}
