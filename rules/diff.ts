import { isDeepStrictEqual } from 'node:util';
import { factSpec, isFactName } from './facts.js';
import {
  type ConditionNode,
  childPath,
  type GroupCondition,
  isLeaf,
  isReference,
  type LeafCondition,
  type RuleDefinition,
  type RuleSetFile,
} from './rule-set.js';

// A structural diff between two versions of a rule set, for the reviewer of a change: rules are matched
// by name, shared conditions by name, and the conditions of a group by content (an unchanged condition
// that moved is not a change; one whose value changed is "changed", not "removed" plus "added"). Every
// change carries the JSON path where it is and a sentence saying what changed.

export type RuleSetChangeKind = 'added' | 'removed' | 'changed';

export interface RuleSetChange {
  kind: RuleSetChangeKind;
  /** JSON path in the newer version; in the older one for a removal. */
  path: string;
  /** Where it was in the older version, when that is not `path`. */
  previousPath?: string;
  /** The change in words, e.g. `Rule "x": condition "At least 6 months' tenure" changed: value 6 → 12`. */
  summary: string;
  before?: unknown;
  after?: unknown;
}

export interface RuleSetDiff {
  /** `<id>@<version>` of each side. */
  from: string;
  to: string;
  changes: RuleSetChange[];
}

const ENVELOPE = ['id', 'programId', 'kind', 'version', 'description', 'effectiveDate'] as const;

export function diffRuleSets(before: RuleSetFile, after: RuleSetFile): RuleSetDiff {
  const changes: RuleSetChange[] = [];
  for (const field of ENVELOPE) {
    if (before[field] !== after[field]) {
      const path = childPath('$', field);
      changes.push({ kind: 'changed', path, summary: `${field} changed: ${show(before[field])} → ${show(after[field])}`, before: before[field], after: after[field] });
    }
  }
  diffSharedConditions(before.conditions ?? {}, after.conditions ?? {}, changes);
  diffRules(before.rules, after.rules, changes);
  return { from: `${before.id}@${before.version}`, to: `${after.id}@${after.version}`, changes };
}

/** One line per change: `~ $.rules[0].conditions.all[0]: Rule "x": condition … changed: value 6 → 12`. */
export function formatRuleSetDiff(diff: RuleSetDiff): string {
  if (diff.changes.length === 0) return `${diff.from} → ${diff.to}: no changes`;
  const sign = { added: '+', removed: '-', changed: '~' } as const;
  const lines = diff.changes.map((c) => `${sign[c.kind]} ${c.path}${c.previousPath ? ` (was ${c.previousPath})` : ''}: ${c.summary}`);
  return [`${diff.from} → ${diff.to}: ${diff.changes.length} change${diff.changes.length === 1 ? '' : 's'}`, ...lines].join('\n');
}

function diffSharedConditions(before: Record<string, ConditionNode>, after: Record<string, ConditionNode>, out: RuleSetChange[]) {
  for (const [name, node] of Object.entries(after)) {
    const path = childPath('$.conditions', name);
    const label = `Shared condition "${name}"`;
    const old = before[name];
    if (old === undefined) out.push({ kind: 'added', path, summary: `${label} added: ${describeNode(node)}`, after: node });
    else diffNode(old, node, path, path, label, out);
  }
  for (const [name, node] of Object.entries(before)) {
    if (!(name in after)) {
      out.push({ kind: 'removed', path: childPath('$.conditions', name), summary: `Shared condition "${name}" removed`, before: node });
    }
  }
}

function diffRules(before: RuleDefinition[], after: RuleDefinition[], out: RuleSetChange[]) {
  const oldIndex = new Map(before.map((rule, i) => [rule.name, i]));
  for (const [i, rule] of after.entries()) {
    const path = `$.rules[${i}]`;
    const j = oldIndex.get(rule.name);
    const old = j === undefined ? undefined : before[j];
    if (j === undefined || old === undefined) {
      const summary = `Rule "${rule.name}" added: emits "${rule.event.type}" when ${describeNode(rule.conditions)}`;
      out.push({ kind: 'added', path, summary, after: rule });
      continue;
    }
    const oldPath = `$.rules[${j}]`;
    const at = (field: string) => ({ path: `${path}.${field}`, ...(oldPath === path ? {} : { previousPath: `${oldPath}.${field}` }) });
    const label = `Rule "${rule.name}"`;
    if (old.priority !== rule.priority) {
      out.push({ kind: 'changed', ...at('priority'), summary: `${label}: priority ${show(old.priority)} → ${show(rule.priority)}`, before: old.priority, after: rule.priority });
    }
    if (!isDeepStrictEqual(old.event, rule.event)) {
      out.push({ kind: 'changed', ...at('event'), summary: `${label}: event ${show(old.event)} → ${show(rule.event)}`, before: old.event, after: rule.event });
    }
    diffNode(old.conditions, rule.conditions, `${oldPath}.conditions`, `${path}.conditions`, label, out);
  }
  const kept = new Set(after.map((rule) => rule.name));
  for (const [j, rule] of before.entries()) {
    if (!kept.has(rule.name)) out.push({ kind: 'removed', path: `$.rules[${j}]`, summary: `Rule "${rule.name}" removed`, before: rule });
  }
}

type GroupKind = 'all' | 'any' | 'not';
const groupKind = (node: GroupCondition): GroupKind => ('all' in node ? 'all' : 'any' in node ? 'any' : 'not');

