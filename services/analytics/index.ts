import { ok, type Result } from '../../domain/errors.js';
import { parseQuarter, quarterOf } from '../../domain/quarter.js';
import type { PrismaClient } from '../../prisma/client.js';
import type { SimulationReport } from '../../rules/simulate.js';
import { type AdverseImpactAudit, type AuditAttribute, adverseImpactAudit } from './audit.js';
import { type CalibrationReport, calibrationReport } from './calibration.js';
import { loadDecisions, loadDemographics, loadEnrolmentDates, loadFunnelEvents, loadJoinDates, loadJourneyRecords } from './dataset.js';
import { type FunnelAudit, funnelAudit } from './funnel-audit.js';
import { loadCalibrationDataset } from './panel-scores.js';
import { type GroupBy, type GroupMetrics, programMetrics, type RateGroup, recertificationRate, retention } from './program.js';
import { impactByGroup, type SimulationImpact, simulationImpact } from './simulation-impact.js';
import type { EligibilityEvaluation } from '../programs/impact.js';
import { DEFAULT_MIN_GROUP_SIZE, suppressionRule } from './suppression.js';
import { passRateTrend, type TrendPoint } from './trend.js';

export { AUDIT_ATTRIBUTES, type AuditAttribute } from './audit.js';
export type { AssessorCalibration, CalibrationReport, CriterionReliability } from './calibration.js';
export { GROUP_BY, type GroupBy } from './program.js';
export { DEFAULT_MIN_GROUP_SIZE } from './suppression.js';

// The thin loader over the pure computations: read the program's journeys once, compute, return groups.

export interface ProgramAnalytics {
  programId: string;
  groupBy: GroupBy;
  minGroupSize: number;
  groups: GroupMetrics[];
  retention: RateGroup[];
  recertification: RateGroup;
}

export interface AnalyticsService {
  programAnalytics(programId: string, groupBy: GroupBy, options?: { minGroupSize?: number; asOf?: Date }): Promise<ProgramAnalytics>;
  adverseImpactAudit(programId: string, attribute: AuditAttribute, options?: { minGroupSize?: number }): Promise<AdverseImpactAudit>;
  /** Eligibility, approval, assessment, appeal and time to certification by group (funnel-audit.ts). */
  funnelAudit(programId: string, attribute: AuditAttribute, options?: { minGroupSize?: number }): Promise<FunnelAudit>;
  /** A rule simulation's gains and losses by group (simulation-impact.ts); for HR only, like the audits. */
  simulationImpact(report: SimulationReport, attribute: AuditAttribute, options?: { minGroupSize?: number }): Promise<SimulationImpact>;
  /**
   * A program version's what-if by group: of the people not on the program, how many in each group would
   * become or stop being eligible for a pathway (one row per person and pathway whose rule set changes).
   */
  programChangeImpact(evaluated: readonly EligibilityEvaluation[], attribute: AuditAttribute, options?: { minGroupSize?: number }): Promise<SimulationImpact>;
  /** Pass rate per quarter for the `quarters` quarters up to the one `asOf` falls in, oldest first. */
  passRateTrend(programId: string, quarters: number, options?: { minGroupSize?: number; asOf?: Date }): Promise<TrendPoint[]>;
  /**
   * Inter-rater reliability of the program's panels (services/analytics/calibration.ts): ordinal alpha
   * with a bootstrap interval per criterion, and each assessor's severity and agreement, over one
   * quarter ("2026-Q3", by when each panel finished scoring) or the program's whole history.
   */
  calibrationReport(programId: string, quarter?: string | null, options?: { minGroupSize?: number }): Promise<Result<CalibrationReport>>;
}

/** The most quarters a trend reaches back (ten years). */
export const MAX_TREND_QUARTERS = 40;

/**
 * `minGroupSize` is the floor for this deployment (default 5): a caller may ask for a larger one, never
 * a smaller one. The floor also sizes the batches the audit is released in, which no caller can change.
 */
export function createAnalyticsService(prisma: PrismaClient, config: { minGroupSize?: number } = {}): AnalyticsService {
  const floor = config.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  const rule = (asked?: number) => suppressionRule(asked, floor);
  return {
    async programAnalytics(programId, groupBy, options = {}) {
      const records = await loadJourneyRecords(prisma, programId);
      const { minGroupSize } = rule(options.minGroupSize);
      const asOf = options.asOf ?? new Date();
      const sizes = { minGroupSize, floor };
      return {
        programId,
        groupBy,
        minGroupSize,
        groups: programMetrics(records, groupBy, sizes),
        retention: retention(records, asOf, sizes),
        recertification: recertificationRate(records, asOf, sizes),
      };
    },
    async adverseImpactAudit(programId, attribute, options = {}) {
      const decisions = await loadDecisions(prisma, programId);
      const demographics = await loadDemographics(prisma, [...new Set(decisions.map((d) => d.personId))]);
      return adverseImpactAudit(decisions, demographics, attribute, rule(options.minGroupSize));
    },
    async funnelAudit(programId, attribute, options = {}) {
      const events = await loadFunnelEvents(prisma, programId);
      const people = Object.values(events).flatMap((stage: readonly { personId: string }[]) => stage.map((e) => e.personId));
      return funnelAudit(events, await loadDemographics(prisma, [...new Set(people)]), attribute, rule(options.minGroupSize));
    },
    async simulationImpact(report, attribute, options = {}) {
      const outcomes = [...report.gains, ...report.loses, ...report.unchanged, ...report.failed];
      const enrolled = await loadEnrolmentDates(prisma, outcomes.flatMap((o) => (o.journeyId ? [o.journeyId] : [])));
      const demographics = await loadDemographics(prisma, [...new Set(outcomes.map((o) => o.personId))]);
      return simulationImpact(report, enrolled, demographics, attribute, rule(options.minGroupSize));
    },
    async programChangeImpact(evaluated, attribute, options = {}) {
      const people = [...new Set(evaluated.map((e) => e.personId))];
      const [joined, demographics] = await Promise.all([loadJoinDates(prisma, people), loadDemographics(prisma, people)]);
      // Nobody here is enrolled, so people are released in batches by when they joined the directory:
      // asking again after one more hire does not show which group the newcomer is in.
      const subjects = evaluated.flatMap((e) => {
        const at = joined.get(e.personId);
        return at ? [{ id: `${e.personId}:${e.pathwayId}`, personId: e.personId, change: e.change, at }] : [];
      });
      return impactByGroup(subjects, demographics, attribute, { ...rule(options.minGroupSize), wholePeople: true });
    },
    async passRateTrend(programId, quarters, options = {}) {
      const decisions = await loadDecisions(prisma, programId);
      const count = Math.max(1, Math.min(MAX_TREND_QUARTERS, quarters));
      return passRateTrend(decisions, quarterOf(options.asOf ?? new Date()), count, rule(options.minGroupSize));
    },
    async calibrationReport(programId, quarterName, options = {}) {
      const quarter = quarterName ? parseQuarter(quarterName) : null;
      if (quarter && !quarter.ok) return quarter;
      const dataset = await loadCalibrationDataset(prisma, programId);
      return ok(calibrationReport(programId, dataset, quarter?.value ?? null, rule(options.minGroupSize)));
    },
  };
}
