import type { PrismaClient } from '../../prisma/client.js';

// Extra candidates for load and chaos tests, beside the demo people: eligible (a year's tenure and the
// CLOUD-101 course), in Engineering, reporting to maya, so every journey runs the whole first cycle.

export type PlannedOutcome = 'certified' | 'declined';

export interface ChaosCandidate {
  id: string;
  email: string;
  /** What the manager and panel will make of this journey; every tenth is declined. */
  outcome: PlannedOutcome;
}

export function chaosCandidates(count: number, prefix = 'chaos'): ChaosCandidate[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `${prefix}-${String(i + 1).padStart(3, '0')}`;
    return { id, email: `${id}@example.com`, outcome: i % 10 === 9 ? 'declined' : 'certified' };
  });
}

export async function seedChaosCandidates(prisma: PrismaClient, candidates: ChaosCandidate[], asOf = new Date()): Promise<void> {
  const hiredAt = new Date(asOf.getTime() - 400 * 86_400_000);
  const completedAt = new Date(asOf.getTime() - 60 * 86_400_000);
  await prisma.person.createMany({
    data: candidates.map((c, i) => ({
      id: c.id,
      name: `Chaos Candidate ${String(i + 1).padStart(3, '0')}`,
      email: c.email,
      department: 'Engineering',
      title: 'Software Engineer',
      roles: ['candidate'],
      managerId: 'maya',
      hiredAt,
    })),
    skipDuplicates: true,
  });
  await prisma.courseCompletion.createMany({
    data: candidates.map((c) => ({ id: `${c.id}:CLOUD-101`, personId: c.id, courseCode: 'CLOUD-101', completedAt })),
    skipDuplicates: true,
  });
}