function diffNode(a: ConditionNode, b: ConditionNode, pathA: string, pathB: string, label: string, out: RuleSetChange[]) {
  if (isDeepStrictEqual(a, b)) return;
  const moved = pathA === pathB ? {} : { previousPath: pathA };
  const changed = (summary: string) => out.push({ kind: 'changed', path: pathB, ...moved, summary: `${label}: ${summary}`, before: a, after: b });
  if (isLeaf(a) && isLeaf(b)) {
    changed(`condition "${a.description}" changed: ${leafFieldChanges(a, b)}`);
  } else if (isReference(a) && isReference(b)) {
    changed(`shared condition "${a.condition}" replaced by "${b.condition}"`);
  } else if (!isLeaf(a) && !isLeaf(b) && !isReference(a) && !isReference(b) && groupKind(a) === groupKind(b)) {
    if ('not' in a && 'not' in b) {
      diffNode(a.not, b.not, childPath(pathA, 'not'), childPath(pathB, 'not'), label, out);
      return;
    }
    const kind = groupKind(a) as 'all' | 'any';
    if (a.priority !== b.priority) changed(`priority of the "${kind}" group ${show(a.priority)} → ${show(b.priority)}`);
    diffChildren(children(a), children(b), childPath(pathA, kind), childPath(pathB, kind), label, out);
  } else {
    changed(`${describeNode(a)} became ${describeNode(b)}`);
  }
}

const children = (node: GroupCondition): ConditionNode[] => ('all' in node ? node.all : 'any' in node ? node.any : [node.not]);

function diffChildren(a: ConditionNode[], b: ConditionNode[], pathA: string, pathB: string, label: string, out: RuleSetChange[]) {
  const pairs = matchChildren(a, b);
  const pairedA = new Set(pairs.map(([i]) => i));
  const pairedB = new Set(pairs.map(([, j]) => j));
  for (const [i, j] of pairs) diffNode(a[i]!, b[j]!, childPath(pathA, i), childPath(pathB, j), label, out);
  for (const [j, node] of b.entries()) {
    if (!pairedB.has(j)) out.push({ kind: 'added', path: childPath(pathB, j), summary: `${label}: condition added: ${describeNode(node)}`, after: node });
  }
  for (const [i, node] of a.entries()) {
    if (!pairedA.has(i)) out.push({ kind: 'removed', path: childPath(pathA, i), summary: `${label}: condition removed: ${describeNode(node)}`, before: node });
  }
}

/**
 * Pairs old and new children: identical ones first, then the same subject and operator, then the same
 * subject, then the same kind of group or a shared-condition reference. Whatever is left was added or
 * removed.
 */
function matchChildren(a: ConditionNode[], b: ConditionNode[]): [number, number][] {
  const pairs: [number, number][] = [];
  const usedB = new Set<number>();
  const usedA = new Set<number>();
  const passes: ((x: ConditionNode, y: ConditionNode) => boolean)[] = [
    (x, y) => isDeepStrictEqual(x, y),
    (x, y) => isLeaf(x) && isLeaf(y) && sameSubject(x, y) && x.operator === y.operator,
    (x, y) => isLeaf(x) && isLeaf(y) && sameSubject(x, y),
    (x, y) => (isReference(x) && isReference(y)) || (!isLeaf(x) && !isLeaf(y) && !isReference(x) && !isReference(y) && groupKind(x) === groupKind(y)),
  ];
  for (const same of passes) {
    for (const [i, x] of a.entries()) {
      if (usedA.has(i)) continue;
      const j = b.findIndex((y, k) => !usedB.has(k) && same(x, y));
      if (j === -1) continue;
      usedA.add(i);
      usedB.add(j);
      pairs.push([i, j]);
    }
  }
  return pairs.sort(([, x], [, y]) => x - y);
}

/**
 * What a condition is about. On a list fact the value names the item (a course, a certification), so
 * "holds AWS-SAA" and "holds GCP-PCA" are different conditions; elsewhere the value is a threshold or a
 * choice, and "tenure ≥ 6" → "tenure ≥ 12" is one condition that changed.
 */
function sameSubject(x: LeafCondition, y: LeafCondition): boolean {
  if (x.fact !== y.fact) return false;
  const listFact = isFactName(x.fact) && factSpec(x.fact).type === 'string[]';
  return !listFact || isDeepStrictEqual(x.value, y.value);
}

function leafFieldChanges(a: LeafCondition, b: LeafCondition): string {
  const fields = ['fact', 'operator', 'value', 'description', 'priority'] as const;
  return fields
    .filter((field) => !isDeepStrictEqual(a[field], b[field]))
    .map((field) => `${field} ${show(a[field])} → ${show(b[field])}`)
    .join(', ');
}

/** A condition in words: `"At least 6 months' tenure" (tenureMonths greaterThanInclusive 6)`. */
export function describeNode(node: ConditionNode): string {
  if (isLeaf(node)) return `"${node.description}" (${node.fact} ${node.operator} ${show(node.value)})`;
  if (isReference(node)) return `shared condition "${node.condition}"`;
  if ('not' in node) return `not ${describeNode(node.not)}`;
  const kind = groupKind(node);
  return `${kind} of [${children(node).map(describeNode).join('; ')}]`;
}

const show = (value: unknown): string => (value === undefined ? 'none' : JSON.stringify(value));
