import { type Cell, hiddenCells, type SuppressionRule } from './suppression.js';

// Which groups to hide in each stage of the funnel audit, where one breakdown (by a demographic
// attribute) is published for several populations at once: people with an eligibility verdict, with a
// manager's decision, with an assessment, with an appeal, with a credential. Each stage's own rule
// (suppression.ts) is not enough across stages: when everyone found eligible also has a manager's
// decision, the approval stage's count for a group is the eligibility stage's eligible count for it,
// so a group hidden at one stage and shown at another is read off the shown one. So the groups hidden
// at any stage that shows something are hidden at every stage (one hidden set), and each stage hides
// more where that set alone would leave one hidden group, or fewer than the minimum size of people,
// to subtract from the stage's total. Every figure then depends on a person's group only through
// "which shown group, or one of the hidden ones": no sum or difference of answers separates two hidden
// groups. A stage whose own rule hides everyone shows no group and takes no part (else one small stage,
// appeals say, would hide the whole funnel); a stage the common set empties still takes part with the
// groups its own rule hides.
//
// Each stage always hides at least what its own rule hides, so a stage whose figures did not move
// between two answers keeps its own suppression, whatever the other stages did meanwhile.

export interface StageCells {
  stage: string;
  cells: Cell[];
}

const nonEmpty = (cells: readonly Cell[]) => cells.filter((c) => c.people > 0);

/** Adds the smallest visible groups until the hidden ones are none, or at least two with at least `size` people. */
function closeOver(cells: readonly Cell[], hidden: Set<string>, size: number): Set<string> {
  const result = new Set(hidden);
  for (;;) {
    const held = nonEmpty(cells).filter((c) => result.has(c.key));
    const people = held.reduce((sum, c) => sum + c.people, 0);
    if (held.length === 0 || (held.length > 1 && people >= size)) return result;
    const next = nonEmpty(cells)
      .filter((c) => !result.has(c.key))
      .sort((a, b) => a.people - b.people || a.key.localeCompare(b.key))[0];
    if (!next) return result;
    result.add(next.key);
  }
}

const hidesEveryone = (cells: readonly Cell[], hidden: ReadonlySet<string>) => nonEmpty(cells).every((c) => hidden.has(c.key));

/**
 * The hidden groups of each stage, by stage name. As for one breakdown (suppression.ts, rule 4), what is
 * hidden at any size from the floor up to the asked one is hidden: a stage its own rule empties at a
 * larger size no longer takes part there, so without this an answer at that size could show, at
 * another stage, the group a smaller size hid for it.
 */
export function hiddenAcrossStages(stages: readonly StageCells[], rule: SuppressionRule): Map<string, Set<string>> {
  const largest = Math.max(0, ...stages.map((s) => s.cells.reduce((sum, c) => sum + c.people, 0)));
  const top = Math.max(rule.floor, Math.min(rule.minGroupSize, largest + 1));
  const result = new Map(stages.map((s) => [s.stage, new Set<string>()]));
  for (let size = rule.floor; size <= top; size++) {
    for (const [stage, hidden] of hiddenAtSize(stages, { floor: rule.floor, minGroupSize: size })) for (const key of hidden) result.get(stage)!.add(key);
  }
  return result;
}

function hiddenAtSize(stages: readonly StageCells[], rule: SuppressionRule): Map<string, Set<string>> {
  const own = new Map(stages.map((s) => [s.stage, hiddenCells(s.cells, rule)]));
  const everyKey = (s: StageCells) => new Set(s.cells.map((c) => c.key));
  // A stage its own rule empties shows nothing, and hides nothing elsewhere.
  const taking = stages.filter((s) => !hidesEveryone(s.cells, own.get(s.stage)!));
  const common = new Set(taking.flatMap((s) => [...own.get(s.stage)!]));
  const result = new Map(stages.map((s) => [s.stage, everyKey(s)]));
  // Until a whole pass adds nothing to the common set (it only grows, so this ends).
  for (let changed = true; changed; ) {
    changed = false;
    for (const s of taking) {
      const hidden = closeOver(s.cells, new Set([...own.get(s.stage)!, ...s.cells.map((c) => c.key).filter((k) => common.has(k))]), rule.minGroupSize);
      // Emptied by the others' hidden groups, a stage shows nothing: its own hidden groups (in the
      // common set already) still count everywhere, what the closing added would only hide everything.
      if (hidesEveryone(s.cells, hidden)) {
        result.set(s.stage, everyKey(s));
        continue;
      }
      result.set(s.stage, hidden);
      for (const key of hidden) {
        if (!common.has(key)) {
          common.add(key);
          changed = true;
        }
      }
    }
  }
  // The last pass added nothing: every stage was settled against the final common set.
  return result;
}
