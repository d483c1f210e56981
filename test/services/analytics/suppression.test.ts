import { describe, expect, it } from 'vitest';
import { adverseImpactAudit } from '../../../services/analytics/audit.js';
import type { DecisionEvent, DemographicsByPerson } from '../../../services/analytics/dataset.js';
import { type Cell, hiddenCells, releasedCount, suppressionRule } from '../../../services/analytics/suppression.js';
import { atomsOf, figure, Knowledge } from './linear-knowledge.js';

// The suppression rule on its own (services/analytics/suppression.ts): primary and complementary
// suppression, parents, sizes a caller raises, and release in batches. The attacks on the real
// analytics are in subtraction-attacks.test.ts.

const rule = (minGroupSize = 5) => suppressionRule(minGroupSize);
const cells = (sizes: Record<string, number>, parents: Record<string, string> = {}): Cell[] =>
  Object.entries(sizes).map(([key, people]) => ({ key, people, ...(parents[key] ? { parent: parents[key] } : {}) }));
const hidden = (c: Cell[], r = rule()) => [...hiddenCells(c, r)].sort();

describe('complementary suppression', () => {
  it('hides nothing when every group is large enough', () => {
    expect(hidden(cells({ a: 5, b: 9 }))).toEqual([]);
  });

  it('hides a second group when exactly one is small, so the total minus the visible groups gives only their sum', () => {
    expect(hidden(cells({ small: 2, middle: 7, large: 30 }))).toEqual(['middle', 'small']);
  });

  it('hides more until the hidden groups hold at least the minimum size together', () => {
    // 1 + 2 is a group of three people by subtraction: the next smallest goes too.
    expect(hidden(cells({ one: 1, two: 2, six: 6, many: 40 }))).toEqual(['one', 'six', 'two']);
    expect(hidden(cells({ one: 1, four: 4, many: 40 }))).toEqual(['four', 'one']);
  });

  it('neither protects with nor protects an empty group', () => {
    expect(hidden(cells({ empty: 0, a: 8, b: 9 }))).toEqual(['empty']);
    expect(hidden(cells({ empty: 0, small: 3, a: 8, b: 9 }))).toEqual(['a', 'empty', 'small']);
  });

  it('finds a complement within the parent breakdown too (a pilot cohort next to the pilot total)', () => {
    // Across the program regular-a (6) would be the smallest complement, but "pilot" is published as
    // 3 + 20, so pilot - pilot-b would still give pilot-a: pilot-b goes, and serves the program too.
    const parents = { 'pilot-a': 'pilot', 'pilot-b': 'pilot', 'regular-a': 'not', 'regular-b': 'not', lone: 'solo' };
    expect(hidden(cells({ 'pilot-a': 3, 'pilot-b': 20, 'regular-a': 6, 'regular-b': 30 }, parents))).toEqual(['pilot-a', 'pilot-b']);
    // Alone in "pilot", pilot-a makes "pilot" too small to publish; "solo" is hidden with it in the
    // parents' breakdown, so everyone minus "not" is pilot-a + lone: lone is the complement.
    expect(hidden(cells({ 'pilot-a': 3, lone: 6, 'regular-a': 8, 'regular-b': 30 }, parents))).toEqual(['lone', 'pilot-a']);
  });

  it('lets a caller raise the size, and a larger size never shows what a smaller one hid', () => {
    expect(suppressionRule(1)).toEqual({ floor: 5, minGroupSize: 5 });
    expect(suppressionRule(9)).toEqual({ floor: 5, minGroupSize: 9 });
    // Random breakdowns: at every size, what was hidden at the size below stays hidden, and no hidden
    // cell (nor the sum of the hidden ones, when smaller than the size) follows from the visible ones
    // and the totals of the breakdown and of each parent.
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    for (let trial = 0; trial < 300; trial++) {
      const table = Array.from({ length: 2 + random(6) }, (_, i) => ({ key: `g${i}`, people: random(4) === 0 ? random(5) : random(25), parent: `p${random(3)}` }));
      let before = new Set<string>();
      for (let size = 5; size <= 30; size++) {
        const now = hiddenCells(table, { floor: 5, minGroupSize: size });
        for (const key of before) expect(now.has(key), `trial ${trial}, size ${size}: ${key} shown again`).toBe(true);
        before = now;
        // What the viewer has: the total, the parents' breakdown as published, the visible groups.
        const parentOf = (key: string) => table.find((c) => c.key === key)?.parent;
        const parents = [...new Set(table.map((c) => c.parent))].map((p) => ({ key: p, people: table.filter((c) => c.parent === p).reduce((s, c) => s + c.people, 0) }));
        const hiddenParents = hiddenCells(parents, { floor: 5, minGroupSize: size });
        const atoms = atomsOf({ cell: table.map((c) => c.key) });
        const known = new Knowledge();
        known.learn(figure(atoms, () => 1));
        for (const p of parents.filter((p) => !hiddenParents.has(p.key))) known.learn(figure(atoms, (a) => parentOf(a.cell) === p.key));
        for (const c of table.filter((c) => !now.has(c.key))) known.learn(figure(atoms, (a) => a.cell === c.key));
        const secret = table.filter((c) => now.has(c.key) && c.people > 0);
        for (const c of secret) expect(known.knows(figure(atoms, (a) => a.cell === c.key)), `trial ${trial}, size ${size}: ${c.key} recovered`).toBe(false);
        // The hidden groups together are a group too: never fewer than the size, unless that is everyone.
        const total = table.reduce((s, c) => s + c.people, 0);
        const union = secret.reduce((s, c) => s + c.people, 0);
        if (secret.length > 0 && union < size) expect(union, `trial ${trial}: hidden sum`).toBe(total);
      }
    }
  });
});

