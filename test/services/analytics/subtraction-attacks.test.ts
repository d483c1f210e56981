import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReportActivities } from '../../../activities/reports.js';
import { seedDemoData } from '../../../demo/seed.js';
import { type Database, openDatabase } from '../../../prisma/client.js';
import { createAnalyticsService, GROUP_BY } from '../../../services/analytics/index.js';
import type { QuarterlyReport } from '../../../services/reports/quarterly.js';
import { loadSatisfactionResults } from '../../../services/analytics/survey-results.js';
import { AGE_BANDS, AS_OF, CANDIDATES, type Candidate, DECISION_QUARTERS, decide, GENDERS, PROGRAM, respond, seedCandidates } from './attack-dataset.js';
import { ByPerson, certifiedIn, decidedIn, groupFigures, groupKeys, groupOf, Observations, passedIn, programFigure } from './attack-models.js';

// Small-group suppression attacked as HR would (issue 12): gather every answer the analytics give for
// a seeded program with small groups (attack-dataset.ts): every breakdown at every minimum group size
// from 5 to everyone, every trend window, the quarterly report of every quarter, the audit and the
// satisfaction figures after each new decision or answer; then try every subtraction at once
// (linear-knowledge.ts) to recover a suppressed cell, or the suppressed cells of one answer together
// when they hold fewer people than its minimum size. None may succeed. Each test is one attack.

// Loosely typed on purpose: these are the answers as a viewer reads them.
interface Row {
  group: string | null;
  suppressed: boolean;
}
/** Shown rows whose size differs from the seeded truth: the models would be reading the answers wrongly. */
const misread: string[] = [];
const SIZES = Array.from({ length: 21 }, (_, i) => 5 + i); // 5 … 25, everyone being 24
const ATTRIBUTES = ['gender', 'ageBand', 'ethnicity', 'disability'] as const;
type Attribute = (typeof ATTRIBUTES)[number];
const truthOf = (c: Candidate, attribute: Attribute) => (attribute === 'gender' ? c.gender : attribute === 'ageBand' ? c.ageBand : 'not recorded');
const outcomeOf = (c: Candidate) => (c.decision?.passed ? 'passed' : 'not_passed');
const byId = new Map(CANDIDATES.map((c) => [c.id, c]));
/** Group names too small to appear at any size: they must never appear in any answer. */
const NEVER_SHOWN = ['non-binary', '18-24', 'Legal', 'atk-pilot-a', 'cap-coursework'];

/** The units an answer covers: those released up to its `…Through` time (every one there is, if it has none). */
function coveredBy(through: unknown, present: Candidate[], at: (c: Candidate) => Date): Candidate[] {
  if (through === undefined) return present;
  if (through === null) return [];
  return present.filter((c) => at(c).getTime() <= new Date(through as string).getTime());
}

/** Learns the shown rows of one breakdown and records the hidden ones (and their union, when small) as secrets. */
function observeBreakdown(opts: {
  model: Observations;
  breakdown: string;
  label: string;
  rows: Row[];
  minGroupSize: number;
  units: Candidate[];
  keyOf: (c: Candidate) => string;
  figures: (keys: string[]) => Record<string, Float64Array>;
  /** The row's count of units, to check the model reads the answer as meant. */
  size?: (row: Row) => unknown;
}) {
  const shown = new Set(opts.rows.filter((r) => !r.suppressed).map((r) => r.group));
  for (const row of opts.rows.filter((r) => !r.suppressed && opts.size)) {
    const truth = opts.units.filter((c) => opts.keyOf(c) === row.group).length;
    if (opts.size!(row) !== truth) misread.push(`${opts.label}: "${row.group}" has ${String(opts.size!(row))}, seeded ${truth}`);
  }
  for (const key of shown) for (const f of Object.values(opts.figures([String(key)]))) opts.model.show(opts.breakdown, f);
  const hidden = [...new Set(opts.units.map(opts.keyOf))].filter((k) => !shown.has(k));
  for (const key of hidden) for (const [name, f] of Object.entries(opts.figures([key]))) opts.model.hide(opts.breakdown, `${opts.label}: "${key}" ${name}`, f);
  const people = opts.units.filter((c) => hidden.includes(opts.keyOf(c))).length;
  if (hidden.length > 1 && people < opts.minGroupSize && people < opts.units.length) {
    for (const [name, f] of Object.entries(opts.figures(hidden))) opts.model.hide(opts.breakdown, `${opts.label}: suppressed groups together (${people} people) ${name}`, f);
  }
}

const decidedCandidates = CANDIDATES.filter((c) => c.decision);
const responders = CANDIDATES.filter((c) => c.response);

