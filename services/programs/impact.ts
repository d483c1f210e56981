import { loadFactCatalog } from '../fact-catalog.js';
import { FINAL_STAGES, HOLDING_STAGES } from '../../domain/journey.js';
import type { PrismaClient } from '../../prisma/client.js';
import type { ProgramDocument } from '../../programs/document.js';
import type { PolicyArea, ProgramDiff } from '../../programs/diff.js';
import { type CompiledRuleSet, compileRuleSet } from '../../rules/compiled.js';
import { evaluateEligibility } from '../../rules/evaluate.js';
import { candidateFacts } from '../../rules/facts.js';
import { validateRuleSet } from '../../rules/validate.js';
import { candidateRecordSelect, toCandidateRecord } from '../candidate-records.js';

// Who a program change affects, for the plan shown before publication: journeys in flight by stage (and
// which of them each changed area reaches), current holders, and people who would become or stop being
// eligible because a pathway now names another eligibility rule set (or is new, or is dropped).

const HOLDING: readonly string[] = HOLDING_STAGES;

export interface StageCount {
  stage: string;
  count: number;
}

export interface EligibilityShift {
  personId: string;
  name: string;
  pathwayId: string;
  change: 'becomes_eligible' | 'stops_being_eligible';
}

/** One person and pathway the what-if evaluated: the population behind the shifts, for the breakdown by group. */
export interface EligibilityEvaluation {
  personId: string;
  pathwayId: string;
  change: 'gains' | 'loses' | 'unchanged' | 'failed';
}

export interface ProgramImpact {
  inFlight: StageCount[];
  holders: number;
  /** For each changed policy area, how many journeys in flight and holders it reaches. */
  reach: { area: PolicyArea; journeysInFlight: number; holders: number }[];
  /** Journeys on a pathway the new version drops: they keep it; nobody new enrols on it. */
  onDroppedPathways: number;
  eligibility: EligibilityShift[];
  /** Everyone evaluated, changed or not (not exposed as such: by group only, suppressed, for HR). */
  evaluated: EligibilityEvaluation[];
}

export async function programImpact(prisma: PrismaClient, previous: ProgramDocument | null, next: ProgramDocument, diff: ProgramDiff, asOf: string): Promise<ProgramImpact> {
  const journeys = await prisma.journey.findMany({ where: { programId: next.id, stage: { notIn: [...FINAL_STAGES] } }, select: { stage: true, pathwayId: true, candidateId: true } });
  const holding = journeys.filter((j) => HOLDING.includes(j.stage));
  const inFlight = journeys.filter((j) => !HOLDING.includes(j.stage));
  const byStage = new Map<string, number>();
  for (const j of inFlight) byStage.set(j.stage, (byStage.get(j.stage) ?? 0) + 1);

  const pathwayChanged = (area: PolicyArea, pathwayId: string): boolean => {
    if (area === 'timing' || area === 'recertification') return true;
    const index = next.pathways.findIndex((p) => p.id === pathwayId);
    if (index < 0) return false;
    const rubricKey = next.pathways[index]!.rubric;
    const rubricIndex = next.rubrics.findIndex((r) => r.key === rubricKey);
    return diff.changes.some((c) =>
      area === 'rubric'
        ? c.area === 'rubric' && (c.path.startsWith(`$.rubrics[${rubricIndex}]`) || c.path === `$.pathways[${index}].rubric`)
        : c.area === area && c.path.startsWith(`$.pathways[${index}]`),
    );
  };
  const reach = diff.areas.map((area) => ({
    area,
    journeysInFlight: area === 'recertification' ? 0 : inFlight.filter((j) => pathwayChanged(area, j.pathwayId)).length,
    holders: area === 'rubric' || area === 'recertification' ? holding.filter((j) => pathwayChanged(area, j.pathwayId)).length : 0,
  }));
  const kept = new Set(next.pathways.map((p) => p.id));
  return {
    inFlight: [...byStage].map(([stage, count]) => ({ stage, count })).sort((a, b) => a.stage.localeCompare(b.stage)),
    holders: holding.length,
    reach,
    onDroppedPathways: journeys.filter((j) => !kept.has(j.pathwayId)).length,
    ...(await eligibilityShifts(prisma, previous, next, new Set(journeys.map((j) => j.candidateId)), asOf)),
  };
}

/** Everyone in the directory not already on the program, under each pathway's old and new rule set. */
async function eligibilityShifts(
  prisma: PrismaClient,
  previous: ProgramDocument | null,
  next: ProgramDocument,
  enrolled: Set<string>,
  asOf: string,
): Promise<{ eligibility: EligibilityShift[]; evaluated: EligibilityEvaluation[] }> {
  const pairs = [
    ...next.pathways.map((p) => ({ pathwayId: p.id, before: previous?.pathways.find((q) => q.id === p.id)?.eligibilityRuleSet ?? null, after: p.eligibilityRuleSet as string | null })),
    ...(previous?.pathways ?? []).filter((p) => !next.pathways.some((q) => q.id === p.id)).map((p) => ({ pathwayId: p.id, before: p.eligibilityRuleSet as string | null, after: null })),
  ].filter((pair) => pair.before !== pair.after);
  if (pairs.length === 0) return { eligibility: [], evaluated: [] };
  const keys = [...new Set(pairs.flatMap((p) => [p.before, p.after]).filter((k): k is string => k !== null))];
  const catalog = await loadFactCatalog(prisma);
  // Compiled once each, not once per person (rules/compiled.ts).
  const ruleSets = new Map<string, CompiledRuleSet>();
  for (const row of await prisma.ruleSet.findMany({ where: { key: { in: keys } }, orderBy: { version: 'desc' }, select: { id: true, key: true, definition: true } })) {
    if (ruleSets.has(row.key)) continue;
    const checked = validateRuleSet(row.definition, catalog);
    if (checked.ok) ruleSets.set(row.key, compileRuleSet({ ...checked.value, ruleSetId: row.id }));
  }
  const people = await prisma.person.findMany({ where: { leftAt: null }, orderBy: { id: 'asc' }, select: { id: true, name: true, ...candidateRecordSelect } });
  const shifts: EligibilityShift[] = [];
  const evaluated: EligibilityEvaluation[] = [];
  for (const person of people) {
    if (enrolled.has(person.id)) continue;
    const facts = { ...candidateFacts(toCandidateRecord(person), asOf, catalog) };
    for (const pair of pairs) {
      const eligible = async (key: string | null) => {
        // No rule set: nobody is eligible for the pathway (it is dropped). One that is stored but does not
        // validate cannot say either way, like a missing fact: left out, never counted as a loss.
        if (key === null) return false;
        const ruleSet = ruleSets.get(key);
        if (!ruleSet) return null;
        // A rule set asking for a fact this person lacks cannot say either way; they are left out.
        return evaluateEligibility(ruleSet, facts, asOf, catalog).then((r) => r.eligible, () => null);
      };
      const [was, will] = [await eligible(pair.before), await eligible(pair.after)];
      if (was !== null && will !== null && was !== will) shifts.push({ personId: person.id, name: person.name, pathwayId: pair.pathwayId, change: will ? 'becomes_eligible' : 'stops_being_eligible' });
      const change = was === null || will === null ? 'failed' : was === will ? 'unchanged' : will ? 'gains' : 'loses';
      evaluated.push({ personId: person.id, pathwayId: pair.pathwayId, change });
    }
  }
  return { eligibility: shifts, evaluated };
}
