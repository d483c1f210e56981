import { JourneyStage } from '../../domain/journey.js';
import type { JourneyRecord } from './dataset.js';
import { daysBetween, median, percentile, rate } from './stats.js';
import { DEFAULT_MIN_GROUP_SIZE, hiddenCells, hidesAnyone, peopleIn, suppressionRule } from './suppression.js';

// Program analytics by group (program, pathway, cohort, department, pilot vs not): pass rate, time to
// certification, stage funnel with drop-off, retention and re-certification. Small groups are
// suppressed here, in the service, by the one rule of suppression.ts, so no caller can forget to.

export { DEFAULT_MIN_GROUP_SIZE };

export const GROUP_BY = ['program', 'pathway', 'cohort', 'department', 'pilot'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

/** Funnel steps in order; a journey reached a step if it was ever in one of its stages or a later step's. */
export const FUNNEL: readonly { step: string; stages: readonly string[] }[] = [
  { step: 'enrolled', stages: [JourneyStage.Enrolled, JourneyStage.Ineligible] },
  // Past the eligibility rules: waiting for (or declined by) the manager.
  { step: 'eligible', stages: [JourneyStage.AwaitingManagerApproval, JourneyStage.Declined] },
  { step: 'approved', stages: [JourneyStage.AwaitingSubmission] },
  { step: 'submitted', stages: [JourneyStage.AwaitingAssessment, JourneyStage.InModeration] },
  { step: 'decided', stages: [JourneyStage.NotPassed, JourneyStage.AppealWindow, JourneyStage.UnderAppeal] },
  {
    step: 'certified',
    stages: [JourneyStage.Certified, JourneyStage.RecertificationDue, JourneyStage.RecertificationReview, JourneyStage.Expired, JourneyStage.Lapsed, JourneyStage.Revoked],
  },
];

export interface FunnelStep {
  step: string;
  reached: number;
  /** Share of the previous step's journeys that did not reach this one (null for the first step). */
  dropOff: number | null;
}

export interface GroupMetrics {
  /** Null for the one row standing for every suppressed group: a suppressed group is never named. */
  group: string | null;
  /** Journeys in the group; null when suppressed. */
  journeys: number | null;
  suppressed: boolean;
  decided: number | null;
  passed: number | null;
  /** Passed / decided: a journey counts as passed if any of its assessments passed (appeals included). */
  passRate: number | null;
  certified: number | null;
  /** Days from enrolment to the first credential. */
  medianDaysToCertification: number | null;
  p90DaysToCertification: number | null;
  /** Days from hiring to the first credential: how long the company takes to make someone proficient. */
  medianDaysToProficiency: number | null;
  funnel: FunnelStep[] | null;
}

export interface AnalyticsOptions {
  minGroupSize?: number;
  /** The deployment's minimum group size (5 unless configured). */
  floor?: number;
}

const groupKey = (j: JourneyRecord, by: GroupBy): string => {
  switch (by) {
    case 'program':
      return j.programId;
    case 'pathway':
      return j.pathwayId;
    case 'cohort':
      return j.cohortId ?? 'no cohort';
    case 'department':
      return j.department;
    case 'pilot':
      return j.pilot ? 'pilot' : 'not pilot';
  }
};

export function groupRecords<T>(records: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const record of records) groups.set(key(record), [...(groups.get(key(record)) ?? []), record]);
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b)));
}

const firstCertification = (j: JourneyRecord) => j.credentials.find((c) => c.cycle === 1) ?? j.credentials[0];

export function funnel(records: readonly JourneyRecord[]): FunnelStep[] {
  const furthest = records.map((j) => Math.max(0, ...FUNNEL.map((f, i) => (f.stages.some((s) => j.stagesReached.includes(s)) ? i : 0))));
  // An assessment decided means the "decided" step was reached even if the journey moved on at once.
  const decidedIndex = FUNNEL.findIndex((f) => f.step === 'decided');
  const reachedIndex = records.map((j, i) => Math.max(furthest[i]!, j.outcomes.length > 0 ? decidedIndex : 0));
  return FUNNEL.map((f, i) => {
    const reached = reachedIndex.filter((r) => r >= i).length;
    const previous = i === 0 ? null : reachedIndex.filter((r) => r >= i - 1).length;
    return { step: f.step, reached, dropOff: previous === null ? null : rate(previous - reached, previous) };
  });
}

/** The row standing for every suppressed group of a breakdown: no name, no figures. */
export const SUPPRESSED_GROUP: GroupMetrics = {
  group: null,
  journeys: null,
  suppressed: true,
  decided: null,
  passed: null,
  passRate: null,
  certified: null,
  medianDaysToCertification: null,
  p90DaysToCertification: null,
  medianDaysToProficiency: null,
  funnel: null,
};