function auditModel() {
  const model = new ByPerson(
    decidedCandidates.map((c) => c.id),
    { gender: GENDERS, ageBand: AGE_BANDS },
  );
  const value = (a: { gender: string; ageBand: string }, attribute: Attribute) => (attribute === 'gender' ? a.gender : attribute === 'ageBand' ? a.ageBand : 'not recorded');
  const observe = (label: string, answer: { minGroupSize: number; decisionsThrough?: unknown; groups: Row[] }, attribute: Attribute, present: Candidate[]) => {
    const units = coveredBy(answer.decisionsThrough, present, (c) => c.decision!.at);
    const ids = new Set(units.map((c) => c.id));
    const figures = (keys: string[]) => ({
      size: model.figure((a) => ids.has(a.unit) && keys.includes(value(a, attribute))),
      passed: model.figure((a) => ids.has(a.unit) && byId.get(a.unit)!.decision!.passed && keys.includes(value(a, attribute))),
    });
    observeBreakdown({
      model,
      breakdown: `audit by ${attribute}`,
      label: `${label} by ${attribute} at size ${answer.minGroupSize}`,
      rows: answer.groups,
      minGroupSize: answer.minGroupSize,
      units,
      keyOf: (c) => truthOf(c, attribute),
      figures,
      size: (r) => (r as { sampleSize?: number }).sampleSize,
    });
  };
  return { model, observe };
}

function satisfactionModel() {
  const model = new ByPerson(
    responders.map((c) => c.id),
    { rating: [1, 2, 3, 4, 5] },
  );
  const observe = (label: string, answer: { minGroupSize: number; responsesThrough?: unknown; overall: Row; byOutcome: Row[]; byPathway: Row[] }, present: Candidate[]) => {
    const units = coveredBy(answer.responsesThrough, present, (c) => c.response!.at);
    const ids = new Set(units.map((c) => c.id));
    const figures = (member: (c: Candidate) => boolean) => ({
      'sum of ratings': model.figure((a) => ids.has(a.unit) && member(byId.get(a.unit)!) && a.rating),
      ...Object.fromEntries([1, 2, 3, 4, 5].map((r) => [`answers rating ${r}`, model.figure((a) => ids.has(a.unit) && member(byId.get(a.unit)!) && a.rating === r)])),
    });
    const common = { model, minGroupSize: answer.minGroupSize, units };
    observeBreakdown({ ...common, breakdown: 'satisfaction overall', label: `${label} overall`, rows: [{ ...answer.overall, group: 'all' }], keyOf: () => 'all', figures: () => figures(() => true) });
    for (const [name, rows, keyOf] of [
      ['by outcome', answer.byOutcome, outcomeOf],
      ['by pathway', answer.byPathway, (c: Candidate) => c.pathway],
    ] as const) {
      observeBreakdown({ ...common, breakdown: `satisfaction ${name}`, label: `${label} ${name}`, rows, keyOf, figures: (keys) => figures((c) => keys.includes(keyOf(c))), size: (r) => (r as { responses?: number }).responses });
    }
  };
  return { model, observe };
}

