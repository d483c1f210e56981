import { FINAL_STAGES, JourneyStage } from '../../domain/journey.js';
import { type Quarter, quarterOf } from '../../domain/quarter.js';
import type { AdverseImpactAudit } from '../analytics/audit.js';
import { assessorCounts, type CalibrationDataset, type CriterionReliability, calibrationReport, NOTABLE_SEVERITY } from '../analytics/calibration.js';
import type { JourneyRecord } from '../analytics/dataset.js';
import { type FunnelStep, funnel } from '../analytics/program.js';
import { DAY_MS } from '../analytics/stats.js';
import { type SuppressionRule, suppressionRule } from '../analytics/suppression.js';
import { type DecisionRecord, passRateTrend, quarterlyCells, type TrendPoint } from '../analytics/trend.js';

export type { DecisionRecord, TrendPoint } from '../analytics/trend.js';

// The quarterly program-health report as data: what was achieved in the quarter, where journeys are
// stuck, the pass-rate trend over the last quarters, the adverse-impact audit, how far assessment
// panels agreed (calibration, counts only about assessors) and notes derived from those figures. Pure: the activity loads the rows, render.ts turns the result into HTML and CSV.
// Every count of people in it is a cell of a quarterly series over the program's history (the
// quarters add up to program totals published on the dashboard), so each goes through the same
// suppression as the dashboard's trend, decided over the history up to the day the report is built:
// a report and the dashboard built the same day hide the same quarters.

export interface QuarterlyReportInput {
  program: { id: string; name: string };
  quarter: Quarter;
  records: readonly JourneyRecord[];
  /** Every decided assessment of the program, any quarter (the trend reaches back). */
  decisions: readonly DecisionRecord[];
  audits: readonly AdverseImpactAudit[];
  generatedAt: string;
  minGroupSize?: number;
  /** Quarters in the pass-rate trend, the report's own included (4 by default). */
  trendQuarters?: number;
  /** The program's panel scores (analytics/panel-scores.ts); without them the report has no calibration section. */
  calibration?: CalibrationDataset;
}

/** Each null when suppressed. */
export interface Achievements {
  enrolled: number | null;
  decided: number | null;
  passed: number | null;
  /** First credentials issued in the quarter. */
  certified: number | null;
  /** Credentials of a later cycle (re-certifications) issued in the quarter. */
  renewed: number | null;
}

export const GAP_KEYS = ['awaiting_assessment', 'open_over_90_days', 'largest_drop_off', 'flagged_groups'] as const;
export interface Gap {
  key: (typeof GAP_KEYS)[number];
  label: string;
  value: number | null;
  detail: string;
  /** The funnel step a drop-off is measured at. */
  step?: string;
}

/** One criterion's alpha in the report: no counts of submissions, which the pass-rate trend may hide. */
export type CalibrationRow = Omit<CriterionReliability, 'units' | 'values'>;

/**
 * Panel agreement in the quarter. The report goes to more people than the committee, so it names no
 * assessor: only how many have figures and how many score more than NOTABLE_SEVERITY levels away from
 * their panels, each null when fewer than the minimum group size of assessors have figures.
 */
export interface QuarterlyCalibration {
  level: 'ordinal';
  minUnits: number;
  confidence: number;
  criteria: CalibrationRow[];
  overall: CalibrationRow;
  assessorsWithFigures: number | null;
  harsherAssessors: number | null;
  moreLenientAssessors: number | null;
}

export interface QuarterlyReport {
  programId: string;
  programName: string;
  quarter: string;
  periodStart: string;
  periodEnd: string;
  generatedAt: string;
  minGroupSize: number;
  achievements: Achievements;
  gaps: Gap[];
  trend: TrendPoint[];
  audits: AdverseImpactAudit[];
  /** Null when the report was built without panel scores. */
  calibration: QuarterlyCalibration | null;
  notes: string[];
}

const OPEN_TOO_LONG_DAYS = 90;
/** A change in pass rate between consecutive quarters worth a note (10 percentage points). */
const NOTABLE_CHANGE = 0.1;
/** A funnel step losing this share of the previous step's journeys gets a note. */
const NOTABLE_DROP_OFF = 0.3;
/** Krippendorff's lowest alpha for even tentative conclusions; below it a criterion's panels get a note. */
export const WEAK_AGREEMENT = 0.667;

