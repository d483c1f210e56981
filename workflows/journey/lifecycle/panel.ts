import { patched } from '@temporalio/workflow';
import { panelDecision } from '../../../domain/panel.js';
import { decide } from '../../../domain/rubric.js';
import { JourneyStage } from '../../../domain/journey.js';
import { db } from '../activities.js';
import { type Journey, notify, record } from '../journal.js';
import { JourneyPatches } from '../patches.js';
import type { AssessmentRecord } from '../../../domain/journey-records.js';
import type { PersonRef } from '../../../domain/journey-context.js';
import { candidateForJudges } from './judges.js';
import { awaitResponses, drawOrWait, openResponses, orNobody } from './responders.js';
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
  const chased = patched(JourneyPatches.responseDeadlines);
  // The program may keep the candidate's teammates off too (an activity input: replay is unaffected).
  const teammates = program.excludeTeammates ? { excludeTeammates: true } : {};
  const draw = { journeyId: journey.state.journeyId, candidateId: candidate.id, size, round, exclude, ...teammates };
  const drawn = chased ? await drawOrWait(journey, 'panel', () => orNobody(() => db.selectPanel(draw))) : await db.selectPanel(draw);
  if (drawn === 'ended') return 'ended';
  const panel = drawn;
  journey.state = { ...journey.state, panel, panelRound: round, panelScores: {}, moderatorId: null, moderation: null, assessorId: panel[0]?.id ?? null };
  if (chased) openResponses(journey, 'scoring', panel);
  await record(journey, 'panel_assigned', { stage: options.stage ?? JourneyStage.AwaitingAssessment, data: { round, panel: panel.map((p) => p.id) } });
  const submission = journey.state.submission!;
  const requestScores = (member: PersonRef) =>
    notify(member.email, {
      template: 'panel-assessment-requested',
      params: {
        assessorName: member.name,
        // Anonymised assessment: the panel is not told whose work it is (docs/security.md).
        candidateName: candidateForJudges(journey),
        programName: program.name,
        pathwayName: pathway.name,
        journeyId: journey.state.journeyId,
        format: submission.format,
        panelSize: panel.length,
        ...(submission.scheduledAt ? { scheduledAt: submission.scheduledAt } : {}),
      },
    });
  for (const member of panel) await requestScores(member);

  if (chased) {
    // Whoever leaves the panel mid-round is never drawn again for this journey, like earlier panels.
    const released: string[] = [];
    const waited = await awaitResponses(journey, {
      task: 'scoring',
      need: 'panel',
      members: () => journey.state.panel ?? [],
      answered: (id) => !!journey.state.panelScores?.[id],
      replace: async (leaving) => {
        released.push(...leaving);
        const next = await db.replacePanelMembers({ journeyId: journey.state.journeyId, candidateId: candidate.id, round, leaving, exclude: [...exclude, ...released], ...teammates });
        if (next) journey.state = { ...journey.state, panel: next, assessorId: next[0]?.id ?? null };
        return next;
      },
      // The responder_replaced event has put the newcomer on the read model's panel: they may act now.
      request: (member) => requestScores(member),
    });
    if (waited === 'ended') return 'ended';
  } else {
    const allScored = () => panel.every((member) => journey.state.panelScores?.[member.id]);
    if ((await waitUntilOr(journey, allScored)) === 'ended') return 'ended';
  }
  // The panel as it ended the round: replacements sit where the people they replaced sat.
  const seated = journey.state.panel ?? panel;
  const scores = seated.map((member) => journey.state.panelScores![member.id]!);
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
    assessorId: seated[0]!.id,
    panel: seated.map((p) => p.id),
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
  const selection = {
    selectionKey: `moderation:${journey.state.journeyId}:${journey.state.panelRound}:${journey.state.cycle}`,
    count: 1,
    exclude: [candidate.id, ...assessors],
    asOf: now(),
    programId: program.id,
    ...(patched(JourneyPatches.conflictsOfInterest) ? { candidateId: candidate.id } : {}),
    ...(program.excludeTeammates ? { excludeTeammates: true } : {}),
  };
  const chased = patched(JourneyPatches.responseDeadlines);
  const drawn = chased ? await drawOrWait(journey, 'committee', () => orNobody(() => db.selectCommitteeMembers({ ...selection, asOf: now() }))) : await db.selectCommitteeMembers(selection);
  if (drawn === 'ended') return 'ended' as const;
  let moderator = drawn[0]!;
  journey.state = { ...journey.state, moderatorId: moderator.id };
  if (chased) openResponses(journey, 'moderation', [moderator]);
  const spread = Math.max(...panelSpreads(journey));
  const requestModeration = async (person: PersonRef, stage?: typeof JourneyStage.InModeration) => {
    // The event names the moderator, which is what lets them read the journey and the panel's scores.
    await record(journey, 'moderation_requested', { ...(stage ? { stage } : {}), data: { moderatorId: person.id, spread } });
    await notify(person.email, {
      template: 'moderation-requested',
      params: {
        moderatorName: person.name,
        candidateName: patched(JourneyPatches.anonymisedJudgesMail) ? candidateForJudges(journey) : candidate.name,
        programName: program.name,
        journeyId: journey.state.journeyId,
        spread,
      },
    });
  };
  await requestModeration(moderator, JourneyStage.InModeration);
  if (chased) {
    const released: string[] = [];
    const waited = await awaitResponses(journey, {
      task: 'moderation',
      need: 'committee',
      members: () => [moderator],
      answered: () => !!journey.state.moderation,
      replace: async (leaving) => {
        released.push(...leaving);
        const exclude = [...selection.exclude, ...released];
        const next = await orNobody(() => db.selectCommitteeMembers({ ...selection, selectionKey: `${selection.selectionKey}:${released.length}`, exclude, asOf: now() }));
        if (!next) return null;
        moderator = next[0]!;
        journey.state = { ...journey.state, moderatorId: moderator.id };
        return [moderator];
      },
      request: (person) => requestModeration(person),
    });
    if (waited === 'ended') return 'ended' as const;
  } else if ((await waitUntilOr(journey, () => !!journey.state.moderation)) === 'ended') return 'ended' as const;
  const moderation = journey.state.moderation!;
  await record(journey, 'moderation_decided', { actorId: moderation.moderatorId, data: { scores: moderation.scores, rationale: moderation.rationale } });
  return moderation;
}
