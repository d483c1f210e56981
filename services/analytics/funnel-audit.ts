import { type AuditAttribute, FOUR_FIFTHS, NOT_RECORDED } from './audit.js';
import type { DemographicsByPerson, FunnelEvents } from './dataset.js';
import { fisherExact, roundP } from './fisher.js';
import { groupRecords } from './program.js';
import { hiddenAcrossStages } from './stage-hiding.js';
import { median, rate } from './stats.js';
import { type Cell, hidesAnyone, inReleaseOrder, releasedCount, suppressionRule } from './suppression.js';

// Fairness across the whole funnel: for one demographic attribute, the outcome of each step a candidate
// goes through (eligibility rules, the manager's approval, the assessment, an appeal) per group, with
// the four-fifths impact ratio against the group with the highest rate and Fisher's exact test of the
// group against everyone else at that stage; and the median time from enrolment to the first credential
// per group. The same protection as the adverse-impact audit (audit.ts): each stage's decisions count
// only in whole released batches (suppression.ts, rule 5), small groups and their complements are
// hidden, and the groups hidden at one stage are hidden at every stage (stage-hiding.ts), so no stage
// can be subtracted from another to recover a group.
//
// Fisher's test compares the group with the rest of the stage (suppressed groups included) rather than
// with the reference group: the reference is the group with the highest rate, and testing every group
// against a maximum chosen after looking would overstate the differences. The rest's counts are the
// stage's total (which HR can count from journeys) minus the group's, so the p-value says nothing a
// shown row does not.

export const FUNNEL_STAGES = ['eligibility', 'approval', 'assessment', 'appeal', 'certification'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];
export type RateStage = Exclude<FunnelStage, 'certification'>;

/** What counts as the favourable outcome at each rate stage (the rate's numerator). */
export const FAVOURABLE: Record<RateStage, string> = {
  eligibility: 'found eligible by the rules',
  approval: "approved by the manager (among the manager's decisions)",
  assessment: 'passed (any assessment of the journey, appeals and reassessments included)',
  appeal: 'granted: overturned, or sent for reassessment (among decided appeals)',
};


export interface FunnelGroup {
  /** Null for the row standing for every suppressed group. */
  group: string | null;
  suppressed: boolean;
  /** Journeys the stage's figures rest on (decided at that stage, or certified). */
  sampleSize: number | null;
  favourable: number | null;
  rate: number | null;
  /** Rate / the reference group's rate. */
  impactRatio: number | null;
  /** Impact ratio below 0.8. */
  flagged: boolean;
  /** Two-sided Fisher's exact test of this group against the rest of the stage; null when untestable. */
  fisherP: number | null;
  /** Certification stage only: median days from enrolment to the first credential. */
  medianDays: number | null;
}

export interface FunnelStageResult {
  stage: FunnelStage;
  /** What the rate counts; null for the certification stage, which reports time. */
  favourableOutcome: string | null;
  referenceGroup: string | null;
  /** The last decision the stage includes: later ones wait until a whole batch is in. */
  through: Date | null;
  groups: FunnelGroup[];
}

export interface FunnelAudit {
  attribute: AuditAttribute;
  minGroupSize: number;
  stages: FunnelStageResult[];
}

const SUPPRESSED: FunnelGroup = { group: null, suppressed: true, sampleSize: null, favourable: null, rate: null, impactRatio: null, flagged: false, fisherP: null, medianDays: null };

interface Released {
  stage: FunnelStage;
  through: Date | null;
  /** One row per journey: favourable if any of its released decisions was; certification days. */
  journeys: { personId: string; favourable: boolean; days: number }[];
}

function release<T extends { id: string; journeyId: string; personId: string; at: Date }>(stage: FunnelStage, events: readonly T[], floor: number, row: (e: T, previous?: Released['journeys'][number]) => Released['journeys'][number]): Released {
  const ordered = inReleaseOrder(events, (e) => e.at);
  const released = ordered.slice(0, releasedCount(ordered, (e) => e.personId, floor));
  const journeys = new Map<string, Released['journeys'][number]>();
  for (const e of released) journeys.set(e.journeyId, row(e, journeys.get(e.journeyId)));
  return { stage, through: released.at(-1)?.at ?? null, journeys: [...journeys.values()] };
}

