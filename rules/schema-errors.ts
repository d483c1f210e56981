import type { ErrorObject } from 'ajv/dist/2020.js';
import { childPath } from './rule-set.js';

// ajv's errors (JSON Pointers and keywords) in an author's words: a JSON path, a plain message and, for a
// misspelt name, the nearest known one. Shared by every document Certiflow validates against a JSON Schema
// (rule sets, program documents); each adds the messages only its own schema needs through `overrides`.

export interface DocumentProblem {
  /** JSON path of the offending value, e.g. "$.rules[0].conditions.all[1].fact". */
  path: string;
  /** 1-based line in the author's text, where the document came from text (program documents). */
  line?: number;
  message: string;
  suggestion?: string;
}

/** A message of a document's own for one ajv error, or undefined for the shared wording. */
export type SchemaErrorOverride = (error: ErrorObject, path: string) => DocumentProblem | undefined;

export function schemaErrors(raw: ErrorObject[], override?: SchemaErrorOverride): DocumentProblem[] {
  // An anyOf failure also reports every branch that failed; the anyOf message alone says it better.
  const anyOfs = raw.filter((e) => e.keyword === 'anyOf');
  const insideAnyOf = (e: ErrorObject) =>
    anyOfs.some((a) => a !== e && a.instancePath === e.instancePath && e.schemaPath.startsWith(`${a.schemaPath}/`));
  // `if` only reports that its `then`/`else` failed; those errors are listed on their own.
  return raw
    .filter((e) => e.keyword !== 'if' && !insideAnyOf(e))
    .map((e) => {
      const path = toPath(e.instancePath);
      return override?.(e, path) ?? fromAjv(e, path);
    });
}

/** "/rules/0/name" → "$.rules[0].name". */
export function toPath(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<string>((path, key) => childPath(path, /^\d+$/.test(key) ? Number(key) : key), '$');
}

function fromAjv(e: ErrorObject, path: string): DocumentProblem {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { path: childPath(path, String(params.missingProperty)), message: 'is required' };
    case 'additionalProperties': {
      const property = String(params.additionalProperty);
      const allowed = Object.keys((e.parentSchema?.properties as object | undefined) ?? {});
      return { path: childPath(path, property), message: 'is not a known property here', ...suggest(property, allowed, 'properties') };
    }
    case 'type':
      return { path, message: `must be ${withArticle(String(params.type))}` };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const hint = typeof e.data === 'string' ? suggest(e.data, allowed, 'values') : {};
      return { path, message: `must be one of ${allowed.join(', ')}`, ...hint };
    }
    case 'minItems':
    case 'minLength':
      return { path, message: 'must not be empty' };
    case 'maxLength':
      return { path, message: `must be at most ${String(params.limit)} characters` };
    case 'maxItems':
      return { path, message: `must have at most ${String(params.limit)} items` };
    case 'minimum':
      return { path, message: `must be at least ${String(params.limit)}` };
    case 'maximum':
      return { path, message: `must be at most ${String(params.limit)}` };
    case 'uniqueItems':
      return { path, message: `must not repeat an item (items ${String(params.j)} and ${String(params.i)} are the same)` };
    case 'pattern':
      return { path, message: `must be ${String(e.parentSchema?.description ?? `in the form ${String(params.pattern)}`)}` };
    default:
      return { path, message: e.message ?? 'is invalid' };
  }
}

const withArticle = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

// ---- Suggestions for misspelt names.

export function suggest(word: string, candidates: readonly string[], kind: string): { suggestion?: string } {
  if (candidates.length === 0) return {};
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  // Beyond about a third of the word the "nearest" name is a guess; a shortened name ("tenure") is not.
  if (best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3))) return { suggestion: `did you mean ${best}?` };
  const extended = candidates.find((candidate) => candidate.toLowerCase().startsWith(word.toLowerCase()));
  if (extended !== undefined) return { suggestion: `did you mean ${extended}?` };
  return { suggestion: `known ${kind}: ${candidates.join(', ')}` };
}

/** Levenshtein distance, one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
