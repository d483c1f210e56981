import type { SimulatedOutcome, SimulationReport } from '../../rules/simulate.js';
import { type AuditAttribute, NOT_RECORDED } from './audit.js';
import type { DemographicsByPerson } from './dataset.js';
import { groupRecords } from './program.js';
import { rate } from './stats.js';
import { hiddenCells, hidesAnyone, inReleaseOrder, releasedCount, suppressionRule } from './suppression.js';

// The what-if simulation of a rule draft (rules/simulate.ts) or of a program version (its eligibility
// shifts, services/programs/impact.ts) by demographic group: of the people it evaluates, how many in
// each group would gain or lose eligibility. The simulation names everyone who
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

/** One evaluated subject (a journey, or a person on a pathway) and the instant it is released at. */
export interface ImpactSubject {
  id: string;
  personId: string;
  change: SimulatedOutcome['change'];
  at: Date;
}

/** Gains and losses of eligibility by group, for any what-if: a rule draft's or a program version's. */
export function impactByGroup(
  subjects: readonly ImpactSubject[],
  demographics: DemographicsByPerson,
  attribute: AuditAttribute,
  options: { minGroupSize?: number; floor?: number; wholePeople?: boolean } = {},
): SimulationImpact {
  const rule = suppressionRule(options.minGroupSize, options.floor);
  const ordered = inReleaseOrder([...subjects], (o) => o.at);
  const released = options.wholePeople ? releasedPeople(ordered, rule.floor) : ordered.slice(0, releasedCount(ordered, (o) => o.personId, rule.floor));
  const grouped = [...groupRecords<ImpactSubject>(released, (o) => demographics.get(o.personId)?.[attribute] ?? NOT_RECORDED)];
  const cells = grouped.map(([key, rows]) => ({ key, people: new Set(rows.map((r) => r.personId)).size }));
  const hidden = hiddenCells(cells, rule);
  const groups = grouped
    .filter(([group]) => !hidden.has(group))
    .map(([group, rows]): SimulationGroupImpact => {
      const count = (change: ImpactSubject['change']) => rows.filter((r) => r.change === change).length;
      return { group, suppressed: false, population: rows.length, gains: count('gains'), loses: count('loses'), failed: count('failed'), gainRate: rate(count('gains'), rows.length), loseRate: rate(count('loses'), rows.length) };
    });
  return { attribute, minGroupSize: rule.minGroupSize, population: released.length, groups: hidesAnyone(cells, hidden) ? [...groups, SUPPRESSED] : groups };
}

/**
 * Every row of the people released in whole batches, in the order of their first row: a person's rows
 * (one per pathway, all at their join date) are never split across batches.
 */
function releasedPeople(ordered: readonly ImpactSubject[], batchSize: number): ImpactSubject[] {
  const people = [...new Set(ordered.map((o) => o.personId))];
  const released = new Set(people.slice(0, releasedCount(people, (p) => p, batchSize)));
  return ordered.filter((o) => released.has(o.personId));
}

/** A rule draft's simulation by group, its journeys released by enrolment date. */
export function simulationImpact(
  report: Pick<SimulationReport, 'gains' | 'loses' | 'unchanged' | 'failed'>,
  enrolled: EnrolmentDates,
  demographics: DemographicsByPerson,
  attribute: AuditAttribute,
  options: { minGroupSize?: number; floor?: number } = {},
): SimulationImpact {
  const subjects = [...report.gains, ...report.loses, ...report.unchanged, ...report.failed].flatMap((o) => {
    const at = o.journeyId ? enrolled.get(o.journeyId) : undefined;
    // A subject without a journey has no enrolment to batch by: left out rather than shown at once.
    return at && o.journeyId ? [{ id: o.journeyId, personId: o.personId, change: o.change, at }] : [];
  });
  return impactByGroup(subjects, demographics, attribute, options);
}
