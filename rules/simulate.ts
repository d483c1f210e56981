import { type CompiledRuleSet, compileRuleSet, type VersionedRuleSet } from './compiled.js';
import { evaluateEligibility, RuleEvaluationError } from './evaluate.js';
import type { FactCatalog } from './facts.js';

// What-if: before a draft is published, evaluate it for everyone it could touch (journeys in flight and
// past candidates) beside the rules that apply to them today, and report who would gain or lose
// eligibility and why. Facts come in with the population (services/rule-sets.ts gathers them from the
// database as of one instant), so a simulation is repeatable and needs neither Temporal nor a clock.

export type PopulationGroup = 'in_flight' | 'past_candidate';

export type { VersionedRuleSet } from './compiled.js';

export interface SimulationSubject {
  personId: string;
  name: string;
  journeyId: string | null;
  /** The journey's stage, e.g. "awaiting_submission". */
  stage: string | null;
  group: PopulationGroup;
  /** The rules that apply to the person today: the journey's pinned version, else the latest published. */
  baseline: VersionedRuleSet;
  facts: Record<string, unknown>;
}

export interface Population {
  /** ISO 8601 instant the facts were gathered as of; also the evaluation instant. */
  asOf: string;
  subjects: SimulationSubject[];
  /** The facts rules may use (built-in and declared); the built-in ones when absent. */
  catalog?: FactCatalog;
}

export type SimulatedChange = 'gains' | 'loses' | 'unchanged' | 'failed';

export interface SimulatedOutcome {
  personId: string;
  name: string;
  journeyId: string | null;
  stage: string | null;
  group: PopulationGroup;
  baselineRuleSetId: string;
  /** Eligible under the baseline and under the draft; null when that evaluation failed. */
  before: boolean | null;
  after: boolean | null;
  change: SimulatedChange;
  /** In words: what now stands in the way (loses), what no longer does (gains), or why evaluation failed. */
  why: string[];
}

export interface SimulationReport {
  ruleSetId: string;
  asOf: string;
  population: number;
  gains: SimulatedOutcome[];
  loses: SimulatedOutcome[];
  unchanged: SimulatedOutcome[];
  failed: SimulatedOutcome[];
}

export async function simulate(draft: VersionedRuleSet, population: Population): Promise<SimulationReport> {
  const report: SimulationReport = { ruleSetId: draft.ruleSetId, asOf: population.asOf, population: population.subjects.length, gains: [], loses: [], unchanged: [], failed: [] };
  // Everyone is evaluated under the draft and one of a few baselines: each is compiled once.
  const compiled = new Map<VersionedRuleSet, CompiledRuleSet>();
  const compile = (ruleSet: VersionedRuleSet) => compiled.get(ruleSet) ?? compiled.set(ruleSet, compileRuleSet(ruleSet)).get(ruleSet)!;
  for (const subject of population.subjects) {
    const outcome = await compare(draft, subject, population.asOf, population.catalog, compile);
    report[outcome.change].push(outcome);
  }
  return report;
}

type Compile = (ruleSet: VersionedRuleSet) => CompiledRuleSet;

async function compare(draft: VersionedRuleSet, subject: SimulationSubject, asOf: string, catalog: FactCatalog | undefined, compile: Compile): Promise<SimulatedOutcome> {
  const { personId, name, journeyId, stage, group } = subject;
  const common = { personId, name, journeyId, stage, group, baselineRuleSetId: subject.baseline.ruleSetId };
  const before = await attempt(subject.baseline, subject.facts, asOf, catalog, compile);
  const after = await attempt(draft, subject.facts, asOf, catalog, compile);
  if ('error' in before || 'error' in after) {
    const why = [before, after].flatMap((r, i) => ('error' in r ? [`${i === 0 ? subject.baseline.ruleSetId : draft.ruleSetId}: ${r.error}`] : []));
    const eligible = (r: typeof before) => ('error' in r ? null : r.eligible);
    return { ...common, before: eligible(before), after: eligible(after), change: 'failed', why };
  }
  if (!before.eligible && after.eligible) {
    return { ...common, before: false, after: true, change: 'gains', why: before.reasons.map((r) => `No longer in the way: ${r}`) };
  }
  if (before.eligible && !after.eligible) {
    return { ...common, before: true, after: false, change: 'loses', why: after.reasons.map((r) => `Now in the way: ${r}`) };
  }
  return { ...common, before: before.eligible, after: after.eligible, change: 'unchanged', why: [] };
}

async function attempt(ruleSet: VersionedRuleSet, facts: Record<string, unknown>, asOf: string, catalog: FactCatalog | undefined, compile: Compile) {
  try {
    return await evaluateEligibility(compile(ruleSet), facts, asOf, catalog);
  } catch (error) {
    // A missing fact (say, roleLevel, which HR data does not carry yet) is a finding of the simulation.
    if (error instanceof RuleEvaluationError) return { error: error.message };
    throw error;
  }
}

/** A plain-text report for the CLI. */
export function formatSimulation(report: SimulationReport): string {
  const lines = [`${report.ruleSetId} simulated for ${report.population} people as of ${report.asOf}`];
  const section = (title: string, outcomes: SimulatedOutcome[]) => {
    lines.push('', `${title} (${outcomes.length})${outcomes.length === 0 ? ': nobody' : ':'}`);
    for (const o of outcomes) {
      const where = o.group === 'in_flight' ? `in flight, ${o.stage}` : `past candidate, ${o.stage}`;
      lines.push(`  ${o.name} (${o.personId}; ${where}; today under ${o.baselineRuleSetId})`);
      for (const why of o.why) lines.push(`    - ${why}`);
    }
  };
  section('Would lose eligibility', report.loses);
  section('Would gain eligibility', report.gains);
  section('Could not be evaluated', report.failed);
  lines.push('', `Unchanged: ${report.unchanged.length}`);
  return lines.join('\n');
}
