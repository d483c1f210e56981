// Small-group suppression: the one rule every analytics figure goes through (program analytics, the
// adverse-impact audit, the pass-rate trend, satisfaction, the quarterly report). Pure, no I/O.
//
// Hiding the small groups alone is not enough: a viewer who also has the total (the program's figures,
// or the sum of a breakdown's groups published elsewhere) subtracts the visible groups and gets the
// hidden one back. So, for every breakdown:
//   1. primary: a cell with fewer people than the minimum group size is hidden;
//   2. complementary: whenever the hidden cells with anyone in them are exactly one, or together
//      hold fewer people than the minimum, the smallest visible cell is hidden too, until the total
//      minus the visible cells gives only a sum of at least two cells and at least minimum-size people;
//   3. the same holds inside each parent a breakdown nests in (cohorts within pilot or not), because
//      the parent's breakdown is published too (under this same rule) and gives totals of its own;
//   4. raising the minimum size never shows a cell a smaller size hid, so two answers with different
//      sizes cannot be subtracted either (the cells hidden at every size up to the asked one are hidden);
//   5. figures resting on what the viewer cannot see person by person (demographics, survey ratings)
//      move only in whole batches of at least minimum-size people, so watching them change over time
//      never isolates one person (releasedCount).

export const DEFAULT_MIN_GROUP_SIZE = 5;

export interface SuppressionRule {
  /** The size asked for; never below the floor. */
  minGroupSize: number;
  /** The deployment's minimum, which also sizes the release batches so callers cannot vary them. */
  floor: number;
}

/**
 * The largest minimum group size a caller may ask for. Hiding is checked at every size from the floor up
 * to the asked one, so an unbounded size would let one request spin the API for seconds; no audit needs
 * groups of more than a hundred people to be hidden.
 */
export const MAX_MIN_GROUP_SIZE = 100;

/** A caller may raise the minimum group size, never lower it below the deployment's floor. */
export function suppressionRule(asked?: number | null, floor = DEFAULT_MIN_GROUP_SIZE): SuppressionRule {
  return { floor, minGroupSize: Math.max(floor, asked ?? floor) };
}

export interface Cell {
  key: string;
  /** Distinct people the cell's figures rest on (not rows: one person may have several). */
  people: number;
  /** The cell of a coarser, also published breakdown this one sums into. */
  parent?: string;
}

const byPeopleThenKey = (a: Cell, b: Cell) => a.people - b.people || a.key.localeCompare(b.key);

/** The cells of one breakdown to hide at exactly this size (rules 1 to 3). */
function hiddenAt(cells: readonly Cell[], size: number): Set<string> {
  const hidden = new Set(cells.filter((c) => c.people < size).map((c) => c.key));
  // The parents' own breakdown is published under the same rule: a parent shown there is a total the
  // viewer can subtract from; the parents hidden there add up to one total (everyone minus the others).
  const parentKeys = [...new Set(cells.flatMap((c) => (c.parent === undefined ? [] : [c.parent])))];
  const inParent = (p: string) => cells.filter((c) => c.parent === p);
  const hiddenParents = parentKeys.length ? hiddenAt(parentKeys.map((p) => ({ key: p, people: inParent(p).reduce((sum, c) => sum + c.people, 0) })), size) : new Set<string>();
  const shownParents = parentKeys.filter((p) => !hiddenParents.has(p));
  // A group alone in a shown parent has the parent's figures: hiding it would protect nothing.
  const determined = new Set(
    shownParents.flatMap((p) => {
      const members = inParent(p).filter((c) => c.people > 0);
      return members.length === 1 ? [members[0]!.key] : [];
    }),
  );
  // Parents first: a complement found inside a parent usually serves the whole breakdown as well.
  const scopes = [...shownParents.map(inParent), cells.filter((c) => c.parent !== undefined && hiddenParents.has(c.parent)), cells];
  // Empty groups protect nothing either: the viewer may well know they are empty.
  const counts = (c: Cell) => c.people > 0 && !determined.has(c.key);
  for (let changed = true; changed; ) {
    changed = false;
    for (const scope of scopes) {
      const held = scope.filter((c) => counts(c) && hidden.has(c.key));
      const exposed = held.length === 1 || (held.length > 1 && held.reduce((sum, c) => sum + c.people, 0) < size);
      const next = scope.filter((c) => counts(c) && !hidden.has(c.key)).sort(byPeopleThenKey)[0];
      if (exposed && next) {
        hidden.add(next.key);
        changed = true;
        break;
      }
    }
  }
  return hidden;
}

/**
 * The keys of the cells to hide in one breakdown. Hidden at the asked size or any smaller one down to
 * the floor (rule 4): the complement chosen at a small size may differ from the one at a larger size.
 */
export function hiddenCells(cells: readonly Cell[], rule: SuppressionRule): Set<string> {
  const everyone = cells.reduce((sum, c) => sum + c.people, 0);
  // Above everyone + 1 every cell is hidden anyway; stop there so a huge asked size costs nothing.
  const top = Math.max(rule.floor, Math.min(rule.minGroupSize, everyone + 1));
  const hidden = new Set<string>();
  for (let size = rule.floor; size <= top; size++) for (const key of hiddenAt(cells, size)) hidden.add(key);
  return hidden;
}

/** True when some hidden cell has anyone in it: the breakdown then ends with one unnamed suppressed row. */
export const hidesAnyone = (cells: readonly Cell[], hidden: ReadonlySet<string>) => cells.some((c) => c.people > 0 && hidden.has(c.key));

/** Distinct people among rows. */
export const peopleIn = <T>(rows: readonly T[], personOf: (row: T) => string) => new Set(rows.map(personOf)).size;

/**
 * How many of `events` (already in release order: time, then id) are published (rule 5): whole
 * batches only, each closed once it holds `batchSize` distinct people. Two answers at different times
 * then differ by whole batches, never by one person's event. The batch size is the floor, not the
 * asked size, so a caller cannot shift the batch boundaries by asking for another size.
 */
export function releasedCount<T>(events: readonly T[], personOf: (event: T) => string, batchSize: number): number {
  let released = 0;
  let batch = new Set<string>();
  for (const [i, event] of events.entries()) {
    batch.add(personOf(event));
    if (batch.size >= batchSize) {
      released = i + 1;
      batch = new Set();
    }
  }
  return released;
}

/** Events in release order: by time, ties by id, so the batches never depend on how rows were read. */
export const inReleaseOrder = <T extends { id: string }>(events: readonly T[], at: (event: T) => Date) =>
  [...events].sort((a, b) => at(a).getTime() - at(b).getTime() || a.id.localeCompare(b.id));