const CERTIFIED_FAMILY: readonly string[] = [JourneyStage.Certified, JourneyStage.RecertificationDue, JourneyStage.RecertificationReview];
const AWAITING_DECISION: readonly string[] = [JourneyStage.AwaitingAssessment, JourneyStage.InModeration];

export const percent = (value: number) => `${Math.round(value * 1000) / 10}%`;

/** The quarter the report's suppression is decided over: up to the day it is built. */
const seriesEnd = (input: Pick<QuarterlyReportInput, 'quarter' | 'generatedAt'>): Quarter => {
  const built = quarterOf(input.generatedAt);
  return Date.parse(built.end) > Date.parse(input.quarter.end) ? built : input.quarter;
};

/** Counts of the quarter; decided and passed are the trend's own cell for it. */
export function achievementsIn(input: Pick<QuarterlyReportInput, 'records' | 'quarter' | 'generatedAt'>, trend: TrendPoint, rule: SuppressionRule): Achievements {
  const { records, quarter } = input;
  const end = seriesEnd(input);
  const count = <T>(events: readonly T[], at: (e: T) => Date, personOf: (e: T) => string) => {
    const cell = quarterlyCells(events, at, personOf, end, rule).get(quarter.name);
    return !cell || cell.hidden ? null : cell.rows.length;
  };
  const credentials = records.flatMap((j) => j.credentials.map((c) => ({ ...c, personId: j.personId })));
  return {
    enrolled: count(records, (j) => j.enrolledAt, (j) => j.personId),
    decided: trend.decided,
    passed: trend.passed,
    certified: count(credentials.filter((c) => c.cycle === 1), (c) => c.issuedAt, (c) => c.personId),
    renewed: count(credentials.filter((c) => c.cycle > 1), (c) => c.issuedAt, (c) => c.personId),
  };
}

function largestDropOff(records: readonly JourneyRecord[], minGroupSize: number): FunnelStep | null {
  if (records.length < minGroupSize) return null;
  return funnel(records).reduce<FunnelStep | null>((worst, step) => ((step.dropOff ?? 0) > (worst?.dropOff ?? 0) ? step : worst), null);
}

export function gapsAt(input: QuarterlyReportInput, minGroupSize: number): Gap[] {
  const end = Date.parse(input.quarter.end);
  const open = input.records.filter((j) => !FINAL_STAGES.includes(j.stage as JourneyStage) && !CERTIFIED_FAMILY.includes(j.stage));
  const stale = open.filter((j) => (end - j.enrolledAt.getTime()) / DAY_MS > OPEN_TOO_LONG_DAYS);
  const drop = largestDropOff(input.records, minGroupSize);
  const flagged = input.audits.flatMap((a) => a.groups.filter((g) => g.flagged));
  return [
    {
      key: 'awaiting_assessment',
      label: 'Submissions awaiting a decision',
      value: input.records.filter((j) => AWAITING_DECISION.includes(j.stage)).length,
      detail: 'Journeys now in assessment or moderation.',
    },
    {
      key: 'open_over_90_days',
      label: `Open journeys older than ${OPEN_TOO_LONG_DAYS} days`,
      value: stale.length,
      detail: `Not yet certified nor ended, enrolled more than ${OPEN_TOO_LONG_DAYS} days before the end of the quarter.`,
    },
    {
      key: 'largest_drop_off',
      label: 'Largest funnel drop-off',
      value: drop?.dropOff ?? null,
      detail: drop ? `Share of journeys that did not reach the "${drop.step}" step from the one before.` : `Not shown: fewer than ${minGroupSize} journeys, or no drop-off.`,
      ...(drop ? { step: drop.step } : {}),
    },
    {
      key: 'flagged_groups',
      label: 'Groups below the four-fifths rule',
      value: flagged.length,
      detail: 'Adverse-impact audit groups with an impact ratio below 0.8.',
    },
  ];
}

