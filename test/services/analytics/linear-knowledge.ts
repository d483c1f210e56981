// What a viewer can work out from published figures by adding and subtracting them. The unknowns are
// counts over "atoms" (every combination of the dimensions a figure can be broken down by); each
// published figure is a known linear combination of them. A hidden figure can be recovered exactly
// when its combination lies in the span of the published ones: that is every subtraction, of any
// number of answers, at once. Integer and sign constraints are left out (see docs/api.md).

export type Atom<D extends Record<string, readonly unknown[]>> = { [K in keyof D]: D[K][number] };

/** Every combination of the dimensions' values. */
export function atomsOf<D extends Record<string, readonly unknown[]>>(dims: D): Atom<D>[] {
  let atoms: Record<string, unknown>[] = [{}];
  for (const [name, values] of Object.entries(dims)) atoms = atoms.flatMap((a) => values.map((v) => ({ ...a, [name]: v })));
  return atoms as Atom<D>[];
}

export const figure = <A>(atoms: readonly A[], weight: (atom: A) => number | boolean) => Float64Array.from(atoms, (a) => Number(weight(a)));

const TOLERANCE = 1e-9;

export class Knowledge {
  /** Echelon basis: each row is 1 at its pivot and 0 at the pivots of the rows before it. */
  private readonly basis: { pivot: number; row: Float64Array }[] = [];
  private readonly seen = new Set<string>();
  learned = 0;

  /** A figure the viewer was given. */
  learn(coefficients: Float64Array): void {
    const key = coefficients.join(',');
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.learned++;
    const reduced = this.reduce(coefficients);
    if (reduced) this.basis.push(reduced);
  }

  /** True when the figure follows from what was given, by adding and subtracting. */
  knows(coefficients: Float64Array): boolean {
    return this.reduce(coefficients) === null;
  }

  get rank(): number {
    return this.basis.length;
  }

  private reduce(coefficients: Float64Array): { pivot: number; row: Float64Array } | null {
    const row = Float64Array.from(coefficients);
    for (const { pivot, row: b } of this.basis) {
      const factor = row[pivot]!;
      if (factor !== 0) for (let i = 0; i < row.length; i++) row[i]! -= factor * b[i]!;
    }
    let pivot = -1;
    for (let i = 0; i < row.length; i++) if (Math.abs(row[i]!) > TOLERANCE && (pivot < 0 || Math.abs(row[i]!) > Math.abs(row[pivot]!))) pivot = i;
    if (pivot < 0) return null;
    const scale = row[pivot]!;
    for (let i = 0; i < row.length; i++) row[i]! /= scale;
    return { pivot, row };
  }
}
