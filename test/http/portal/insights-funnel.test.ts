import { describe, expect, it } from 'vitest';
import { type FunnelAuditData, formatP, funnelAuditSection } from '../../../http/portal/pages/insights-funnel.js';

// The funnel audit's section of the program dashboard, rendered from an API answer: one table per
// stage, suppressed groups without a name or a number, labels escaped, p-values readable.

const suppressed = { group: null, suppressed: true, sampleSize: null, favourable: null, rate: null, impactRatio: null, flagged: false, fisherP: null, medianDays: null };
const shown = (group: string, sampleSize: number, favourable: number, rate: number, impactRatio: number, fisherP: number) => ({
  group,
  suppressed: false,
  sampleSize,
  favourable,
  rate,
  impactRatio,
  flagged: impactRatio < 0.8,
  fisherP,
  medianDays: null,
});

const audit: FunnelAuditData = {
  minGroupSize: 5,
  stages: [
    { stage: 'ELIGIBILITY', favourableOutcome: 'found eligible by the rules', referenceGroup: 'man', groups: [shown('man', 10, 9, 0.9, 1, 0.64), shown('<b>woman</b>', 14, 10, 0.7143, 0.7937, 0.0004), suppressed] },
    { stage: 'APPEAL', favourableOutcome: 'granted', referenceGroup: null, groups: [suppressed] },
    { stage: 'CERTIFICATION', favourableOutcome: null, referenceGroup: null, groups: [{ ...suppressed, group: 'man', suppressed: false, sampleSize: 10, medianDays: 65 }, suppressed] },
  ],
};

describe('the funnel audit section', () => {
  const page = funnelAuditSection(audit, 'gender').value;
  const rowOf = (first: string) => new RegExp(`<tr><td>${first}</td>(.*?)</tr>`).exec(page)?.[1] ?? '';

  it('shows each stage as a table with rate, ratio, the four-fifths rule and Fisher\'s p', () => {
    expect(page).toContain('<caption>Eligibility rules: found eligible by the rules</caption>');
    expect(rowOf('man')).toBe('<td>10</td><td>9</td><td>90%</td><td>1.00</td><td>Reference group</td><td>0.640</td>');
    expect(rowOf('&lt;b&gt;woman&lt;/b&gt;')).toContain('<td>71.4%</td><td>0.79</td><td><span class="badge bad">Below four-fifths</span></td><td>&lt; 0.001</td>');
    expect(page).toContain('<caption>Time to certification: days from enrolment to the first credential</caption>');
    expect(page).toMatch(/<tr><td>man<\/td><td>10<\/td><td>65<\/td><\/tr>/);
  });

  it('never shows a number for the suppressed groups, and says p-values are a screening signal', () => {
    const rows = [...page.matchAll(/<tr><td>Other groups \(suppressed\)<\/td>(.*?)<\/tr>/g)].map((m) => m[1]!);
    expect(rows.length).toBe(3);
    for (const row of rows) expect(row).not.toMatch(/\d/);
    expect(page).toContain('screening signal');
    expect(page).not.toContain('<b>');
  });

  it('formats p-values', () => {
    expect(formatP(0.00004)).toBe('< 0.001');
    expect(formatP(0.04312)).toBe('0.043');
  });
});
