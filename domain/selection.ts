// Who is chosen to judge or support a candidate: the panel, the mentor and the appeal reviewers. Pure
// rankings over people the activities have already narrowed to the eligible (not the candidate, not in
// their reporting line, with capacity or a current term); the activities fetch, lock and store.

/** A stable last tie-break, so the same inputs always choose the same people. */
export function compareIds(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export interface Assessor {
  id: string;
  department: string;
}

/**
 * Draws the panel one member at a time, always from the department with the fewest members on the panel
 * so far: every department is used once before any is used twice. Within that, an assessor from outside
 * the candidate's department comes first (as for single assessors), then the lightest open workload.
 */
export function drawPanel<T extends Assessor>(pool: readonly T[], size: number, candidateDepartment: string, load: (id: string) => number, seated: readonly Assessor[] = []): T[] {
  const remaining = [...pool];
  // Members who stay when someone is replaced count as on the panel already: the same rule, mid-round.
  const onPanel = new Map<string, number>();
  for (const member of seated) onPanel.set(member.department, (onPanel.get(member.department) ?? 0) + 1);
  const seats = (a: T) => onPanel.get(a.department) ?? 0;
  const sameDepartment = (a: T) => Number(a.department === candidateDepartment);
  const panel: T[] = [];
  while (panel.length < size && remaining.length > 0) {
    remaining.sort((a, b) => seats(a) - seats(b) || sameDepartment(a) - sameDepartment(b) || load(a.id) - load(b.id) || compareIds(a, b));
    const next = remaining.shift()!;
    panel.push(next);
    onPanel.set(next.department, seats(next) + 1);
  }
  return panel;
}

/**
 * The mentor for a candidate among those with room: another department first, then the lightest load;
 * undefined when every one is full.
 */
export function chooseMentor<T extends { id: string; department: string; mentorCapacity: number }>(mentors: readonly T[], candidateDepartment: string, load: (id: string) => number): T | undefined {
  return mentors
    .filter((m) => load(m.id) < m.mentorCapacity)
    .sort((a, b) => Number(a.department === candidateDepartment) - Number(b.department === candidateDepartment) || load(a.id) - load(b.id) || compareIds(a, b))[0];
}

/**
 * Appeal reviewers rotate the work: fewest appeals reviewed first, then whoever has waited longest since
 * their last one. `history` is every earlier appeal's reviewers and filing time.
 */
export function rankReviewers<T extends { id: string }>(members: readonly T[], history: readonly { reviewers: string[]; filedAt: Date }[]): T[] {
  const reviewed = new Map<string, number>();
  const lastReviewed = new Map<string, number>();
  for (const appeal of history) {
    for (const id of appeal.reviewers) {
      reviewed.set(id, (reviewed.get(id) ?? 0) + 1);
      lastReviewed.set(id, Math.max(lastReviewed.get(id) ?? Number.NEGATIVE_INFINITY, appeal.filedAt.getTime()));
    }
  }
  return [...members].sort(
    (a, b) =>
      (reviewed.get(a.id) ?? 0) - (reviewed.get(b.id) ?? 0) ||
      (lastReviewed.get(a.id) ?? Number.NEGATIVE_INFINITY) - (lastReviewed.get(b.id) ?? Number.NEGATIVE_INFINITY) ||
      compareIds(a, b),
  );
}
