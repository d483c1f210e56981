import { condition } from '@temporalio/workflow';
import { addIsoDuration } from '../../../domain/duration.js';
import { evaluateRules } from '../incidents.js';
import { type Journey, notify, record } from '../journal.js';
import { effect, type StopFlag } from './beside.js';
import { clearDeadlines, hasEnded, setDeadline, waitUntilOr } from './waits.js';

/** Nobody faces new rules with less than this left before their evidence is due. */
export const MINIMUM_TIME_UNDER_NEW_RULES = 'P14D';

/**
 * Runs beside the journey for its whole run: when a rule change with a transition period arrives,
 * the candidate is told at once, and at the effective date the journey moves to the new version,
 * its evidence deadline pushed out if it would leave less than two weeks, and the new rules'
 * verdict recorded (as information: nobody loses a journey midway because the rules changed).
 */
export async function followRuleChanges(journey: Journey, until?: StopFlag): Promise<void> {
  const over = () => until?.over ?? false;
  for (;;) {
    await condition(() => !!journey.state.ruleTransition || over() || hasEnded(journey));
    if (over() || hasEnded(journey)) return;
    const transition = journey.state.ruleTransition!;
    const { candidate, program } = journey.state.context!;
    const submissionDue = journey.state.deadlines?.submission;
    const floor = addIsoDuration(transition.effectiveAt, MINIMUM_TIME_UNDER_NEW_RULES);
    const adjustedDue = submissionDue && submissionDue < floor ? floor : undefined;
    await effect(journey, () => notify(candidate.email, {
      template: 'rules-changing',
      params: { candidateName: candidate.name, programName: program.name, effectiveAt: transition.effectiveAt, reason: transition.reason, ...(adjustedDue ? { submissionDueAt: adjustedDue } : {}) },
    }));
    const superseded = () => journey.state.ruleTransition !== transition;
    const result = await waitUntilOr(journey, () => superseded() || over(), 'ruleTransition');
    if (result === 'ended' || over()) return;
    if (superseded()) continue;

    clearDeadlines(journey, 'ruleTransition');
    journey.state = { ...journey.state, ruleSetId: transition.ruleSetId, ruleTransition: null };
    const currentDue = journey.state.deadlines?.submission;
    if (currentDue && currentDue < floor) setDeadline(journey, 'submission', floor);
    const { result: verdict, ruleSetId } = await effect(journey, () => evaluateRules(journey, { step: 'rule_transition', candidateId: candidate.id, ruleSetId: transition.ruleSetId, asOf: transition.effectiveAt }));
    if (ruleSetId !== transition.ruleSetId) journey.state = { ...journey.state, ruleSetId };
    await effect(journey, () => record(journey, 'rule_version_changed', {
      data: {
        from: transition.previousRuleSetId,
        to: transition.ruleSetId,
        policy: 'transition',
        submissionDueAt: journey.state.deadlines?.submission ?? null,
        meetsNewRules: verdict.eligible,
        reasons: verdict.reasons,
      },
    }));
  }
}
