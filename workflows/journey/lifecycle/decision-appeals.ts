import { addIsoDuration } from '../../../domain/duration.js';
import type { JourneyStage } from '../../../domain/journey.js';
import { type Journey, journeyContext, notify, record } from '../journal.js';
import type { AppealableDecision } from '../types.js';
import { awaitFiling, hearAppeal } from './appeal.js';
import { now, setDeadline } from './waits.js';

// Decisions other than an assessment that end or change a journey can be appealed like an assessment
// (patch decision-appeals): an ineligibility verdict, a manager's decline, a failed re-certification and a
// revocation. The candidate has the program's appeal window; committee members who took no part in the
// decision hear it, chased like every responder; a majority to overturn sets the decision aside, a tie
// lets it stand. The journey keeps the decision's stage while the window is open (under_appeal once an
// appeal is filed); the caller says which stage that is, and what follows an overturn.

export type DecisionAppealResult = 'none' | 'upheld' | 'overturned' | 'ended';

export async function offerDecisionAppeal(
  journey: Journey,
  decision: { kind: AppealableDecision; decidedBy: string[]; reference: string; standingStage: JourneyStage },
): Promise<DecisionAppealResult> {
  const { candidate, program } = journeyContext(journey);
  const appealUntil = addIsoDuration(now(), program.appealWindow ?? 'P14D');
  setDeadline(journey, 'appeal', appealUntil);
  journey.state = { ...journey.state, appeal: null, appealable: { kind: decision.kind, decidedBy: decision.decidedBy, reference: decision.reference } };
  try {
    // The decision stands while the window is open, and the stage says so: the candidate is ineligible,
    // declined or revoked unless an appeal succeeds.
    await record(journey, 'appeal_window_opened', { data: { appealUntil, decision: decision.kind } });
    await notify(candidate.email, { template: 'decision-appealable', params: { candidateName: candidate.name, programName: program.name, decision: decision.kind, appealUntil } });
    const filed = await awaitFiling(journey, appealUntil, decision.standingStage);
    if (filed !== 'filed') return filed;
    const heard = await hearAppeal(journey, { exclude: [candidate.id, ...decision.decidedBy], chased: true });
    if (heard === 'ended') return 'ended';
    const outcome = heard.outcome === 'overturned' ? 'overturned' : 'upheld';
    const appealId = journey.state.appeal!.appealId;
    await record(journey, 'appeal_decided', { ...(outcome === 'upheld' ? { stage: decision.standingStage } : {}), data: { appealId, outcome, rationale: heard.rationale } });
    await notify(candidate.email, { template: 'appeal-decided', params: { candidateName: candidate.name, programName: program.name, outcome, rationale: heard.rationale } });
    return outcome;
  } finally {
    journey.state = { ...journey.state, appealable: null };
  }
}