export function metricsFor(group: string, records: readonly JourneyRecord[]): GroupMetrics {
  const decided = records.filter((j) => j.outcomes.length > 0);
  const passed = decided.filter((j) => j.outcomes.includes('passed'));
  const days = records.flatMap((j) => {
    const credential = firstCertification(j);
    return credential ? [daysBetween(j.enrolledAt, credential.issuedAt)] : [];
  });
  return {
    group,
    journeys: records.length,
    suppressed: false,
    decided: decided.length,
    passed: passed.length,
    passRate: rate(passed.length, decided.length),
    certified: days.length,
    medianDaysToCertification: median(days),
    p90DaysToCertification: percentile(days, 90),
    medianDaysToProficiency: median(
      records.flatMap((j) => {
        const credential = firstCertification(j);
        return credential && j.hiredAt ? [daysBetween(j.hiredAt, credential.issuedAt)] : [];
      }),
    ),
    funnel: funnel(records),
  };
}

/**
 * One row per group large enough to show, then one unnamed row for the suppressed ones (if any). Cohorts
 * nest in "pilot" and "not pilot", which are published too, so their complements are found within
 * each of those as well as across the program.
 */
export function programMetrics(records: readonly JourneyRecord[], by: GroupBy, options: AnalyticsOptions = {}): GroupMetrics[] {
  const groups = [...groupRecords(records, (j) => groupKey(j, by))];
  const cells = groups.map(([key, rows]) => ({
    key,
    people: peopleIn(rows, (j) => j.personId),
    ...(by === 'cohort' ? { parent: groupKey(rows[0]!, 'pilot') } : {}),
  }));
  const hidden = hiddenCells(cells, suppressionRule(options.minGroupSize, options.floor));
  const shown = groups.filter(([key]) => !hidden.has(key)).map(([group, rows]) => metricsFor(group, rows));
  return hidesAnyone(cells, hidden) ? [...shown, SUPPRESSED_GROUP] : shown;
}

export interface RateGroup {
  group: string;
  /** People (or credentials) in the group; null when suppressed. */
  size: number | null;
  count: number | null;
  rate: number | null;
  suppressed: boolean;
}

const hiddenRate = (group: string): RateGroup => ({ group, size: null, count: null, rate: null, suppressed: true });

/**
 * Retention: of the people with a journey, the share still employed at `asOf` (no leaving date, or one
 * after it), for people ever certified and people not (yet) certified. One row per person. The two
 * groups make up everyone with a journey, a number the program's figures publish, so when one is
 * suppressed the other is too. Their names are fixed by this definition, so they are kept.
 */
export function retention(records: readonly JourneyRecord[], asOf: Date, options: AnalyticsOptions = {}): RateGroup[] {
  const people = new Map<string, { certified: boolean; stayed: boolean }>();
  for (const j of records) {
    const before = people.get(j.personId);
    const stayed = !j.leftAt || j.leftAt > asOf;
    people.set(j.personId, { certified: (before?.certified ?? false) || j.credentials.some((c) => c.issuedAt <= asOf), stayed });
  }
  const rows = [...people.values()];
  const groups = (['certified', 'not yet certified'] as const).map((group) => ({ group, members: rows.filter((p) => p.certified === (group === 'certified')) }));
  const hidden = hiddenCells(
    groups.map((g) => ({ key: g.group, people: g.members.length })),
    suppressionRule(options.minGroupSize, options.floor),
  );
  return groups.map(({ group, members }) => {
    if (hidden.has(group)) return hiddenRate(group);
    const count = members.filter((p) => p.stayed).length;
    return { group, size: members.length, count, rate: rate(count, members.length), suppressed: false };
  });
}

/**
 * Re-certification rate: of the credentials whose renewal was due by `asOf` (expired by then, or already
 * renewed), the share that was renewed. Revoked credentials are left out: renewal was never open to them.
 * Suppressed when the credentials belong to fewer people than the minimum group size.
 */
export function recertificationRate(records: readonly JourneyRecord[], asOf: Date, options: AnalyticsOptions = {}): RateGroup {
  const due = records.flatMap((j) => j.credentials.map((c) => ({ ...c, personId: j.personId })));
  const open = due.filter((c) => c.status !== 'revoked' && (c.status === 'renewed' || c.expiresAt <= asOf));
  const hidden = hiddenCells([{ key: 'all', people: peopleIn(open, (c) => c.personId) }], suppressionRule(options.minGroupSize, options.floor));
  if (hidden.has('all')) return hiddenRate('all');
  const renewed = open.filter((c) => c.status === 'renewed').length;
  return { group: 'all', size: open.length, count: renewed, rate: rate(renewed, open.length), suppressed: false };
}
