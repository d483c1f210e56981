import { isDeepStrictEqual } from 'node:util';
import { childPath } from '../rules/rule-set.js';
import type { ProgramDocument } from './document.js';

// What changed between two versions of a program, for the people who approve it and for the journeys it
// reaches. Lists of named things (competencies, indicators, rubrics, criteria, pathways, cohorts) are
// matched by their key, so a reordered list is no change and a renamed threshold is one "changed" line.
// Every change says which area it falls in: the areas a journey in flight or a holder feels take a
// transition policy when the version is published; the others only change what the program's pages say.

/** Areas a publication's transition policy applies to, and whom they reach. */
export const POLICY_AREAS = {
  rubric: 'the rubric the panel scores evidence against (journeys in flight; holders at their next re-certification)',
  evidence: 'the evidence formats a pathway accepts (journeys in flight)',
  timing: 'deadlines, reminders, check-in cadence, panel and appeal terms (journeys in flight)',
  recertification: 'validity, re-certification window, reminders, grace period and rules (holders at their next re-certification)',
} as const;
export type PolicyArea = keyof typeof POLICY_AREAS;
export const POLICY_AREA_NAMES = Object.keys(POLICY_AREAS) as PolicyArea[];
export type ChangeArea = PolicyArea | 'description';

export interface ProgramChange {
  kind: 'added' | 'removed' | 'changed';
  area: ChangeArea;
  /** JSON path in the newer version; in the older one for a removal. */
  path: string;
  summary: string;
  before?: unknown;
  after?: unknown;
}

export interface ProgramDiff {
  from: string | null;
  to: string;
  changes: ProgramChange[];
  /** The policy areas with at least one change: publication needs a policy for each. */
  areas: PolicyArea[];
}

const IDENTITY = ['key', 'id', 'code'] as const;

export function diffPrograms(older: ProgramDocument | null, newer: ProgramDocument): ProgramDiff {
  const changes: ProgramChange[] = [];
  const to = `${newer.id}@${newer.version}`;
  if (!older) {
    changes.push({ kind: 'added', area: 'description', path: '$', summary: `New program "${newer.name}"`, after: newer.name });
    return { from: null, to, changes, areas: [] };
  }
  const { version: _a, $schema: _b, ...before } = older;
  const { version: _c, $schema: _d, ...after } = newer;
  walk(before, after, '$', changes);
  const areas = POLICY_AREA_NAMES.filter((area) => changes.some((c) => c.area === area));
  return { from: `${older.id}@${older.version}`, to, changes, areas };
}

function walk(before: unknown, after: unknown, path: string, changes: ProgramChange[]): void {
  if (isDeepStrictEqual(before, after)) return;
  const add = (kind: ProgramChange['kind'], at: string, b: unknown, a: unknown) =>
    changes.push({ kind, area: areaOf(at), path: at, summary: summarise(kind, at, b, a), ...(b !== undefined ? { before: b } : {}), ...(a !== undefined ? { after: a } : {}) });
  if (before === undefined) return void add('added', path, undefined, after);
  if (after === undefined) return void add('removed', path, before, undefined);
  if (Array.isArray(before) && Array.isArray(after)) {
    const identity = keyOf(before) ?? keyOf(after);
    if (!identity) return void add('changed', path, before, after);
    const older = new Map(before.map((item, i) => [(item as Record<string, string>)[identity], i]));
    for (const [i, item] of after.entries()) {
      const id = (item as Record<string, string>)[identity]!;
      const j = older.get(id);
      if (j === undefined) add('added', childPath(path, i), undefined, item);
      else walk(before[j], item, childPath(path, i), changes);
    }
    const newer = new Set(after.map((item) => (item as Record<string, string>)[identity]));
    for (const [i, item] of before.entries()) {
      if (!newer.has((item as Record<string, string>)[identity])) add('removed', childPath(path, i), item, undefined);
    }
    return;
  }
  if (isObject(before) && isObject(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) walk(before[key], after[key], childPath(path, key), changes);
    return;
  }
  add('changed', path, before, after);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The identity field shared by every item of a list of objects, if there is one. */
function keyOf(items: unknown[]): string | undefined {
  if (items.length === 0 || !items.every(isObject)) return undefined;
  return IDENTITY.find((field) => items.every((item) => typeof (item as Record<string, unknown>)[field] === 'string'));
}

function areaOf(path: string): ChangeArea {
  if (path.startsWith('$.rubrics') || /^\$\.pathways\[\d+\]\.rubric$/.test(path)) return 'rubric';
  if (/^\$\.pathways\[\d+\]\.evidenceFormats/.test(path)) return 'evidence';
  if (/^\$\.(submission|mentoring|panel|appeals)\b/.test(path) || /^\$\.pathways\[\d+\]\.checkInCadence/.test(path)) return 'timing';
  if (path.startsWith('$.credential')) return 'recertification';
  return 'description';
}

function summarise(kind: ProgramChange['kind'], path: string, before: unknown, after: unknown): string {
  const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  const named = (value: unknown) => (isObject(value) ? String(value.name ?? value.title ?? value.key ?? value.id ?? value.code ?? '') : show(value));
  if (kind === 'added') return `${path}: added ${named(after)}`;
  if (kind === 'removed') return `${path}: removed ${named(before)}`;
  return `${path}: ${show(before)} → ${show(after)}`;
}
