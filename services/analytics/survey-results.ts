import type { PrismaClient } from '../../prisma/client.js';
import { groupRecords } from './program.js';
import { type Cell, hiddenCells, hidesAnyone, inReleaseOrder, peopleIn, releasedCount, suppressionRule } from './suppression.js';

// Satisfaction results, overall and by group. A rating is something HR cannot see person by person, so
// these figures go through suppression.ts like the audit: responses count only in whole released
// batches (a new answer cannot be read off by watching the average move), a group with fewer
// respondents than the minimum group size is suppressed together with a complement (the overall
// figures minus the visible groups must never give one candidate's rating), and suppressed groups are
// one unnamed row. Comments are not aggregated: free text can name people, so it stays in the table
// for HR's own review.

export interface SatisfactionGroup {
  /** Null for the row standing for every suppressed group of a breakdown. */
  group: string | null;
  suppressed: boolean;
  responses: number | null;
  averageRating: number | null;
  /** Responses per rating, index 0 for a rating of 1 … index 4 for 5. */
  distribution: number[] | null;
}

export interface SatisfactionResults {
  minGroupSize: number;
  /** The last response the figures include: later ones wait until a whole batch is in. */
  responsesThrough: Date | null;
  overall: SatisfactionGroup;
  byOutcome: SatisfactionGroup[];
  byPathway: SatisfactionGroup[];
}

export interface SurveyRow {
  id: string;
  /** Who answered (their journey), only to count people: one person can answer after each decision. */
  respondent: string;
  respondedAt: Date;
  rating: number;
  outcome: string;
  pathwayId: string;
}

const hidden = (group: string | null): SatisfactionGroup => ({ group, suppressed: true, responses: null, averageRating: null, distribution: null });

function figures(group: string, rows: readonly SurveyRow[]): SatisfactionGroup {
  const sum = rows.reduce((total, r) => total + r.rating, 0);
  return {
    group,
    suppressed: false,
    responses: rows.length,
    averageRating: Math.round((sum / rows.length) * 100) / 100,
    distribution: [1, 2, 3, 4, 5].map((n) => rows.filter((r) => r.rating === n).length),
  };
}

export function satisfactionResults(rows: readonly SurveyRow[], options: { minGroupSize?: number; floor?: number } = {}): SatisfactionResults {
  const rule = suppressionRule(options.minGroupSize, options.floor);
  const ordered = inReleaseOrder(rows, (r) => r.respondedAt);
  const released = ordered.slice(0, releasedCount(ordered, (r) => r.respondent, rule.floor));
  const people = (g: readonly SurveyRow[]) => peopleIn(g, (r) => r.respondent);
  const by = (key: (r: SurveyRow) => string) => {
    const groups = [...groupRecords(released, key)];
    const cells: Cell[] = groups.map(([group, g]) => ({ key: group, people: people(g) }));
    const hide = hiddenCells(cells, rule);
    const shown = groups.filter(([group]) => !hide.has(group)).map(([group, g]) => figures(group, g));
    return hidesAnyone(cells, hide) ? [...shown, hidden(null)] : shown;
  };
  return {
    minGroupSize: rule.minGroupSize,
    responsesThrough: released.at(-1)?.respondedAt ?? null,
    overall: hiddenCells([{ key: 'all', people: people(released) }], rule).has('all') ? hidden('all') : figures('all', released),
    byOutcome: by((r) => r.outcome),
    byPathway: by((r) => r.pathwayId),
  };
}

export async function loadSatisfactionResults(prisma: PrismaClient, programId: string, options: { minGroupSize?: number } = {}): Promise<SatisfactionResults> {
  const responses = await prisma.surveyResponse.findMany({
    where: { programId },
    select: { id: true, assessmentId: true, respondedAt: true, rating: true, outcome: true, pathwayId: true },
  });
  // Responses keep no person; their assessment's journey tells two answers by one person apart.
  const assessments = await prisma.assessment.findMany({ where: { id: { in: responses.map((r) => r.assessmentId) } }, select: { id: true, journeyId: true } });
  const journeyOf = new Map(assessments.map((a) => [a.id, a.journeyId]));
  const rows = responses.map(({ assessmentId, ...r }) => ({ ...r, respondent: journeyOf.get(assessmentId) ?? assessmentId }));
  return satisfactionResults(rows, options);
}
