import { parseIsoDuration } from '../domain/duration.js';
import type { Rubric } from '../domain/rubric.js';

// What a candidate reads before enrolling, derived from the same data the engine and the workflow use,
// so the published words cannot drift from the rules actually applied.

/**
 * A rule set's conditions in plain language, in rule order. Alternatives stay together
 * ("One of: A; or B"), so a candidate reads the same logic the engine applies.
 */
export function describeConditions(definition: unknown): string[] {
  const describe = (node: unknown): string[] => {
    if (!node || typeof node !== 'object') return [];
    const record = node as Record<string, unknown>;
    if (typeof record.fact === 'string') return typeof record.description === 'string' ? [record.description] : [];
    if (Array.isArray(record.all)) return record.all.flatMap(describe);
    if (Array.isArray(record.any)) {
      const options = record.any.flatMap(describe);
      return options.length > 1 ? [`One of: ${options.join('; or ')}`] : options;
    }
    if (record.not) return describe(record.not).map((text) => `Not: ${text}`);
    return [];
  };
  const rules = (definition as { rules?: { conditions?: unknown }[] } | null)?.rules ?? [];
  return rules.flatMap((rule) => describe(rule.conditions));
}

/**
 * The prerequisites of a program: the eligibility conditions of its pathways. Pathways sharing one rule
 * set give one list; otherwise each condition says which pathways it applies to.
 */
export function describePrerequisites(
  pathways: { name: string; eligibilityRuleSetId: string }[],
  ruleSets: { id: string; definition: unknown }[],
): string[] {
  const groups = new Map<string, string[]>();
  for (const pathway of pathways) groups.set(pathway.eligibilityRuleSetId, [...(groups.get(pathway.eligibilityRuleSetId) ?? []), pathway.name]);
  const conditionsOf = (id: string) => describeConditions(ruleSets.find((r) => r.id === id)?.definition ?? null);
  if (groups.size <= 1) return [...groups.keys()].flatMap(conditionsOf);
  return [...groups].flatMap(([id, names]) => conditionsOf(id).map((text) => `${names.join(' and ')}: ${text}`));
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** "P14D" → "14 days", "P1Y6M" → "1 year and 6 months". */
export function describeDuration(iso: string): string {
  const d = parseIsoDuration(iso);
  const parts = (
    [
      [d.years, 'year'],
      [d.months, 'month'],
      [d.weeks, 'week'],
      [d.days, 'day'],
      [d.hours, 'hour'],
      [d.minutes, 'minute'],
      [d.seconds, 'second'],
    ] as const
  ).flatMap(([n, unit]) => (n > 0 ? [plural(n, unit)] : []));
  if (parts.length === 0) return 'no time';
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

const titles = (criteria: { title: string }[]) => criteria.map((c) => c.title).join(', ');

/**
 * The overall decision rule of a rubric, worded after `decide` in domain/rubric.ts: critical criteria
 * must meet their thresholds and the average must reach the pass mark; other criteria below their
 * threshold are reported but do not fail the assessment on their own.
 */
export function describeDecisionRule(rubric: Rubric): string {
  const critical = rubric.criteria.filter((c) => c.critical);
  const thresholds = [...new Set(critical.map((c) => c.threshold))];
  const criticalPart =
    critical.length === 0
      ? ''
      : thresholds.length === 1
        ? `Every critical criterion (${titles(critical)}) at level ${thresholds[0]} or above and `
        : `${critical.map((c) => `${c.title} at level ${c.threshold} or above`).join(', ')} and `;
  const average = `an average of at least ${rubric.passAverage} across all criteria`;
  const rest = rubric.criteria.some((c) => !c.critical)
    ? '; other criteria below their threshold are fed back as areas to develop but do not fail the assessment on their own'
    : '';
  const rule = `${criticalPart}${average}${rest}.`;
  return rule.charAt(0).toUpperCase() + rule.slice(1);
}

/** One decision rule for the program: shared by every pathway, or named per pathway when they differ. */
export function describeProgramDecisionRule(pathways: { name: string; rubric: Rubric }[]): string {
  const rules = pathways.map((p) => ({ name: p.name, rule: describeDecisionRule(p.rubric) }));
  const distinct = [...new Set(rules.map((r) => r.rule))];
  if (distinct.length <= 1) return distinct[0] ?? 'No pathway is published yet.';
  return rules.map((r) => `${r.name}: ${r.rule}`).join(' ');
}

export function describeModeration(panelSize: number, moderationSpread: number): string {
  if (panelSize <= 1) return 'One assessor scores the evidence; there is no moderation.';
  const levels = plural(moderationSpread, 'level');
  return `${panelSize} assessors score independently and see each other's scores only when all are in; a criterion on which their scores differ by more than ${levels} goes to a moderator, otherwise the panel's mean level per criterion decides.`;
}

export function describeAppeal(appealWindow: string, appealReviewers: number): string {
  return `You may appeal within ${describeDuration(appealWindow)} of the decision; ${plural(appealReviewers, 'member')} of the certification committee review the appeal.`;
}
