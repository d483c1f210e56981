import { childPath } from './rule-set.js';

// Validation, evaluation and diffing walk a rule set recursively. A file nested a thousand levels deep
// (hostile or generated) would overflow the stack in each of them, so its depth is measured first, by
// a walk that keeps its own stack and cannot overflow, and anything too deep is refused before it is
// stored or read further.

/**
 * JSON levels a rule set may use. A rule's conditions take two levels per group (`{ "all": [ … ] }`),
 * so this leaves room for about a dozen nested groups: far beyond any rule a person writes.
 */
export const MAX_RULE_SET_DEPTH = 32;

/** The JSON path of the first value nested deeper than `maxDepth`, or null when the value fits. */
export function pathBeyondDepth(value: unknown, maxDepth = MAX_RULE_SET_DEPTH): string | null {
  const pending: { value: unknown; path: string; depth: number }[] = [{ value, path: '$', depth: 0 }];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > maxDepth) return next.path;
    const children = Array.isArray(next.value) ? next.value.map((child, i) => [i, child] as const) : Object.entries(next.value);
    for (const [key, child] of children) pending.push({ value: child, path: childPath(next.path, key), depth });
  }
  return null;
}
