import { condition, patched } from '@temporalio/workflow';
import { addIsoDuration } from '../../../domain/duration.js';
import type { JourneyContext } from '../../../domain/journey-context.js';
import { JourneyStage } from '../../../domain/journey.js';
import { type Journey, notify, record } from '../journal.js';
import type { ApplyProgramChangeInput, ProgramChangeStep } from '../messages.js';
import { JourneyPatches } from '../patches.js';
import { effect, type StopFlag } from './beside.js';
import { MINIMUM_TIME_UNDER_NEW_RULES } from './rule-changes.js';
import { clearDeadlines, hasEnded, now, setDeadline, waitUntilOr } from './waits.js';

/** While the panel scores or an appeal runs, the rubric they work from does not change under them. */
const ASSESSING: readonly string[] = [JourneyStage.AwaitingAssessment, JourneyStage.InModeration, JourneyStage.AppealWindow, JourneyStage.UnderAppeal];

const TIMING_TERMS = ['submissionDeadline', 'submissionReminders', 'approvalLinkTtl', 'checkInCadence', 'checkInReminder', 'appealWindow', 'maxResubmissions', 'panelSize', 'moderationSpread', 'appealReviewers'] as const;
const RECERTIFICATION_TERMS = ['validity', 'recertificationWindow', 'recertificationReminders', 'gracePeriod', 'recertificationRuleSetId', 'recertificationEvidenceFormats', 'recertificationAssessors'] as const;

/**
 * Runs beside the journey for its whole run (patch program-versions): when a new version of its program
 * takes effect, the candidate is told what changes and when; then each changed area (rubric, evidence
 * formats, timing) reaches the journey at its effective date, the rubric only between assessment rounds,
 * and an evidence deadline a changed timing would cut short keeps at least two weeks. A holder is told
 * now and takes the terms when the next re-certification window opens (lifecycle/credential.ts).
 */
export async function followProgramChanges(journey: Journey, until?: StopFlag): Promise<void> {
  const over = () => until?.over ?? false;
  for (;;) {
    await condition(() => !!journey.state.programChange || over() || hasEnded(journey));
    if (over() || hasEnded(journey)) return;
    const change = journey.state.programChange!;
    // Only journeys told of a program version take this path, so no earlier history meets it.
    patched(JourneyPatches.programVersions);
    if (!change.noticed) {
      await tell(journey, change);
      journey.state = { ...journey.state, programChange: journey.state.programChange === change ? { ...change, noticed: true } : journey.state.programChange };
      continue;
    }
    if (change.steps.length === 0) {
      journey.state = { ...journey.state, programChange: null };
      continue;
    }
    const next = change.steps.reduce((a, b) => (a.effectiveAt <= b.effectiveAt ? a : b)).effectiveAt;
    setDeadline(journey, 'programChange', next);
    const superseded = () => journey.state.programChange !== change;
    const result = await waitUntilOr(journey, () => superseded() || over(), 'programChange');
    clearDeadlines(journey, 'programChange');
    if (result === 'ended' || over()) return;
    if (superseded()) continue;
    const due = change.steps.filter((s) => s.effectiveAt <= now());
    if (due.length === 0) continue;
    if (due.some((s) => s.area === 'rubric')) {
      await condition(() => !ASSESSING.includes(journey.state.stage) || superseded() || hasEnded(journey) || over());
      if (superseded() || hasEnded(journey) || over()) continue;
    }
    const submissionDueAt = applySteps(journey, change, due);
    const remaining = change.steps.filter((s) => !due.includes(s));
    journey.state = { ...journey.state, programChange: remaining.length > 0 ? { ...change, steps: remaining } : null };
    await effect(journey, () =>
      record(journey, 'program_version_applied', { data: { version: change.version, areas: due, reason: change.reason, submissionDueAt } }),
    );
  }
}

