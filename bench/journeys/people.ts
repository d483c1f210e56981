import type { PrismaClient } from '../../prisma/client.js';

// Candidates for many journeys at once. A journey's id is journey:<program>:<person>, so every journey
// needs its own candidate; each also needs a manager to approve and a mentor with room. The demo seed
// (demo/seed.ts) provides the program, the assessors and the committee; these people join it.

export const benchCandidateId = (i: number) => `bench-${String(i).padStart(6, '0')}`;
export const benchCandidateName = (i: number) => `Bench Candidate ${String(i).padStart(6, '0')}`;
export const benchManagerId = (i: number, reportsPerManager: number) => `bench-mgr-${Math.floor(i / reportsPerManager)}`;

export interface BenchPeopleOptions {
  candidates: number;
  /** Journeys in flight at once: each holds a mentor until it is certified. */
  concurrency: number;
  reportsPerManager?: number;
  /** Put every candidate under this existing manager instead of bench managers (e.g. the demo's maya). */
  managerId?: string;
  asOf?: Date;
}

/** Inserts managers, eligible candidates (two years' tenure and CLOUD-101) and mentors in bulk. */
export async function seedBenchPeople(prisma: PrismaClient, options: BenchPeopleOptions): Promise<void> {
  const { candidates, concurrency, reportsPerManager = 25, managerId, asOf = new Date() } = options;
  const yearsAgo = (years: number) => new Date(asOf.getTime() - years * 365 * 86_400_000);
  const managers = Math.ceil(candidates / reportsPerManager);
  await prisma.person.createMany({
    data: Array.from({ length: managers }, (_, k) => ({
      id: `bench-mgr-${k}`,
      email: `bench-mgr-${k}@example.com`,
      name: `Bench Manager ${k}`,
      department: 'Engineering',
      title: 'Engineering Manager',
      roles: ['manager'],
      managerId: 'omar',
      hiredAt: yearsAgo(5),
    })),
  });
  // Mentoring ends at certification, so mentors are needed for the journeys in flight, with room to spare.
  const mentors = Math.ceil((concurrency * 1.5) / 10);
  await prisma.person.createMany({
    data: Array.from({ length: mentors }, (_, k) => ({
      id: `bench-mentor-${k}`,
      email: `bench-mentor-${k}@example.com`,
      name: `Bench Mentor ${k}`,
      department: 'Platform',
      title: 'Staff Engineer',
      roles: ['mentor'],
      managerId: 'omar',
      hiredAt: yearsAgo(6),
      mentorCapacity: 10,
    })),
  });
  for (let start = 0; start < candidates; start += 5_000) {
    const ids = Array.from({ length: Math.min(5_000, candidates - start) }, (_, j) => start + j);
    await prisma.person.createMany({
      data: ids.map((i) => ({
        id: benchCandidateId(i),
        email: `${benchCandidateId(i)}@example.com`,
        name: benchCandidateName(i),
        department: 'Engineering',
        title: 'Software Engineer',
        roles: ['candidate'],
        managerId: managerId ?? benchManagerId(i, reportsPerManager),
        hiredAt: yearsAgo(2),
      })),
    });
    await prisma.courseCompletion.createMany({
      data: ids.map((i) => ({ id: `${benchCandidateId(i)}:CLOUD-101`, personId: benchCandidateId(i), courseCode: 'CLOUD-101', completedAt: yearsAgo(0.2) })),
    });
  }
}