describe('small-group suppression under subtraction, all answers at one moment', () => {
  let db: Database;
  const audits = auditModel();
  const satisfaction = satisfactionModel();
  const program = new Observations();
  const answers: unknown[] = [];

  function observeQuarters(label: string, rows: { quarter: string; suppressed: boolean }[], minGroupSize: number) {
    const present = decidedCandidates.filter((c) => rows.some((r) => r.quarter === c.decision!.quarter));
    observeBreakdown({
      model: program,
      breakdown: 'quarters',
      label,
      rows: rows.map((r) => ({ ...r, group: r.quarter })),
      minGroupSize,
      units: present,
      keyOf: (c) => c.decision!.quarter,
      figures: (qs) => ({ decided: programFigure((a) => qs.includes(decidedIn(a) ?? '')), passed: programFigure((a) => qs.includes(passedIn(a) ?? '')) }),
      size: (r) => (r as { decided?: number }).decided,
    });
  }

  beforeAll(async () => {
    db = await openDatabase({});
    await db.migrate();
    await seedDemoData(db.prisma, '2026-01-01T09:00:00.000Z');
    await seedCandidates(db.prisma, { decisions: true, responses: true });
    const analytics = createAnalyticsService(db.prisma);
    for (const minGroupSize of SIZES) {
      for (const by of GROUP_BY) {
        const answer = await analytics.programAnalytics(PROGRAM, by, { minGroupSize, asOf: AS_OF });
        answers.push(answer);
        const keyOf = (c: Candidate) => groupKeys(by).find((k) => groupOf(by, k).candidate(c))!;
        const rows = answer.groups.map((g) => ({ ...g, group: by === 'program' && g.group !== null ? 'program' : g.group }));
        observeBreakdown({
          model: program,
          breakdown: `program analytics by ${by}`,
          label: `program analytics by ${by} at size ${minGroupSize}`,
          rows,
          minGroupSize,
          units: CANDIDATES,
          keyOf,
          figures: (keys) => groupFigures((a) => keys.some((k) => groupOf(by, k).atom(a))),
          size: (r) => (r as { journeys?: number }).journeys,
        });
        if (by !== 'program') continue;
        const certified = (c: Candidate) => (c.decision?.passed ? 'certified' : 'not yet certified');
        const inRetention = (key: string) => (a: Parameters<typeof certifiedIn>[0]) => (certifiedIn(a) !== null) === (key === 'certified');
        observeBreakdown({
          model: program,
          breakdown: 'retention',
          label: `retention at size ${minGroupSize}`,
          rows: answer.retention,
          minGroupSize,
          units: CANDIDATES,
          keyOf: certified,
          figures: (keys) => ({
            people: programFigure((a) => keys.some((k) => inRetention(k)(a))),
            stayed: programFigure((a) => keys.some((k) => inRetention(k)(a)) && !a.left),
          }),
          size: (r) => (r as { size?: number }).size,
        });
      }
      for (const quarters of [1, 2, 3, 4, 5, 8, 40]) {
        const trend = await analytics.passRateTrend(PROGRAM, quarters, { minGroupSize, asOf: AS_OF });
        answers.push(trend);
        observeQuarters(`trend of ${quarters} quarters at size ${minGroupSize}`, trend, minGroupSize);
      }
      for (const attribute of ATTRIBUTES) {
        const audit = await analytics.adverseImpactAudit(PROGRAM, attribute, { minGroupSize });
        answers.push(audit);
        audits.observe('audit', audit as never, attribute, decidedCandidates);
      }
      const results = await loadSatisfactionResults(db.prisma, PROGRAM, { minGroupSize });
      answers.push(results);
      satisfaction.observe(`satisfaction at size ${minGroupSize}`, results as never, responders);
    }
    // The quarterly report of every quarter, built today (HR can ask for any).
    const reports = createReportActivities({ prisma: db.prisma, config: { APPROVAL_LINK_SECRET: 'x' } });
    for (const quarter of ['2025-Q3', '2025-Q4', ...DECISION_QUARTERS]) {
      await reports.buildProgramReport({ programId: PROGRAM, quarter, generatedAt: AS_OF.toISOString(), generatedBy: 'test' });
      const stored = await db.prisma.programReport.findUniqueOrThrow({ where: { id: `${PROGRAM}:${quarter}` } });
      const report = stored.summary as unknown as QuarterlyReport;
      answers.push(report, stored.html, stored.csv);
      observeQuarters(`report ${quarter} trend`, report.trend, report.minGroupSize);
      const a = report.achievements as unknown as Record<string, number | null>;
      const counts = {
        enrolled: programFigure((x) => x.enrolled === quarter),
        decided: programFigure((x) => decidedIn(x) === quarter),
        passed: programFigure((x) => passedIn(x) === quarter),
        certified: programFigure((x) => certifiedIn(x) === quarter),
      };
      const truth = {
        enrolled: CANDIDATES.filter((c) => c.enrolled === quarter).length,
        decided: decidedCandidates.filter((c) => c.decision!.quarter === quarter).length,
        passed: decidedCandidates.filter((c) => c.decision!.quarter === quarter && c.decision!.passed).length,
        certified: decidedCandidates.filter((c) => c.decision!.quarter === quarter && c.decision!.passed).length,
      };
      for (const [name, f] of Object.entries(counts)) {
        if (a[name] !== null) program.show(`report ${name}`, f);
        else if (truth[name as keyof typeof truth] > 0) program.hide(`report ${name}`, `report ${quarter}: ${name} this quarter`, f);
      }
      program.known.learn(programFigure((x) => x.progress === 's3')); // submissions awaiting a decision
      for (const audit of report.audits) audits.observe(`report ${quarter} audit`, audit as never, audit.attribute, decidedCandidates);
    }
  }, 180_000);

  afterAll(async () => {
    await db?.close();
  });

  it('reads every shown figure as the seeded data has it (else the attacks below would prove nothing)', () => {
    expect(misread).toEqual([]);
  });

  it('the program total minus the visible groups does not reveal the suppressed group', () => {
    // e.g. the eleven decided journeys minus the nine aged 25-34 would give the 18-24 group's figures.
    expect(audits.model.hidden('"18-24"').length).toBeGreaterThan(0);
    const recovered = audits.model.recovered();
    expect(recovered, recovered.slice(0, 5).join('\n')).toEqual([]);
  });

  it("overall satisfaction minus a visible outcome does not reveal a lone candidate's rating", () => {
    expect(satisfaction.model.hidden('"not_passed"').length).toBeGreaterThan(0);
    const recovered = satisfaction.model.recovered();
    expect(recovered, recovered.slice(0, 5).join('\n')).toEqual([]);
  });

  it('no breakdown, minimum size or parent total (pilot minus a pilot cohort) recovers a suppressed group of journeys', () => {
    expect(program.hidden('"atk-pilot-a"').length).toBeGreaterThan(0);
    const recovered = [...program.recovered('program analytics'), ...program.recovered('retention')];
    expect(recovered, recovered.slice(0, 5).join('\n')).toEqual([]);
  });

  it("the program's decided total minus the visible quarters of any trend window or report does not reveal a suppressed quarter", () => {
    expect(program.hidden('"2026-Q4"').length).toBeGreaterThan(0);
    const recovered = [...program.recovered('trend'), ...program.recovered('report')];
    expect(recovered, recovered.slice(0, 5).join('\n')).toEqual([]);
  });

  it('suppressed groups are never named in any answer, report or download', () => {
    const text = JSON.stringify(answers);
    expect(NEVER_SHOWN.filter((name) => text.includes(name))).toEqual([]);
    const rows = answers.flatMap((a) => {
      const o = a as { groups?: Row[]; byOutcome?: Row[]; byPathway?: Row[] };
      return [...(o.groups ?? []), ...(o.byOutcome ?? []), ...(o.byPathway ?? [])];
    });
    expect(rows.filter((r) => r.suppressed && r.group !== null)).toEqual([]);
  });
});

