import { JourneyStage } from '../../domain/journey.js';
import type { JourneyRecord } from './dataset.js';
import { daysBetween, median, percentile, rate } from './stats.js';

// Program analytics by group (program, pathway, cohort, department, pilot vs not): pass rate, time to
// certification, stage funnel with drop-off, retention and re-certification. Groups smaller than the
// minimum group size are suppressed here, in the service, so no caller can forget to.

export const DEFAULT_MIN_GROUP_SIZE = 5;

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
  group: string;
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

export function metricsFor(group: string, records: readonly JourneyRecord[], minGroupSize: number): GroupMetrics {
  if (records.length < minGroupSize) {
    return {
      group,
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
  }
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

export function programMetrics(records: readonly JourneyRecord[], by: GroupBy, options: AnalyticsOptions = {}): GroupMetrics[] {
  const minGroupSize = options.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  return [...groupRecords(records, (j) => groupKey(j, by))].map(([group, rows]) => metricsFor(group, rows, minGroupSize));
}

export interface RateGroup {
  group: string;
  /** People (or credentials) in the group; null when suppressed. */
  size: number | null;
  count: number | null;
  rate: number | null;
  suppressed: boolean;
}

function rateGroup(group: string, size: number, count: number, minGroupSize: number): RateGroup {
  return size < minGroupSize
    ? { group, size: null, count: null, rate: null, suppressed: true }
    : { group, size, count, rate: rate(count, size), suppressed: false };
}

/**
 * Retention: of the people with a journey, the share still employed at `asOf` (no leaving date, or one
 * after it), for people ever certified and people not (yet) certified. One row per person.
 */
export function retention(records: readonly JourneyRecord[], asOf: Date, options: AnalyticsOptions = {}): RateGroup[] {
  const minGroupSize = options.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  const people = new Map<string, { certified: boolean; stayed: boolean }>();
  for (const j of records) {
    const before = people.get(j.personId);
    const stayed = !j.leftAt || j.leftAt > asOf;
    people.set(j.personId, { certified: (before?.certified ?? false) || j.credentials.some((c) => c.issuedAt <= asOf), stayed });
  }
  const rows = [...people.values()];
  return (['certified', 'not yet certified'] as const).map((group) => {
    const members = rows.filter((p) => p.certified === (group === 'certified'));
    return rateGroup(group, members.length, members.filter((p) => p.stayed).length, minGroupSize);
  });
}

/**
 * Re-certification rate: of the credentials whose renewal was due by `asOf` (expired by then, or already
 * renewed), the share that was renewed. Revoked credentials are left out: renewal was never open to them.
 */
export function recertificationRate(records: readonly JourneyRecord[], asOf: Date, options: AnalyticsOptions = {}): RateGroup {
  const minGroupSize = options.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  const due = records.flatMap((j) => j.credentials).filter((c) => c.status !== 'revoked' && (c.status === 'renewed' || c.expiresAt <= asOf));
  return rateGroup('all', due.length, due.filter((c) => c.status === 'renewed').length, minGroupSize);
}
