import type { Rubric } from '../../domain/rubric.js';
import type { PrismaClient } from '../../prisma/client.js';
import type { CalibrationDataset, CriterionRef, PanelScoreRecord } from './calibration.js';

// The rows the calibration report computes over (calibration.ts): every panel member's independent
// scores for the program's submissions, and the program's rubric criteria, read once from the read model.

/** Each criterion key once, in the order the pathways' rubrics list them (pathways by id). */
function criteriaOf(rubrics: readonly unknown[]): CriterionRef[] {
  const seen = new Map<string, CriterionRef>();
  for (const rubric of rubrics) {
    for (const c of (rubric as Partial<Rubric> | null)?.criteria ?? []) if (!seen.has(c.key)) seen.set(c.key, { key: c.key, title: c.title });
  }
  return [...seen.values()];
}

/** Stored scores are JSON: keep only the numeric levels. */
function levels(scores: unknown): Record<string, number> {
  if (!scores || typeof scores !== 'object' || Array.isArray(scores)) return {};
  return Object.fromEntries(Object.entries(scores).filter((e): e is [string, number] => typeof e[1] === 'number'));
}

export async function loadCalibrationDataset(prisma: PrismaClient, programId: string): Promise<CalibrationDataset> {
  const [pathways, rows] = await Promise.all([
    prisma.pathway.findMany({ where: { programId }, select: { rubric: true }, orderBy: { id: 'asc' } }),
    prisma.panelScore.findMany({
      where: { journey: { programId } },
      select: { submissionId: true, round: true, assessorId: true, submittedAt: true, scores: true },
      orderBy: { id: 'asc' },
    }),
  ]);
  const assessorIds = [...new Set(rows.map((r) => r.assessorId))];
  const people = await prisma.person.findMany({ where: { id: { in: assessorIds } }, select: { id: true, name: true } });
  const scores: PanelScoreRecord[] = rows.map((r) => ({ ...r, scores: levels(r.scores) }));
  return { criteria: criteriaOf(pathways.map((p) => p.rubric)), scores, assessorNames: new Map(people.map((p) => [p.id, p.name])) };
}