export function funnelAudit(events: FunnelEvents, demographics: DemographicsByPerson, attribute: AuditAttribute, options: { minGroupSize?: number; floor?: number } = {}): FunnelAudit {
  const rule = suppressionRule(options.minGroupSize, options.floor);
  const stages: Released[] = [
    ...(['eligibility', 'approval', 'assessment', 'appeal'] as const).map((stage) =>
      release(stage, events[stage], rule.floor, (e, previous) => ({ personId: e.personId, favourable: (previous?.favourable ?? false) || e.favourable, days: 0 })),
    ),
    // A journey's first credential only: renewals are not time to certification.
    release('certification', events.certification, rule.floor, (e, previous) => previous ?? { personId: e.personId, favourable: true, days: e.days }),
  ];
  const groupOf = (personId: string) => demographics.get(personId)?.[attribute] ?? NOT_RECORDED;
  const grouped = stages.map((s) => ({ ...s, groups: [...groupRecords(s.journeys, (j) => groupOf(j.personId))] }));
  const cellsOf = (groups: (typeof grouped)[number]['groups']): Cell[] => groups.map(([key, rows]) => ({ key, people: new Set(rows.map((r) => r.personId)).size }));
  const hidden = hiddenAcrossStages(
    grouped.map((s) => ({ stage: s.stage, cells: cellsOf(s.groups) })),
    rule,
  );
  return { attribute, minGroupSize: rule.minGroupSize, stages: grouped.map((s) => stageResult(s, cellsOf(s.groups), hidden.get(s.stage) ?? new Set())) };
}

function stageResult(stage: Released & { groups: [string, Released['journeys']][] }, cells: Cell[], hidden: ReadonlySet<string>): FunnelStageResult {
  const total = stage.journeys.length;
  const totalFavourable = stage.journeys.filter((j) => j.favourable).length;
  const shown = stage.groups
    .filter(([group]) => !hidden.has(group))
    .map(([group, rows]) => ({ group, rows, size: rows.length, favourable: rows.filter((r) => r.favourable).length }));
  const tail = hidesAnyone(cells, hidden) ? [SUPPRESSED] : [];
  if (stage.stage === 'certification') {
    const groups = shown.map((g): FunnelGroup => ({ ...SUPPRESSED, group: g.group, suppressed: false, sampleSize: g.size, medianDays: median(g.rows.map((r) => r.days)) }));
    return { stage: stage.stage, favourableOutcome: null, referenceGroup: null, through: stage.through, groups: [...groups, ...tail] };
  }
  const exact = (g: (typeof shown)[number]) => g.favourable / g.size;
  const reference = shown.filter((g) => g.group !== NOT_RECORDED).reduce<(typeof shown)[number] | null>((best, g) => (!best || exact(g) > exact(best) ? g : best), null);
  const groups = shown.map((g): FunnelGroup => {
    const impactRatio = reference && exact(reference) > 0 ? Math.round((exact(g) / exact(reference)) * 10_000) / 10_000 : null;
    const rest = { size: total - g.size, favourable: totalFavourable - g.favourable };
    return {
      group: g.group,
      suppressed: false,
      sampleSize: g.size,
      favourable: g.favourable,
      rate: rate(g.favourable, g.size),
      impactRatio,
      flagged: impactRatio !== null && impactRatio < FOUR_FIFTHS,
      fisherP: roundP(fisherExact(g.favourable, g.size - g.favourable, rest.favourable, rest.size - rest.favourable)),
      medianDays: null,
    };
  });
  return { stage: stage.stage, favourableOutcome: FAVOURABLE[stage.stage], referenceGroup: reference?.group ?? null, through: stage.through, groups: [...groups, ...tail] };
}