/** Notes for the committee, each one traceable to a figure in the report. */
export function improvementNotes(report: Omit<QuarterlyReport, 'notes'>): string[] {
  const notes: string[] = [];
  const [previous, current] = report.trend.slice(-2);
  if (current?.suppressed) {
    notes.push(`This quarter's pass rate is suppressed (too few people decided, or hidden so that a smaller quarter cannot be worked out): no trend can be read from it.`);
  } else if (previous?.passRate != null && current?.passRate != null) {
    const change = current.passRate - previous.passRate;
    if (change <= -NOTABLE_CHANGE) {
      notes.push(`The pass rate fell from ${percent(previous.passRate)} to ${percent(current.passRate)}: review rubric calibration and how candidates prepare.`);
    } else if (change >= NOTABLE_CHANGE) {
      notes.push(`The pass rate rose from ${percent(previous.passRate)} to ${percent(current.passRate)}: record what changed so it can be kept.`);
    }
  }
  const gap = (key: Gap['key']) => report.gaps.find((g) => g.key === key);
  const drop = gap('largest_drop_off');
  if (drop?.value != null && drop.value >= NOTABLE_DROP_OFF) {
    notes.push(`${percent(drop.value)} of journeys did not reach the "${drop.step}" step from the one before: look at what blocks candidates there.`);
  }
  const waiting = gap('awaiting_assessment')?.value ?? 0;
  if (waiting > 0) notes.push(`${waiting} submission${waiting === 1 ? '' : 's'} await a decision: check assessor and panel capacity.`);
  const stale = gap('open_over_90_days')?.value ?? 0;
  if (stale > 0) notes.push(`${stale} open journey${stale === 1 ? ' is' : 's are'} older than 90 days: mentors and managers could check in with these candidates.`);
  // Only shown groups can be flagged, so these notes never name a suppressed one.
  for (const audit of report.audits) {
    for (const group of audit.groups.filter((g) => g.flagged && g.group !== null)) {
      notes.push(
        `Adverse impact: by ${audit.attribute}, the group "${group.group}" passes at ${group.impactRatio ?? 0} times the rate of "${audit.referenceGroup}" (below 0.8): review the assessment for bias.`,
      );
    }
  }
  notes.push(...calibrationNotes(report.calibration));
  if (notes.length === 0) notes.push('Nothing stood out this quarter: the figures are within the usual ranges.');
  return notes;
}

const withoutCounts = ({ units: _units, values: _values, ...row }: CriterionReliability): CalibrationRow => row;

/** The quarter's panel agreement, under the same minimum group size as the rest of the report. */
export function quarterlyCalibration(dataset: CalibrationDataset, quarter: Quarter, rule: SuppressionRule): QuarterlyCalibration {
  const full = calibrationReport('', dataset, quarter, rule);
  const counts = assessorCounts(full);
  return {
    level: full.level,
    minUnits: full.minUnits,
    confidence: full.confidence,
    criteria: full.criteria.map(withoutCounts),
    overall: withoutCounts(full.overall),
    assessorsWithFigures: counts.assessed,
    harsherAssessors: counts.harsher,
    moreLenientAssessors: counts.moreLenient,
  };
}

function calibrationNotes(calibration: QuarterlyCalibration | null): string[] {
  if (!calibration) return [];
  const notes = calibration.criteria
    .filter((c) => c.alpha !== null && c.alpha < WEAK_AGREEMENT)
    .map((c) => `Panels agree weakly on "${c.title}" (alpha ${c.alpha}, below ${WEAK_AGREEMENT}): hold a calibration session on its level descriptors.`);
  const apart = (calibration.harsherAssessors ?? 0) + (calibration.moreLenientAssessors ?? 0);
  if (apart > 0) {
    notes.push(`${apart} assessor${apart === 1 ? '' : 's'} scored more than ${NOTABLE_SEVERITY} levels away from their panels on average: the committee's calibration report shows who.`);
  }
  return notes;
}

export function buildQuarterlyReport(input: QuarterlyReportInput): QuarterlyReport {
  const rule = suppressionRule(input.minGroupSize);
  const minGroupSize = rule.minGroupSize;
  const trend = passRateTrend(input.decisions, input.quarter, Math.max(1, input.trendQuarters ?? 4), rule, seriesEnd(input));
  const report = {
    programId: input.program.id,
    programName: input.program.name,
    quarter: input.quarter.name,
    periodStart: input.quarter.start,
    periodEnd: input.quarter.end,
    generatedAt: input.generatedAt,
    minGroupSize,
    achievements: achievementsIn(input, trend.at(-1)!, rule),
    gaps: gapsAt(input, minGroupSize),
    trend,
    audits: [...input.audits],
    calibration: input.calibration ? quarterlyCalibration(input.calibration, input.quarter, rule) : null,
  };
  return { ...report, notes: improvementNotes(report) };
}
