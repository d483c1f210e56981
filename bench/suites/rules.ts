import { fileURLToPath } from 'node:url';
import { Engine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import { CompiledRuleSetCache } from '../../rules/compiled-cache.js';
import { compileRuleSet, evaluateEligibility } from '../../rules/evaluate.js';
import { BUILT_IN_FACTS, type CandidateRecord, candidateFacts } from '../../rules/facts.js';
import { loadRuleSetFile, type RuleSetFile } from '../../rules/validate.js';
import { row, type Row } from '../report.js';
import { median } from '../stats.js';
import type { SuiteOptions, SuiteOutput } from '../suite.js';

// Eligibility evaluations per second through Certiflow's path, against a bare json-rules-engine Engine on
// the same rules and the same facts. Certiflow's path is what the evaluateEligibility activity does once
// it has read the rule-set row, the fact catalog and the candidate's records: take the stored version's
// compilation from its cache (validated and compiled on first use; rules/compiled-cache.ts), derive the
// facts as of the evaluation instant, evaluate, then explain every condition.

const AS_OF = '2026-06-01T00:00:00.000Z';
const SETS = ['cloud-architecture-practitioner.eligibility', 'cloud-architecture-practitioner.recertification'];

/** A spread of candidates: eligible and not, by tenure, course, current and expired certifications. */
function candidateRecords(count: number): CandidateRecord[] {
  const certs = [[], ['AWS-SAA'], ['AZ-305'], ['GCP-PCA'], ['AWS-SAA', 'AZ-305']];
  return Array.from({ length: count }, (_, i) => ({
    hiredAt: new Date(Date.parse(AS_OF) - (i % 48) * 30.5 * 86_400_000).toISOString(),
    department: ['Engineering', 'Platform', 'Data'][i % 3]!,
    courseCompletions: i % 4 === 0 ? [] : [{ courseCode: i % 2 ? 'CLOUD-101' : 'SEC-200', completedAt: '2026-01-15T00:00:00.000Z' }],
    heldCertifications: certs[i % certs.length]!.map((code) => ({
      code,
      issuedAt: '2025-01-01T00:00:00.000Z',
      expiresAt: i % 7 === 0 ? '2026-03-01T00:00:00.000Z' : '2028-01-01T00:00:00.000Z',
    })),
  }));
}

/** The catalog's two non-standard operators, written the obvious way, as anyone using the engine raw would. */
function rawEngine(ruleSet: RuleSetFile): Engine {
  const engine = new Engine([], { allowUndefinedFacts: false });
  engine.addOperator('holdsCertification', (fact: unknown, value: unknown) => Array.isArray(fact) && fact.includes(value));
  engine.addOperator('countAtLeast', (fact: unknown, value: unknown) => Array.isArray(fact) && typeof value === 'number' && fact.length >= value);
  for (const [name, condition] of Object.entries(ruleSet.conditions ?? {})) engine.setCondition(name, structuredClone(condition) as TopLevelCondition);
  for (const rule of ruleSet.rules) engine.addRule(structuredClone(rule) as RuleProperties);
  return engine;
}

const rawEligible = async (engine: Engine, facts: Record<string, unknown>) => (await engine.run({ ...facts })).events.some((e) => e.type === 'eligible');

/** Evaluations per second of `evaluate` over `n` sequential calls, cycling through the candidates. */
async function rate(n: number, evaluate: (i: number) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i++) await evaluate(i);
  return n / ((performance.now() - start) / 1000);
}

