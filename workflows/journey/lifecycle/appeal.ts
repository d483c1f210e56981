import { patched } from '@temporalio/workflow';
import { addIsoDuration } from '../../../domain/duration.js';
import { JourneyStage } from '../../../domain/journey.js';
import { appealOutcome } from '../../../domain/panel.js';
import { db } from '../activities.js';
import { type Journey, notify, record } from '../journal.js';
import { JourneyPatches } from '../patches.js';
import type { PersonRef } from '../../../domain/journey-context.js';
import { awaitResponses, drawOrWait, openResponses, orNobody } from './responders.js';
import { clearDeadlines, now, setDeadline, waitUntilOr } from './waits.js';

export type AppealOutcome = 'upheld' | 'overturned' | 'reassess';
export type AppealResult = 'none' | AppealOutcome | 'ended';

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
  const filed = await awaitFiling(journey, appealUntil);
  if (filed !== 'filed') return filed;

  const appeal = journey.state.appeal!;
  const assessors = [...(assessment.panel ?? [assessment.assessorId]), ...(assessment.moderatedBy ? [assessment.moderatedBy] : [])];
  const heard = await hearAppeal(journey, { exclude: [candidate.id, ...assessors] });
  if (heard === 'ended') return 'ended';
  const { outcome, rationale } = heard;
  if (outcome === 'overturned') {
    journey.state = { ...journey.state, assessment: { ...assessment, outcome: 'passed', rationale: `Overturned on appeal. ${rationale}` } };
  }
  await record(journey, 'appeal_decided', { data: { appealId: appeal.appealId, outcome, rationale } });
  await notify(candidate.email, { template: 'appeal-decided', params: { candidateName: candidate.name, programName: program.name, outcome, rationale } });
  return outcome;
}

/**
 * The hearing of a filed appeal (`journey.state.appeal`): reviewers drawn from the committee in rotation,
 * without `exclude` (the candidate, whoever made the decision) and, since patch conflicts-of-interest,
 * without anyone with a conflict; each votes, chased as every responder is (patch response-deadlines,
 * or `chased` when the caller's own patch implies it); the majority decides, recorded once.
 */
/**
 * Waits for the candidate to file within the window (deadline `appeal`); when it closes unused, records
 * that, moving the journey to `closedStage` if given.
 */
export async function awaitFiling(journey: Journey, appealUntil: string, closedStage?: JourneyStage): Promise<'filed' | 'none' | 'ended'> {
  const filed = await waitUntilOr(journey, () => !!journey.state.appeal, 'appeal');
  clearDeadlines(journey, 'appeal');
  if (filed === 'ended') return 'ended';
  if (filed === 'deadline') {
    await record(journey, 'appeal_window_closed', { ...(closedStage ? { stage: closedStage } : {}), data: { appealUntil } });
    return 'none';
  }
  return 'filed';
}

export async function hearAppeal(journey: Journey, options: { exclude: string[]; chased?: boolean }): Promise<{ outcome: AppealOutcome; rationale: string } | 'ended'> {
  const { candidate, program } = journey.state.context!;
  const appeal = journey.state.appeal!;
  const selection = {
    selectionKey: appeal.appealId,
    count: program.appealReviewers ?? 2,
    exclude: options.exclude,
    asOf: now(),
    programId: program.id,
    ...(patched(JourneyPatches.conflictsOfInterest) ? { candidateId: candidate.id } : {}),
    ...(program.excludeTeammates ? { excludeTeammates: true } : {}),
  };
  const chased = options.chased ?? patched(JourneyPatches.responseDeadlines);
  const drawn = chased ? await drawOrWait(journey, 'committee', () => orNobody(() => db.selectCommitteeMembers({ ...selection, asOf: now() }))) : await db.selectCommitteeMembers(selection);
  if (drawn === 'ended') return 'ended';
  let reviewers = drawn;
  if (chased) openResponses(journey, 'appealVote', reviewers);
  journey.state = { ...journey.state, appeal: { ...appeal, reviewers: reviewers.map((r) => r.id) } };
  await db.recordAppeal({ appealId: appeal.appealId, journeyId: journey.state.journeyId, assessmentId: appeal.assessmentId, grounds: appeal.grounds, filedAt: appeal.filedAt, filedBy: candidate.id, reviewers: reviewers.map((r) => r.id) });
  await record(journey, 'appeal_filed', { actorId: candidate.id, stage: JourneyStage.UnderAppeal, data: { appealId: appeal.appealId, grounds: appeal.grounds, reviewers: reviewers.map((r) => r.id) } });
  const requestVote = (reviewer: PersonRef) =>
    notify(reviewer.email, {
      template: 'appeal-review-requested',
      params: { reviewerName: reviewer.name, candidateName: candidate.name, programName: program.name, journeyId: journey.state.journeyId, grounds: appeal.grounds },
    });
  for (const reviewer of reviewers) await requestVote(reviewer);

  if (chased) {
    const released: string[] = [];
    const waited = await awaitResponses(journey, {
      task: 'appealVote',
      need: 'committee',
      members: () => reviewers,
      answered: (id) => !!journey.state.appeal?.votes?.[id],
      replace: async (leaving) => {
        released.push(...leaving);
        const exclude = [...selection.exclude, ...reviewers.map((r) => r.id), ...released];
        const drawn = await orNobody(() => db.selectCommitteeMembers({ ...selection, selectionKey: `${appeal.appealId}:replacement:${released.length}`, count: leaving.length, exclude, asOf: now() }));
        if (!drawn) return null;
        const queue = [...drawn];
        reviewers = reviewers.map((r) => (leaving.includes(r.id) ? queue.shift()! : r));
        const ids = reviewers.map((r) => r.id);
        journey.state = { ...journey.state, appeal: { ...journey.state.appeal!, reviewers: ids } };
        // The stored reviewers decide who may read the appeal: the newcomer can, before being asked.
        await db.replaceAppealReviewers({ appealId: appeal.appealId, reviewers: ids });
        return reviewers;
      },
      request: requestVote,
    });
    if (waited === 'ended') return 'ended';
  } else {
    const allVoted = () => reviewers.every((r) => journey.state.appeal?.votes?.[r.id]);
    if ((await waitUntilOr(journey, allVoted)) === 'ended') return 'ended';
  }
  const votes = journey.state.appeal!.votes!;
  const counted = appealOutcome(reviewers.map((r) => votes[r.id]!.outcome));
  // A decision that is not an assessment (a revocation, an ineligibility...) has nothing to reassess: a tie lets it stand.
  const outcome = counted === 'reassess' && journey.state.appealable ? 'upheld' : counted;
  const rationale = reviewers.map((r) => `${r.name}: ${votes[r.id]!.outcome}, ${votes[r.id]!.rationale}`).join(' | ');
  const decidedAt = now();
  journey.state = { ...journey.state, appeal: { ...journey.state.appeal!, outcome, rationale, decidedAt, decidedBy: reviewers.map((r) => r.id).join(',') } };
  await db.recordAppealDecision({ appealId: appeal.appealId, outcome, rationale, decidedBy: reviewers.map((r) => r.id).join(','), decidedAt });
  return { outcome, rationale };
}
