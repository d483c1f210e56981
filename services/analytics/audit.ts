import type { DecisionEvent, DemographicsByPerson } from './dataset.js';
import { groupRecords } from './program.js';
import { fisherExact, roundP } from './fisher.js';
import { rate } from './stats.js';
import { hiddenCells, hidesAnyone, inReleaseOrder, releasedCount, suppressionRule } from './suppression.js';

// Adverse-impact audit (the four-fifths rule): the pass rate of each demographic group among decided
// journeys, and its ratio to the highest group's pass rate; a ratio below 0.8 is flagged. Only group
// figures leave this module, never a person's attributes, and HR can see every journey's outcome and
// decision date but not its candidate's attributes, so everything here goes through suppression.ts:
// decisions count only in whole released batches (the audit cannot be watched one decision at a
// time), small groups and their complements are suppressed, and suppressed groups are one unnamed row
// that takes no part in choosing the reference group.

export const AUDIT_ATTRIBUTES = ['gender', 'ethnicity', 'ageBand', 'disability'] as const;
export type AuditAttribute = (typeof AUDIT_ATTRIBUTES)[number];

export const FOUR_FIFTHS = 0.8;
export const NOT_RECORDED = 'not recorded';

export interface AuditGroup {
  /** Null for the row standing for every suppressed group. */
  group: string | null;
  /** Decided journeys in the group; null when suppressed. */
  sampleSize: number | null;
  passed: number | null;
  passRate: number | null;
  /** Pass rate / the highest group's pass rate. */
  impactRatio: number | null;
  flagged: boolean;
  /**
   * Two-sided Fisher's exact test of the group's pass rate against everyone else's (funnel-audit.ts says
   * why the rest and not the reference group). Absent from quarterly reports stored before it existed.
   */
  fisherP?: number | null;
  suppressed: boolean;
}

export interface AdverseImpactAudit {
  attribute: AuditAttribute;
  minGroupSize: number;
  /** The group with the highest pass rate, the reference for every ratio. */
  referenceGroup: string | null;
  /** The last decision the figures include: later ones wait until a whole batch is in. */
  decisionsThrough: Date | null;
  groups: AuditGroup[];
}

const SUPPRESSED: AuditGroup = { group: null, sampleSize: null, passed: null, passRate: null, impactRatio: null, flagged: false, fisherP: null, suppressed: true };

export function adverseImpactAudit(
  decisions: readonly DecisionEvent[],
  demographics: DemographicsByPerson,
  attribute: AuditAttribute,
  options: { minGroupSize?: number; floor?: number } = {},
): AdverseImpactAudit {
  const rule = suppressionRule(options.minGroupSize, options.floor);
  const ordered = inReleaseOrder(decisions, (d) => d.decidedAt);
  const released = ordered.slice(0, releasedCount(ordered, (d) => d.personId, rule.floor));
  // One row per decided journey: passed if any of its released decisions passed.
  const journeys = new Map<string, { personId: string; passed: boolean }>();
  for (const d of released) journeys.set(d.journeyId, { personId: d.personId, passed: (journeys.get(d.journeyId)?.passed ?? false) || d.outcome === 'passed' });
  const grouped = [...groupRecords([...journeys.values()], (j) => demographics.get(j.personId)?.[attribute] ?? NOT_RECORDED)];
  const cells = grouped.map(([key, rows]) => ({ key, people: new Set(rows.map((r) => r.personId)).size }));
  const hidden = hiddenCells(cells, rule);
  const shown = grouped
    .filter(([group]) => !hidden.has(group))
    .map(([group, rows]) => {
      const passed = rows.filter((j) => j.passed).length;
      return { group, size: rows.length, passed, exact: passed / rows.length };
    });
  const reference = shown.filter((g) => g.group !== NOT_RECORDED).reduce<(typeof shown)[number] | null>((best, g) => (!best || g.exact > best.exact ? g : best), null);
  const decided = journeys.size;
  const passedAll = [...journeys.values()].filter((j) => j.passed).length;
  const groups = shown.map((g): AuditGroup => {
    const impactRatio = reference && reference.exact > 0 ? Math.round((g.exact / reference.exact) * 10_000) / 10_000 : null;
    return {
      group: g.group,
      sampleSize: g.size,
      passed: g.passed,
      passRate: rate(g.passed, g.size),
      impactRatio,
      flagged: impactRatio !== null && impactRatio < FOUR_FIFTHS,
      // Against the rest of the released decisions, suppressed groups included: their total is HR's anyway.
      fisherP: roundP(fisherExact(g.passed, g.size - g.passed, passedAll - g.passed, decided - g.size - (passedAll - g.passed))),
      suppressed: false,
    };
  });
  return {
    attribute,
    minGroupSize: rule.minGroupSize,
    referenceGroup: reference?.group ?? null,
    decisionsThrough: released.at(-1)?.decidedAt ?? null,
    groups: hidesAnyone(cells, hidden) ? [...groups, SUPPRESSED] : groups,
  };
}
