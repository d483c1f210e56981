// Fisher's exact test for a 2x2 table, two-sided, as R's fisher.test computes it. Pure, no I/O.
//
// Why exact: audit groups are often a few dozen people with a handful of failures, where the
// chi-squared approximation misleads (expected counts below 5). With the margins fixed, the top-left
// count follows the hypergeometric distribution; the two-sided p-value is the total probability of
// every table no more likely than the observed one. Probabilities are compared with a relative
// tolerance of 1e-7, as R does, so tables exactly as likely as the observed one (symmetric margins)
// are not lost to rounding. Written here rather than taken from npm: the registry's candidates are
// unmaintained or one-sided, and the test is twenty lines over log-factorials.

/** log(k!) for k = 0 … n, by cumulative sums (exact enough for any count an audit meets). */
function logFactorials(n: number): Float64Array {
  const table = new Float64Array(n + 1);
  for (let k = 2; k <= n; k++) table[k] = table[k - 1]! + Math.log(k);
  return table;
}

/** R's fisher.test: `relErr <- 1 + 10^(-7)`. */
const RELATIVE_TOLERANCE = 1 + 1e-7;

/**
 * Two-sided p-value of the table
 *
 *              outcome   not
 *     group      a        b
 *     rest       c        d
 *
 * Null when a row or a column is empty (there is nothing to compare; R would answer 1).
 */
export function fisherExact(a: number, b: number, c: number, d: number): number | null {
  for (const count of [a, b, c, d]) {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`Fisher's test needs counts, not ${count}.`);
  }
  const row1 = a + b;
  const row2 = c + d;
  const col1 = a + c;
  const n = row1 + row2;
  if (row1 === 0 || row2 === 0 || col1 === 0 || col1 === n) return null;
  const lf = logFactorials(n);
  // log P(top-left = x) with every margin fixed: C(row1, x) C(row2, col1 - x) / C(n, col1).
  const constant = lf[row1]! + lf[row2]! + lf[col1]! + lf[n - col1]! - lf[n]!;
  const logP = (x: number) => constant - lf[x]! - lf[row1 - x]! - lf[col1 - x]! - lf[row2 - col1 + x]!;
  const observed = logP(a);
  let p = 0;
  for (let x = Math.max(0, col1 - row2); x <= Math.min(row1, col1); x++) {
    const lp = logP(x);
    if (lp <= observed + Math.log(RELATIVE_TOLERANCE)) p += Math.exp(lp);
  }
  return Math.min(1, p);
}

/** A p-value kept to four significant digits: enough to screen, and small ones stay visible (1.083e-5). */
export const roundP = (p: number | null): number | null => (p === null ? null : Number(p.toPrecision(4)));
