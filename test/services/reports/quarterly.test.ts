import { describe, expect, it } from 'vitest';
import { parseQuarter, previousQuarter, shiftQuarter } from '../../../domain/quarter.js';
import type { AdverseImpactAudit } from '../../../services/analytics/audit.js';
import type { JourneyRecord } from '../../../services/analytics/dataset.js';
import { achievementsIn, buildQuarterlyReport, type DecisionRecord } from '../../../services/reports/quarterly.js';
import { csvCell, renderReportCsv, renderReportHtml } from '../../../services/reports/render.js';

// The report builders on a hand-made dataset: 2026-Q3, six decisions (3 passed) against ten in Q2
// (8 passed), two journeys waiting for a decision, one flagged audit group.

const q3 = (() => {
  const parsed = parseQuarter('2026-Q3');
  if (!parsed.ok) throw new Error('bad quarter');
  return parsed.value;
})();
const at = (iso: string) => new Date(iso);

const record = (id: string, stage: string, enrolledAt: string, credentials: JourneyRecord['credentials'] = []): JourneyRecord => ({
  id, personId: id, programId: 'p', pathwayId: 'cap-portfolio', cohortId: null, pilot: false, department: 'Eng',
  enrolledAt: at(enrolledAt), stage, stagesReached: [stage], outcomes: [], credentials, leftAt: null,
});

const records = [
  record('a', 'certified', '2026-07-10T00:00:00Z', [{ cycle: 1, issuedAt: at('2026-08-01T00:00:00Z'), expiresAt: at('2028-08-01T00:00:00Z'), status: 'active' }]),
  record('b', 'certified', '2024-01-10T00:00:00Z', [
    { cycle: 1, issuedAt: at('2024-06-01T00:00:00Z'), expiresAt: at('2026-06-01T00:00:00Z'), status: 'renewed' },
    { cycle: 2, issuedAt: at('2026-09-01T00:00:00Z'), expiresAt: at('2028-09-01T00:00:00Z'), status: 'active' },
  ]),
  record('c', 'awaiting_assessment', '2026-03-01T00:00:00Z'),
  record('d', 'in_moderation', '2026-08-15T00:00:00Z'),
  record('e', 'withdrawn', '2026-02-01T00:00:00Z'),
];

const decisions: DecisionRecord[] = [
  ...Array.from({ length: 10 }, (_, i) => ({ journeyId: `q2-${i}`, decidedAt: at(`2026-05-${String(i + 1).padStart(2, '0')}T00:00:00Z`), outcome: i < 8 ? 'passed' : 'not_passed' })),
  ...Array.from({ length: 6 }, (_, i) => ({ journeyId: `q3-${i}`, decidedAt: at(`2026-08-${String(i + 1).padStart(2, '0')}T00:00:00Z`), outcome: i < 3 ? 'passed' : 'not_passed' })),
];

const audit: AdverseImpactAudit = {
  attribute: 'gender',
  minGroupSize: 5,
  referenceGroup: 'woman',
  decisionsThrough: at('2026-08-06T00:00:00Z'),
  groups: [
    { group: 'man', sampleSize: 6, passed: 3, passRate: 0.5, impactRatio: 0.625, flagged: true, suppressed: false },
    { group: 'woman', sampleSize: 10, passed: 8, passRate: 0.8, impactRatio: 1, flagged: false, suppressed: false },
    { group: '<script>x</script>', sampleSize: 5, passed: 4, passRate: 0.8, impactRatio: 1, flagged: false, suppressed: false },
    { group: null, sampleSize: null, passed: null, passRate: null, impactRatio: null, flagged: false, suppressed: true },
  ],
};

const report = buildQuarterlyReport({ program: { id: 'p', name: 'Cloud & <Co>' }, quarter: q3, records, decisions, audits: [audit], generatedAt: '2026-10-01T06:00:00.000Z' });

describe('quarters', () => {
  it('parses, shifts across years and finds the quarter just ended', () => {
    expect(q3).toMatchObject({ start: '2026-07-01T00:00:00.000Z', end: '2026-10-01T00:00:00.000Z' });
    expect(shiftQuarter(q3, -3).name).toBe('2025-Q4');
    expect(previousQuarter('2027-01-01T06:00:00Z').name).toBe('2026-Q4');
    expect(parseQuarter('2026-Q5')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', path: 'quarter' } });
  });
});

describe('buildQuarterlyReport', () => {
  it('counts the achievements of the quarter only', () => {
    // At a minimum group size of one nothing is suppressed, so this checks which rows are counted.
    const everyone = achievementsIn({ records, quarter: q3, generatedAt: '2026-10-01T06:00:00.000Z' }, report.trend.at(-1)!, { minGroupSize: 1, floor: 1 });
    expect(everyone).toEqual({ enrolled: 2, decided: 6, passed: 3, certified: 1, renewed: 1 });
  });

  it('suppresses the counts of fewer people than the minimum group size (a count is a group size)', () => {
    // Two enrolments and one credential of each kind are groups of one or two people.
    expect(report.achievements).toEqual({ enrolled: null, decided: 6, passed: 3, certified: null, renewed: null });
  });

  it('gives four quarters of pass rates, suppressing quarters with fewer than five decisions', () => {
    expect(report.trend).toEqual([
      { quarter: '2025-Q4', decided: null, passed: null, passRate: null, suppressed: true },
      { quarter: '2026-Q1', decided: null, passed: null, passRate: null, suppressed: true },
      { quarter: '2026-Q2', decided: 10, passed: 8, passRate: 0.8, suppressed: false },
      { quarter: '2026-Q3', decided: 6, passed: 3, passRate: 0.5, suppressed: false },
    ]);
  });

  it('finds the gaps and derives a note from each notable figure', () => {
    expect(report.gaps.find((g) => g.key === 'awaiting_assessment')?.value).toBe(2);
    // c (enrolled March, still in assessment) is open and older than 90 days at 1 October; d is not.
    expect(report.gaps.find((g) => g.key === 'open_over_90_days')?.value).toBe(1);
    expect(report.gaps.find((g) => g.key === 'flagged_groups')?.value).toBe(1);
    // Funnel of the five journeys: 5 enrolled, 4 approved, 4 submitted, 2 decided, 2 certified.
    expect(report.gaps.find((g) => g.key === 'largest_drop_off')).toMatchObject({ value: 0.5, step: 'decided' });
    expect(report.notes).toEqual([
      expect.stringMatching(/fell from 80% to 50%/),
      expect.stringMatching(/^50% of journeys did not reach the "decided" step/),
      expect.stringMatching(/^2 submissions await a decision/),
      expect.stringMatching(/^1 open journey is older than 90 days/),
      expect.stringMatching(/by gender, the group "man" passes at 0.625 times the rate of "woman"/),
    ]);
  });
});

describe('rendering', () => {
  it('escapes every value in the HTML', () => {
    const html = renderReportHtml(report);
    expect(html).toContain('Cloud &amp; &lt;Co&gt;');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).not.toContain('<script>');
  });

  it('writes RFC 4180 CSV and defuses spreadsheet formulas', () => {
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(-1)).toBe('-1');
    const lines = renderReportCsv(report).split('\r\n');
    expect(lines[0]).toBe('section,metric,group,value');
    expect(lines).toContain('trend,pass_rate,2026-Q3,0.5');
    expect(lines).toContain('trend,pass_rate,2025-Q4,');
    expect(lines).toContain('audit,flagged,gender:man,true');
  });
});
