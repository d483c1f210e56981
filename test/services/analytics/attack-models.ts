import { CANDIDATES, type Candidate, COHORTS, DECISION_QUARTERS, DEPARTMENTS, ENROLMENT_QUARTERS, PATHWAYS, PILOT_COHORTS } from './attack-dataset.js';
import { type Atom, atomsOf, figure, Knowledge } from './linear-knowledge.js';

// The two viewers of subtraction-attacks.test.ts, each an atom space (linear-knowledge.ts) with what
// each published figure adds up.
//
// HR sees every journey (outcome, dates, department, cohort) but never a candidate's demographic
// attributes nor a survey rating: for the audit and the satisfaction figures the unknowns are, per
// person, which attributes or which rating they have (ByPerson). Program analytics rest on data HR
// could list anyway, so they are attacked as a viewer holding only the analytics would: the unknowns
// are how many journeys fall in each combination of department, pathway, cohort, enrolment quarter,
// progress and leaving (ProgramAtoms).

/**
 * What a viewer gathered: the figures shown (each within its breakdown, at whatever size), and the
 * cells hidden. A cell is a secret only if its breakdown never showed it, at any size or in any
 * answer (a size that shows it makes it public); a secret the viewer can work out is a leak, even
 * when another kind of answer gives it away outright.
 */
export class Observations {
  readonly known = new Knowledge();
  private readonly shown = new Map<string, Set<string>>();
  private readonly secrets: { what: string; breakdown: string; coefficients: Float64Array }[] = [];

  show(breakdown: string, coefficients: Float64Array): void {
    this.known.learn(coefficients);
    if (!this.shown.has(breakdown)) this.shown.set(breakdown, new Set());
    this.shown.get(breakdown)!.add(coefficients.join(','));
  }

  hide(breakdown: string, what: string, coefficients: Float64Array): void {
    this.secrets.push({ what, breakdown, coefficients });
  }

  /** The secrets (whose description matches) never shown in their breakdown. */
  hidden(matching = ''): { what: string; coefficients: Float64Array }[] {
    return this.secrets.filter((s) => s.what.includes(matching) && !this.shown.get(s.breakdown)?.has(s.coefficients.join(',')));
  }

  /** The secrets the viewer can work out by adding and subtracting what they were shown. */
  recovered(matching = ''): string[] {
    return [...new Set(this.hidden(matching).filter((s) => this.known.knows(s.coefficients)).map((s) => s.what))];
  }
}

/** Unknowns: one set of values per person, of which the viewer knows each person has exactly one. */
export class ByPerson<D extends Record<string, readonly unknown[]>> extends Observations {
  readonly atoms: Atom<{ unit: string[] } & D>[];

  constructor(units: readonly string[], dims: D) {
    super();
    this.atoms = atomsOf({ unit: [...units], ...dims }) as Atom<{ unit: string[] } & D>[];
    for (const unit of units) this.known.learn(this.figure((a) => a.unit === unit));
  }

  figure(weight: (atom: Atom<{ unit: string[] } & D>) => number | boolean): Float64Array {
    return figure(this.atoms, weight);
  }
}

// Progress of a journey: open at a step, failed in a quarter, or passed in a quarter with its first
// credential issued in that or a later quarter (or not yet; an appeal or moderation can delay it).
const laterQuarters = (q: string) => DECISION_QUARTERS.filter((c) => c >= q);
export const PROGRESS = [
  's0',
  's1',
  's2',
  's3',
  ...DECISION_QUARTERS.flatMap((q) => [`${q}:failed`, `${q}:passed:none`, ...laterQuarters(q).map((c) => `${q}:passed:${c}`)]),
];

export const progressOf = (c: Candidate) => (c.decision ? `${c.decision.quarter}:${c.decision.passed ? `passed:${c.decision.quarter}` : 'failed'}` : `s${c.step}`);

export const programAtoms = atomsOf({ department: DEPARTMENTS, pathway: PATHWAYS, cohort: COHORTS, enrolled: ENROLMENT_QUARTERS, progress: PROGRESS, left: [false, true] });
export type ProgramAtom = (typeof programAtoms)[number];
export const programFigure = (weight: (a: ProgramAtom) => number | boolean) => figure(programAtoms, weight);

export const decidedIn = (a: ProgramAtom) => (a.progress.startsWith('s') ? null : a.progress.slice(0, 7));
export const passedIn = (a: ProgramAtom) => (a.progress.includes(':passed') ? decidedIn(a) : null);
export const certifiedIn = (a: ProgramAtom) => (a.progress.includes(':passed:') && !a.progress.endsWith(':none') ? a.progress.slice(-7) : null);
/** Furthest funnel step: enrolled 0 … submitted 3, decided 4, certified 5. */
const furthest = (a: ProgramAtom) => (a.progress.startsWith('s') ? Number(a.progress.slice(1)) : certifiedIn(a) ? 5 : 4);

export const FUNNEL_STEPS = ['enrolled', 'eligible', 'approved', 'submitted', 'decided', 'certified'];

/** A program-analytics group as a predicate on atoms, and on the seeded candidates. */
export function groupOf(by: string, key: string): { atom: (a: ProgramAtom) => boolean; candidate: (c: Candidate) => boolean } {
  switch (by) {
    case 'program':
      return { atom: () => true, candidate: () => true };
    case 'pathway':
      return { atom: (a) => a.pathway === key, candidate: (c) => c.pathway === key };
    case 'cohort':
      return { atom: (a) => a.cohort === key, candidate: (c) => c.cohort === key };
    case 'department':
      return { atom: (a) => a.department === key, candidate: (c) => c.department === key };
    default: {
      const pilot = key === 'pilot';
      return { atom: (a) => PILOT_COHORTS.includes(a.cohort) === pilot, candidate: (c) => PILOT_COHORTS.includes(c.cohort) === pilot };
    }
  }
}

/** The keys of a breakdown in the seeded data. */
export function groupKeys(by: string): string[] {
  const key = (c: Candidate) =>
    by === 'program' ? 'program' : by === 'pathway' ? c.pathway : by === 'cohort' ? c.cohort : by === 'department' ? c.department : PILOT_COHORTS.includes(c.cohort) ? 'pilot' : 'not pilot';
  return [...new Set(CANDIDATES.map(key))];
}

/** Every additive figure program analytics publish for a group of journeys. */
export function groupFigures(inGroup: (a: ProgramAtom) => boolean): Record<string, Float64Array> {
  return {
    journeys: programFigure(inGroup),
    decided: programFigure((a) => inGroup(a) && decidedIn(a) !== null),
    passed: programFigure((a) => inGroup(a) && passedIn(a) !== null),
    certified: programFigure((a) => inGroup(a) && certifiedIn(a) !== null),
    ...Object.fromEntries(FUNNEL_STEPS.map((step, i) => [`funnel ${step}`, programFigure((a) => inGroup(a) && furthest(a) >= i)])),
  };
}