export async function run({ quick, log }: SuiteOptions): Promise<SuiteOutput> {
  const iterations = quick ? 2_000 : 20_000;
  const rounds = quick ? 2 : 5;
  const records = candidateRecords(200);
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  const perSet: string[] = [];

  for (const key of SETS) {
    const file = fileURLToPath(new URL(`../../rules/sets/${key}.json`, import.meta.url));
    const loaded = await loadRuleSetFile(file);
    const ruleSetId = `${loaded.id}@${loaded.version}`;
    // What the database row holds: the JSON as published, with its id and publication instant.
    const stored = { id: ruleSetId, version: loaded.version, definition: JSON.parse(JSON.stringify(loaded)) as unknown, publishedAt: new Date(AS_OF) };
    const cache = new CompiledRuleSetCache();
    const compiled = compileRuleSet({ ...loaded, ruleSetId });
    const facts = records.map((r) => ({ ...candidateFacts(r, AS_OF) }));
    const reused = rawEngine(loaded);
    const withoutTenure = records.map((r) => ({ ...r, hiredAt: null }));

    // The baseline must decide exactly what Certiflow decides, or the comparison means nothing.
    for (const [i, f] of facts.entries()) {
      const ours = (await evaluateEligibility({ ...loaded, ruleSetId }, f, AS_OF)).eligible;
      if (ours !== (await rawEligible(reused, f))) throw new Error(`${key}: candidate ${i} is judged differently by the raw engine`);
    }
    const eligibleShare = (await Promise.all(facts.map((f) => rawEligible(reused, f)))).filter(Boolean).length / facts.length;

    const variants = {
      // As activities/rules.ts does it, less the database reads; the catalog is the built-in one.
      activityPath: (i: number) => {
        const checked = cache.get(stored, BUILT_IN_FACTS);
        if (!checked.ok || checked.value.ruleSet.version !== stored.version) throw new Error('invalid rule set');
        return evaluateEligibility(checked.value, candidateFacts(records[i % records.length]!, AS_OF), AS_OF, BUILT_IN_FACTS);
      },
      evaluateOnly: (i: number) => evaluateEligibility(compiled, facts[i % facts.length]!, AS_OF),
      rawReused: (i: number) => rawEligible(reused, facts[i % facts.length]!),
      rawPerCall: (i: number) => rawEligible(rawEngine(loaded), facts[i % facts.length]!),
      // Not compared with a baseline: where the activity path's time goes besides evaluating.
      factsOnly: async (i: number) => candidateFacts(records[i % records.length]!, AS_OF),
      factsWithoutTenure: async (i: number) => candidateFacts(withoutTenure[i % withoutTenure.length]!, AS_OF),
    };
    const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, [] as number[]])) as Record<keyof typeof variants, number[]>;
    for (const evaluate of Object.values(variants)) await rate(Math.min(1_000, iterations), evaluate); // warm-up
    // Interleaved rounds, so drift in machine load falls on every variant alike; the median round counts.
    for (let round = 1; round <= rounds; round++) {
      for (const [name, evaluate] of Object.entries(variants) as [keyof typeof variants, (i: number) => Promise<unknown>][]) {
        samples[name].push(await rate(iterations, evaluate));
      }
      log(`${key}: round ${round}/${rounds}: ${Object.entries(samples).map(([n, s]) => `${n} ${Math.round(s.at(-1)!)}/s`).join(', ')}`);
    }
    const m = Object.fromEntries(Object.entries(samples).map(([n, s]) => [n, median(s)])) as Record<keyof typeof variants, number>;
    const label = key.split('.').pop()!;
    const baselines = { 'raw Engine, built once': m.rawReused, 'raw Engine, built per evaluation': m.rawPerCall };
    rows.push(row(`${label} rules: Certiflow activity path (cached compilation + facts + evaluate + explain)`, 'evaluations/s', m.activityPath, baselines));
    rows.push(row(`${label} rules: Certiflow evaluateEligibility alone (rule set compiled once)`, 'evaluations/s', m.evaluateOnly, baselines));
    // A cache miss: validating and planning the stored version, which the activity did on every evaluation
    // before and now does once per version and catalog (the engine is built at the first evaluation).
    const compileMicros = median(Array.from({ length: 200 }, () => {
      const started = performance.now();
      if (!new CompiledRuleSetCache().get(stored, BUILT_IN_FACTS).ok) throw new Error('invalid rule set');
      return (performance.now() - started) * 1000;
    }));
    const us = (rate: number) => (1e6 / rate).toFixed(1);
    perSet.push(
      `${label}: per evaluation, the activity path took ${us(m.activityPath)} µs, evaluateEligibility ${us(m.evaluateOnly)} µs and the raw engine ${us(m.rawReused)} µs; deriving the facts (candidateFacts) ${us(m.factsOnly)} µs, ` +
        `of which all but ${us(m.factsWithoutTenure)} µs is tenure (wholeMonthsBetween, domain/duration.ts). A cache miss (validate the stored version and plan it; its engine is built at the first run) took ${compileMicros.toFixed(0)} µs.`,
    );
    details[label] = { ruleSetId, rulesInSet: loaded.rules.length, eligibleShare, compileMicros, medians: m, rounds: samples };
  }

  return {
    title: 'eligibility evaluations per second, Certiflow vs raw json-rules-engine',
    sizes: { evaluationsPerRound: iterations, rounds, candidates: records.length },
    rows,
    notes: [
      'Sequential evaluations on one core, the way one activity call runs; the median of interleaved rounds.',
      'Both sides get the same rule-set JSON from rules/sets/ and the same facts, and reach the same verdict for every candidate (checked before timing).',
      'The activity path excludes its database reads (rule-set row, fact catalog, candidate records); those are in the journeys suite. Each published version is validated and compiled once per fact catalog (rules/compiled-cache.ts) and its engine reused, one per overlapping evaluation (rules/compiled.ts); the engine is given only the facts the rules read.',
      ...perSet,
    ],
    details,
  };
}