describe('small-group suppression under subtraction, answers watched over time', () => {
  let db: Database;
  const audits = auditModel();
  const satisfaction = satisfactionModel();

  beforeAll(async () => {
    db = await openDatabase({});
    await db.migrate();
    await seedDemoData(db.prisma, '2026-01-01T09:00:00.000Z');
    await seedCandidates(db.prisma, { decisions: false, responses: false });
  }, 120_000);

  afterAll(async () => {
    await db?.close();
  });

  it("watching the audit and satisfaction figures change does not reveal one person's group or rating", async () => {
    const analytics = createAnalyticsService(db.prisma);
    // Each time an answer changes, at least five people must have been added since it last changed.
    const moves: string[] = [];
    const watch = async <T>(label: string, ask: () => Promise<T>, events: Candidate[], add: (c: Candidate) => Promise<void>, observe: (answer: T, present: Candidate[]) => void) => {
      let last = JSON.stringify(await ask());
      let since = 0;
      for (const [i, c] of events.entries()) {
        await add(c);
        since++;
        const answer = await ask();
        observe(answer, events.slice(0, i + 1));
        if (JSON.stringify(answer) !== last) {
          if (since < 5) moves.push(`${label} moved after ${since} new people (the last being ${c.id})`);
          last = JSON.stringify(answer);
          since = 0;
        }
      }
    };
    for (const attribute of ['gender', 'ageBand'] as const) {
      const ask = async () => Promise.all([5, 6, 8, 10].map((minGroupSize) => analytics.adverseImpactAudit(PROGRAM, attribute, { minGroupSize })));
      // The second attribute watches decisions already made: start it from a fresh program state.
      if (attribute === 'ageBand') await db.prisma.assessment.deleteMany({ where: { journey: { programId: PROGRAM } } });
      await watch(`the audit by ${attribute}`, ask, decidedCandidates, (c) => decide(db.prisma, c), (answers, present) => {
        for (const audit of answers) audits.observe('audit over time', audit as never, attribute, present);
      });
    }
    const ask = async () => Promise.all([5, 7].map((minGroupSize) => loadSatisfactionResults(db.prisma, PROGRAM, { minGroupSize })));
    await watch('satisfaction', ask, responders, (c) => respond(db.prisma, c), (answers, present) => {
      for (const results of answers) satisfaction.observe('satisfaction over time', results as never, present);
    });
    expect(moves, moves.slice(0, 5).join('\n')).toEqual([]);
    const recovered = [...audits.model.recovered(), ...satisfaction.model.recovered()];
    expect(recovered, recovered.slice(0, 5).join('\n')).toEqual([]);
  });
});