async function tell(journey: Journey, change: ApplyProgramChangeInput): Promise<void> {
  const { candidate, program } = journey.state.context!;
  const atNextRecertification = !!journey.state.recertificationTerms && journey.state.recertificationTerms.version === change.version;
  const areas = atNextRecertification ? journey.state.recertificationTerms!.steps : change.steps;
  await effect(journey, async () => {
    await notify(candidate.email, {
      template: 'program-changing',
      params: {
        candidateName: candidate.name,
        programName: program.name,
        version: change.version,
        reason: change.reason,
        changes: areas.map((s) => ({ area: s.area, effectiveAt: s.effectiveAt })),
        atNextRecertification,
      },
    });
    await record(journey, 'program_change_scheduled', { actorId: change.publishedBy, data: { version: change.version, areas, reason: change.reason, atNextRecertification } });
  });
}

/** The new version's terms for the due areas; returns the evidence deadline when timing moved it. */
function applySteps(journey: Journey, change: ApplyProgramChangeInput, due: ProgramChangeStep[]): string | null {
  const context = journey.state.context!;
  const areas = new Set(due.map((s) => s.area));
  let program = context.program;
  if (areas.has('timing')) program = { ...program, ...pick(change.program, TIMING_TERMS) };
  if (areas.has('recertification')) program = { ...program, ...pick(change.program, RECERTIFICATION_TERMS) };
  const fresh = (id: string) => change.pathways.find((p) => p.id === id);
  const pathwayTerms = (current: JourneyContext['pathway']): JourneyContext['pathway'] => {
    const next = fresh(current.id);
    // A pathway the new version dropped keeps its terms: the journey finishes on it.
    if (!next) return current;
    return { ...current, ...(areas.has('rubric') ? { rubric: next.rubric } : {}), ...(areas.has('evidence') ? { evidenceFormats: next.evidenceFormats } : {}) };
  };
  const pathways = context.pathways?.map(pathwayTerms);
  const allApplied = change.steps.every((s) => areas.has(s.area));
  journey.state = {
    ...journey.state,
    context: { ...context, program: { ...program, ...(allApplied ? { version: change.version } : {}) }, pathway: pathwayTerms(context.pathway), ...(pathways ? { pathways } : {}) },
  };
  return areas.has('timing') ? moveSubmissionDeadline(journey, context.program.submissionDeadline, program.submissionDeadline) : null;
}

/** The open evidence deadline, counted again from its start with the new duration, and never less than two weeks away. */
function moveSubmissionDeadline(journey: Journey, before: string, after: string): string | null {
  const due = journey.state.deadlines?.submission;
  if (!due || before === after) return null;
  const moved = addIsoDuration(addIsoDuration(due, before, -1), after);
  const floor = addIsoDuration(now(), MINIMUM_TIME_UNDER_NEW_RULES);
  // ISO instants in UTC compare as strings; Math.max would need them as numbers first.
  const next = [moved, floor].sort()[1]!;
  setDeadline(journey, 'submission', next);
  return next;
}

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.filter((k) => source[k] !== undefined).map((k) => [k, source[k]])) as Pick<T, K>;
}

/** For a holder whose re-certification window opens: the version noted for it, its terms taken now. */
export function takeRecertificationTerms(journey: Journey): void {
  const terms = journey.state.recertificationTerms;
  if (!terms) return;
  const context = journey.state.context!;
  const areas = new Set(terms.steps.map((s) => s.area));
  const program = areas.has('recertification') ? { ...context.program, ...pick(terms.program, RECERTIFICATION_TERMS) } : context.program;
  const rubricOf = (pathway: JourneyContext['pathway']) => {
    const next = terms.pathways.find((p) => p.id === pathway.id);
    return next && areas.has('rubric') ? { ...pathway, rubric: next.rubric } : pathway;
  };
  journey.state = {
    ...journey.state,
    recertificationTerms: null,
    context: { ...context, program: { ...program, version: terms.version }, pathway: rubricOf(context.pathway), ...(context.pathways ? { pathways: context.pathways.map(rubricOf) } : {}) },
  };
}
