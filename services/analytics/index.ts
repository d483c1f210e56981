import { quarterOf } from '../../domain/quarter.js';
import type { PrismaClient } from '../../prisma/client.js';
import { type AdverseImpactAudit, type AuditAttribute, adverseImpactAudit } from './audit.js';
import { loadDecisions, loadDemographics, loadJourneyRecords } from './dataset.js';
import { type GroupBy, type GroupMetrics, programMetrics, type RateGroup, recertificationRate, retention } from './program.js';
import { DEFAULT_MIN_GROUP_SIZE, suppressionRule } from './suppression.js';
import { passRateTrend, type TrendPoint } from './trend.js';

export { AUDIT_ATTRIBUTES, type AuditAttribute } from './audit.js';
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
  /** Pass rate per quarter for the `quarters` quarters up to the one `asOf` falls in, oldest first. */
  passRateTrend(programId: string, quarters: number, options?: { minGroupSize?: number; asOf?: Date }): Promise<TrendPoint[]>;
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
    async passRateTrend(programId, quarters, options = {}) {
      const decisions = await loadDecisions(prisma, programId);
      const count = Math.max(1, Math.min(MAX_TREND_QUARTERS, quarters));
      return passRateTrend(decisions, quarterOf(options.asOf ?? new Date()), count, rule(options.minGroupSize));
    },
  };
}
