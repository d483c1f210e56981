import type { PrismaClient } from '../prisma/client.js';
import { DEFAULT_MIN_GROUP_SIZE, groupRecords } from '../services/analytics/program.js';

// Satisfaction results by group. Every group below the minimum group size is suppressed here (no
// count, no average, no distribution), so no caller can show a small group by mistake. Comments are
// not aggregated: free text can name people, so it stays in the table for HR's own review.

export interface SatisfactionGroup {
  group: string;
  suppressed: boolean;
  responses: number | null;
  averageRating: number | null;
  /** Responses per rating, index 0 for a rating of 1 … index 4 for 5. */
  distribution: number[] | null;
}

export interface SatisfactionResults {
  minGroupSize: number;
  overall: SatisfactionGroup;
  byOutcome: SatisfactionGroup[];
  byPathway: SatisfactionGroup[];
}

export interface SurveyRow {
  rating: number;
  outcome: string;
  pathwayId: string;
}

export function satisfactionGroup(group: string, rows: readonly SurveyRow[], minGroupSize: number): SatisfactionGroup {
  if (rows.length < minGroupSize) return { group, suppressed: true, responses: null, averageRating: null, distribution: null };
  const sum = rows.reduce((total, r) => total + r.rating, 0);
  return {
    group,
    suppressed: false,
    responses: rows.length,
    averageRating: Math.round((sum / rows.length) * 100) / 100,
    distribution: [1, 2, 3, 4, 5].map((n) => rows.filter((r) => r.rating === n).length),
  };
}

export function satisfactionResults(rows: readonly SurveyRow[], options: { minGroupSize?: number } = {}): SatisfactionResults {
  const minGroupSize = Math.max(DEFAULT_MIN_GROUP_SIZE, options.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE);
  const by = (key: (r: SurveyRow) => string) => [...groupRecords(rows, key)].map(([group, g]) => satisfactionGroup(group, g, minGroupSize));
  return { minGroupSize, overall: satisfactionGroup('all', rows, minGroupSize), byOutcome: by((r) => r.outcome), byPathway: by((r) => r.pathwayId) };
}

export async function loadSatisfactionResults(prisma: PrismaClient, programId: string, options: { minGroupSize?: number } = {}): Promise<SatisfactionResults> {
  const rows = await prisma.surveyResponse.findMany({ where: { programId }, select: { rating: true, outcome: true, pathwayId: true } });
  return satisfactionResults(rows, options);
}
