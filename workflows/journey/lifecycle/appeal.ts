import { patched } from '@temporalio/workflow';
import { addIsoDuration } from '../../../domain/duration.js';
import { JourneyStage } from '../../../domain/journey.js';
import { appealOutcome } from '../../../domain/panel.js';
import { db } from '../activities.js';
import { type Journey, notify, record } from '../journal.js';
import { JourneyPatches } from '../patches.js';
import { clearDeadlines, now, setDeadline, waitUntilOr } from './waits.js';

export type AppealResult = 'none' | 'upheld' | 'overturned' | 'reassess' | 'ended';

/**
 * After a "not passed" the candidate may appeal, with grounds, within the program's window. Reviewers
 * come from committee members whose term is current, never the assessors or the moderator; each votes,
 * and the majority decides (a tie sends the submission to a new panel).
 */
export async function offerAppeal(journey: Journey): Promise<AppealResult> {
  const { candidate, program } = journey.state.context!;
  const appealUntil = addIsoDuration(now(), program.appealWindow ?? 'P14D');
  setDeadline(journey, 'appeal', appealUntil);
  await record(journey, 'appeal_window_opened', { stage: JourneyStage.AppealWindow, data: { appealUntil } });
  const assessment = journey.state.assessment!;
  await notify(candidate.email, {
    template: 'assessment-result',
    params: { candidateName: candidate.name, programName: program.name, outcome: assessment.outcome, average: assessment.average, rationale: assessment.rationale, appealUntil },
  });
  const filed = await waitUntilOr(journey, () => !!journey.state.appeal, 'appeal');
  clearDeadlines(journey, 'appeal');
  if (filed === 'ended') return 'ended';
  if (filed === 'deadline') {
    await record(journey, 'appeal_window_closed', { data: { appealUntil } });
    return 'none';
  }

  const appeal = journey.state.appeal!;
  const assessors = [...(assessment.panel ?? [assessment.assessorId]), ...(assessment.moderatedBy ? [assessment.moderatedBy] : [])];
  const reviewers = await db.selectCommitteeMembers({
    selectionKey: appeal.appealId,
    count: program.appealReviewers ?? 2,
    exclude: [candidate.id, ...assessors],
    asOf: now(),
    programId: program.id,
    ...(patched(JourneyPatches.conflictsOfInterest) ? { candidateId: candidate.id } : {}),
  });
  journey.state = { ...journey.state, appeal: { ...appeal, reviewers: reviewers.map((r) => r.id) } };
  await db.recordAppeal({ appealId: appeal.appealId, journeyId: journey.state.journeyId, assessmentId: appeal.assessmentId, grounds: appeal.grounds, filedAt: appeal.filedAt, filedBy: candidate.id, reviewers: reviewers.map((r) => r.id) });
  await record(journey, 'appeal_filed', { actorId: candidate.id, stage: JourneyStage.UnderAppeal, data: { appealId: appeal.appealId, grounds: appeal.grounds, reviewers: reviewers.map((r) => r.id) } });
  for (const reviewer of reviewers) {
    await notify(reviewer.email, {
      template: 'appeal-review-requested',
      params: { reviewerName: reviewer.name, candidateName: candidate.name, programName: program.name, journeyId: journey.state.journeyId, grounds: appeal.grounds },
    });
  }

  const allVoted = () => reviewers.every((r) => journey.state.appeal?.votes?.[r.id]);
  if ((await waitUntilOr(journey, allVoted)) === 'ended') return 'ended';
  const votes = journey.state.appeal!.votes!;
  const outcome = appealOutcome(reviewers.map((r) => votes[r.id]!.outcome));
  const rationale = reviewers.map((r) => `${r.name}: ${votes[r.id]!.outcome}, ${votes[r.id]!.rationale}`).join(' | ');
  const decidedAt = now();
  journey.state = { ...journey.state, appeal: { ...journey.state.appeal!, outcome, rationale, decidedAt, decidedBy: reviewers.map((r) => r.id).join(',') } };
  await db.recordAppealDecision({ appealId: appeal.appealId, outcome, rationale, decidedBy: reviewers.map((r) => r.id).join(','), decidedAt });
  if (outcome === 'overturned') {
    journey.state = { ...journey.state, assessment: { ...assessment, outcome: 'passed', rationale: `Overturned on appeal. ${rationale}` } };
  }
  await record(journey, 'appeal_decided', { data: { appealId: appeal.appealId, outcome, rationale } });
  await notify(candidate.email, { template: 'appeal-decided', params: { candidateName: candidate.name, programName: program.name, outcome, rationale } });
  return outcome;
}
