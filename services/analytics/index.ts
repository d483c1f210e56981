import type { PrismaClient } from '../../prisma/client.js';
import { type AdverseImpactAudit, type AuditAttribute, adverseImpactAudit } from './audit.js';
import { loadDemographics, loadJourneyRecords } from './dataset.js';
import { DEFAULT_MIN_GROUP_SIZE, type GroupBy, type GroupMetrics, programMetrics, type RateGroup, recertificationRate, retention } from './program.js';

export { AUDIT_ATTRIBUTES, type AuditAttribute } from './audit.js';
export { DEFAULT_MIN_GROUP_SIZE, GROUP_BY, type GroupBy } from './program.js';

// The thin loader over the pure computations: read the program's journeys once, compute, return groups.

export interface ProgramAnalytics {
  groupBy: GroupBy;
  minGroupSize: number;
  groups: GroupMetrics[];
  retention: RateGroup[];
  recertification: RateGroup;
}

export interface AnalyticsService {
  programAnalytics(programId: string, groupBy: GroupBy, options?: { minGroupSize?: number; asOf?: Date }): Promise<ProgramAnalytics>;
  adverseImpactAudit(programId: string, attribute: AuditAttribute, options?: { minGroupSize?: number }): Promise<AdverseImpactAudit>;
}

/**
 * `minGroupSize` is the floor for this deployment (default 5): a caller may ask for a larger one, never
 * a smaller one.
 */
export function createAnalyticsService(prisma: PrismaClient, config: { minGroupSize?: number } = {}): AnalyticsService {
  const floor = config.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  const size = (asked?: number) => Math.max(floor, asked ?? floor);
  return {
    async programAnalytics(programId, groupBy, options = {}) {
      const records = await loadJourneyRecords(prisma, programId);
      const minGroupSize = size(options.minGroupSize);
      const asOf = options.asOf ?? new Date();
      return {
        groupBy,
        minGroupSize,
        groups: programMetrics(records, groupBy, { minGroupSize }),
        retention: retention(records, asOf, { minGroupSize }),
        recertification: recertificationRate(records, asOf, { minGroupSize }),
      };
    },
    async adverseImpactAudit(programId, attribute, options = {}) {
      const records = await loadJourneyRecords(prisma, programId);
      const demographics = await loadDemographics(prisma, [...new Set(records.map((r) => r.personId))]);
      return adverseImpactAudit(records, demographics, attribute, { minGroupSize: size(options.minGroupSize) });
    },
  };
}
