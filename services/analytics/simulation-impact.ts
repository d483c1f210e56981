import type { SimulatedOutcome, SimulationReport } from '../../rules/simulate.js';
import { type AuditAttribute, NOT_RECORDED } from './audit.js';
import type { DemographicsByPerson } from './dataset.js';
import { groupRecords } from './program.js';
import { rate } from './stats.js';
import { hiddenCells, hidesAnyone, inReleaseOrder, releasedCount, suppressionRule } from './suppression.js';

// The what-if simulation of a rule draft (rules/simulate.ts) by demographic group: of the people it
// evaluates, how many in each group would gain or lose eligibility. The simulation names everyone who
// changes, so these counts would tie names to attributes if small: they go through the audit's rules.
// Groups are of the whole simulated population (not of those who change), small groups and their
// complements are hidden and never named, and people count only in whole batches by enrolment date,
// so asking again after one more enrolment does not show which group the newcomer joined.

export interface SimulationGroupImpact {
  /** Null for the row standing for every suppressed group. */
  group: string | null;
  suppressed: boolean;
  /** People of the group the simulation evaluated. */
  population: number | null;
  gains: number | null;
  loses: number | null;
  failed: number | null;
  /** Gains / population, loses / population. */
  gainRate: number | null;
  loseRate: number | null;
}

export interface SimulationImpact {
  attribute: AuditAttribute;
  minGroupSize: number;
  /** People counted: those enrolled in whole released batches; later enrolments wait for theirs. */
  population: number;
  groups: SimulationGroupImpact[];
}

/** When each evaluated journey was enrolled, the order people are released in. */
export type EnrolmentDates = Map<string, Date>;

const SUPPRESSED: SimulationGroupImpact = { group: null, suppressed: true, population: null, gains: null, loses: null, failed: null, gainRate: null, loseRate: null };

export function simulationImpact(
  report: Pick<SimulationReport, 'gains' | 'loses' | 'unchanged' | 'failed'>,
  enrolled: EnrolmentDates,
  demographics: DemographicsByPerson,
  attribute: AuditAttribute,
  options: { minGroupSize?: number; floor?: number } = {},
): SimulationImpact {
  const rule = suppressionRule(options.minGroupSize, options.floor);
  const everyone = [...report.gains, ...report.loses, ...report.unchanged, ...report.failed].flatMap((o) => {
    const at = o.journeyId ? enrolled.get(o.journeyId) : undefined;
    // A subject without a journey has no enrolment to batch by: left out rather than shown at once.
    return at && o.journeyId ? [{ ...o, id: o.journeyId, at }] : [];
  });
  const ordered = inReleaseOrder(everyone, (o) => o.at);
  const released = ordered.slice(0, releasedCount(ordered, (o) => o.personId, rule.floor));
  const grouped = [...groupRecords<SimulatedOutcome>(released, (o) => demographics.get(o.personId)?.[attribute] ?? NOT_RECORDED)];
  const cells = grouped.map(([key, rows]) => ({ key, people: new Set(rows.map((r) => r.personId)).size }));
  const hidden = hiddenCells(cells, rule);
  const groups = grouped
    .filter(([group]) => !hidden.has(group))
    .map(([group, rows]): SimulationGroupImpact => {
      const count = (change: SimulatedOutcome['change']) => rows.filter((r) => r.change === change).length;
      return { group, suppressed: false, population: rows.length, gains: count('gains'), loses: count('loses'), failed: count('failed'), gainRate: rate(count('gains'), rows.length), loseRate: rate(count('loses'), rows.length) };
    });
  return { attribute, minGroupSize: rule.minGroupSize, population: released.length, groups: hidesAnyone(cells, hidden) ? [...groups, SUPPRESSED] : groups };
}
