import type { DemographicsByPerson, JourneyRecord } from './dataset.js';
import { DEFAULT_MIN_GROUP_SIZE, groupRecords } from './program.js';
import { rate } from './stats.js';

// Adverse-impact audit (the four-fifths rule): the pass rate of each demographic group among decided
// journeys, and its ratio to the highest group's pass rate; a ratio below 0.8 is flagged. Groups below
// the minimum size are suppressed (no counts, no rate) and take no part in choosing the highest group.
// Only group figures leave this module: never a person's attributes.

export const AUDIT_ATTRIBUTES = ['gender', 'ethnicity', 'ageBand', 'disability'] as const;
export type AuditAttribute = (typeof AUDIT_ATTRIBUTES)[number];

export const FOUR_FIFTHS = 0.8;
export const NOT_RECORDED = 'not recorded';

export interface AuditGroup {
  group: string;
  /** Decided journeys in the group; null when suppressed. */
  sampleSize: number | null;
  passed: number | null;
  passRate: number | null;
  /** Pass rate / the highest group's pass rate. */
  impactRatio: number | null;
  flagged: boolean;
  suppressed: boolean;
}

export interface AdverseImpactAudit {
  attribute: AuditAttribute;
  minGroupSize: number;
  /** The group with the highest pass rate, the reference for every ratio. */
  referenceGroup: string | null;
  groups: AuditGroup[];
}

export function adverseImpactAudit(
  records: readonly JourneyRecord[],
  demographics: DemographicsByPerson,
  attribute: AuditAttribute,
  options: { minGroupSize?: number } = {},
): AdverseImpactAudit {
  const minGroupSize = options.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  const decided = records.filter((j) => j.outcomes.length > 0);
  const groups = [...groupRecords(decided, (j) => demographics.get(j.personId)?.[attribute] ?? NOT_RECORDED)].map(([group, rows]) => {
    const passed = rows.filter((j) => j.outcomes.includes('passed')).length;
    return { group, size: rows.length, passed, exact: passed / rows.length, passRate: rate(passed, rows.length) ?? 0 };
  });
  const comparable = groups.filter((g) => g.size >= minGroupSize && g.group !== NOT_RECORDED);
  const reference = comparable.reduce<(typeof comparable)[number] | null>((best, g) => (!best || g.exact > best.exact ? g : best), null);
  return {
    attribute,
    minGroupSize,
    referenceGroup: reference?.group ?? null,
    groups: groups.map((g): AuditGroup => {
      if (g.size < minGroupSize) {
        return { group: g.group, sampleSize: null, passed: null, passRate: null, impactRatio: null, flagged: false, suppressed: true };
      }
      const impactRatio = reference && reference.exact > 0 ? Math.round((g.exact / reference.exact) * 10_000) / 10_000 : null;
      return {
        group: g.group,
        sampleSize: g.size,
        passed: g.passed,
        passRate: g.passRate,
        impactRatio,
        flagged: impactRatio !== null && impactRatio < FOUR_FIFTHS,
        suppressed: false,
      };
    }),
  };
}
