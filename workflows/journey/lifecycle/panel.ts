import { patched } from '@temporalio/workflow';
import { panelDecision } from '../../../domain/panel.js';
import { decide } from '../../../domain/rubric.js';
import { JourneyStage } from '../../../domain/journey.js';
import { db } from '../activities.js';
import { type Journey, notify, record } from '../journal.js';
import { JourneyPatches } from '../patches.js';
import type { AssessmentRecord } from '../../../domain/journey-records.js';
import { newId, now, waitUntilOr } from './waits.js';

/**
 * A panel drawn from different departments scores the submission independently; the scores are
 * combined, a disagreement beyond the program's threshold goes to a moderator from the committee, and
 * the decision is recorded with its rationale. A reassessment draws a panel disjoint from every earlier one.
 */
export async function assessByPanel(
  journey: Journey,
  options: { size?: number; stage?: typeof JourneyStage.AwaitingAssessment | typeof JourneyStage.RecertificationReview } = {},
): Promise<'passed' | 'not_passed' | 'ended'> {
  const { candidate, program, pathway } = journey.state.context!;
  const round = (journey.state.panelRound ?? 0) + 1;
  const earlierPanels = (journey.state.assessment?.panel ?? []).concat(journey.state.panel?.map((p) => p.id) ?? []);
  const exclude = [...new Set([...(journey.state.mentor ? [journey.state.mentor.id] : []), ...earlierPanels])];
  const size = options.size ?? program.panelSize ?? 1;
  const panel = await db.selectPanel({ journeyId: journey.state.journeyId, candidateId: candidate.id, size, round, exclude });
  journey.state = { ...journey.state, panel, panelRound: round, panelScores: {}, moderatorId: null, moderation: null, assessorId: panel[0]?.id ?? null };
  await record(journey, 'panel_assigned', { stage: options.stage ?? JourneyStage.AwaitingAssessment, data: { round, panel: panel.map((p) => p.id) } });
  const submission = journey.state.submission!;
  for (const member of panel) {
    await notify(member.email, {
      template: 'panel-assessment-requested',
      params: {
        assessorName: member.name,
        candidateName: candidate.name,
        programName: program.name,
        pathwayName: pathway.name,
        journeyId: journey.state.journeyId,
        format: submission.format,
        panelSize: panel.length,
        ...(submission.scheduledAt ? { scheduledAt: submission.scheduledAt } : {}),
      },
    });
  }

  const allScored = () => panel.every((member) => journey.state.panelScores?.[member.id]);
  if ((await waitUntilOr(journey, allScored)) === 'ended') return 'ended';
  const scores = panel.map((member) => journey.state.panelScores![member.id]!);
  for (const score of scores) {
    await db.recordPanelScore({ panelScoreId: newId(), journeyId: journey.state.journeyId, submissionId: submission.submissionId, round, ...score });
  }
  await record(journey, 'panel_scores_complete', { data: { round, assessors: scores.map((s) => s.assessorId) } });

  const spreadLimit = program.moderationSpread ?? 1;
  let decision = panelDecision(pathway.rubric, scores.map((s) => s.scores), spreadLimit);
  let moderatedBy: string | undefined;
  if (!decision) {
    const moderated = await moderate(journey, scores.map((s) => s.assessorId));
    if (moderated === 'ended') return 'ended';
    moderatedBy = moderated.moderatorId;
    const moderatedDecision = decide(pathway.rubric, moderated.scores);
    decision = {
      ...moderatedDecision,
      scores: moderated.scores,
      spread: 0,
      disputed: [],
      rationale: `${moderatedDecision.rationale} Moderator: ${moderated.rationale}`,
    };
  }
  const assessment: AssessmentRecord = {
    assessmentId: newId(),
    assessorId: panel[0]!.id,
    panel: panel.map((p) => p.id),
    round,
    spread: Math.max(...panelSpreads(journey)),
    ...(moderatedBy ? { moderatedBy } : {}),
    scores: decision.scores,
    average: decision.average,
    outcome: decision.outcome,
    rationale: decision.rationale,
    comment: scores.map((s) => s.comment).filter(Boolean).join(' | '),
    decidedAt: now(),
  };
  journey.state = { ...journey.state, assessment };
  await db.recordAssessment({ journeyId: journey.state.journeyId, submissionId: submission.submissionId, assessment });
  await record(journey, 'assessment_decided', {
    data: { outcome: assessment.outcome, average: assessment.average, scores: assessment.scores, spread: assessment.spread, round, moderatedBy: moderatedBy ?? null, rationale: assessment.rationale },
  });
  return assessment.outcome;
}

function panelSpreads(journey: Journey): number[] {
  const all = Object.values(journey.state.panelScores ?? {});
  const keys = journey.state.context!.pathway.rubric.criteria.map((c) => c.key);
  return [0, ...keys.map((key) => Math.max(...all.map((s) => s.scores[key] ?? 0)) - Math.min(...all.map((s) => s.scores[key] ?? 0)))];
}

async function moderate(journey: Journey, assessors: string[]) {
  const { candidate, program } = journey.state.context!;
  const [moderator] = await db.selectCommitteeMembers({
    selectionKey: `moderation:${journey.state.journeyId}:${journey.state.panelRound}:${journey.state.cycle}`,
    count: 1,
    exclude: [candidate.id, ...assessors],
    asOf: now(),
    programId: program.id,
    ...(patched(JourneyPatches.conflictsOfInterest) ? { candidateId: candidate.id } : {}),
  });
  journey.state = { ...journey.state, moderatorId: moderator!.id };
  const spread = Math.max(...panelSpreads(journey));
  await record(journey, 'moderation_requested', { stage: JourneyStage.InModeration, data: { moderatorId: moderator!.id, spread } });
  await notify(moderator!.email, {
    template: 'moderation-requested',
    params: { moderatorName: moderator!.name, candidateName: candidate.name, programName: program.name, journeyId: journey.state.journeyId, spread },
  });
  if ((await waitUntilOr(journey, () => !!journey.state.moderation)) === 'ended') return 'ended' as const;
  const moderation = journey.state.moderation!;
  await record(journey, 'moderation_decided', { actorId: moderation.moderatorId, data: { scores: moderation.scores, rationale: moderation.rationale } });
  return moderation;
}