describe('release in batches', () => {
  it('publishes whole batches of distinct people only', () => {
    const events = ['a', 'b', 'a', 'c', 'd', 'e', 'f', 'g'];
    // a, b, a, c, d, e: five people by the sixth event; f and g wait.
    expect(releasedCount(events, (p) => p, 5)).toBe(6);
    expect(releasedCount(events.slice(0, 5), (p) => p, 5)).toBe(0);
    expect(releasedCount(events, (p) => p, 1)).toBe(8);
  });
});

describe('adverse-impact audit', () => {
  const decision = (i: number, passed: boolean): DecisionEvent => ({
    id: `d${String(i).padStart(2, '0')}`,
    journeyId: `j${i}`,
    personId: `p${i}`,
    decidedAt: new Date(Date.UTC(2026, 0, 1 + i)),
    outcome: passed ? 'passed' : 'not_passed',
  });
  // a: 2 people, both passed; b: 6, half passed; c: 8, six passed. 16 decisions, released 15.
  const groupOf = (i: number) => (i < 2 ? 'a' : i < 8 ? 'b' : 'c');
  const decisions = Array.from({ length: 16 }, (_, i) => decision(i, groupOf(i) === 'a' || (groupOf(i) === 'b' ? i % 2 === 0 : i < 14)));
  const demographics: DemographicsByPerson = new Map(decisions.map((d, i) => [d.personId, { gender: groupOf(i), ethnicity: null, ageBand: null, disability: null }]));

  it('never takes a suppressed group as the reference, nor names it', () => {
    const audit = adverseImpactAudit(decisions, demographics, 'gender');
    // a (100%) is too small and b goes with it; c, the only group left, is the reference.
    expect(audit.referenceGroup).toBe('c');
    expect(audit.decisionsThrough).toEqual(decisions[14]!.decidedAt);
    expect(audit.groups).toEqual([
      // Fisher's exact test against the rest (a and b, 5 of 8 passed): [[6, 1], [5, 3]], p = 37/65.
      { group: 'c', sampleSize: 7, passed: 6, passRate: 0.8571, impactRatio: 1, flagged: false, fisherP: 0.5692, suppressed: false },
      { group: null, sampleSize: null, passed: null, passRate: null, impactRatio: null, flagged: false, fisherP: null, suppressed: true },
    ]);
  });
});
