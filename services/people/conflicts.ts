import type { PrismaClient } from '../../prisma/client.js';

// Who has a conflict of interest in judging a candidate: the rule the activities that draw assessors,
// panels, mentors and reviewers apply (activities/people.ts), and the API when a committee member acts
// on a credential or reads a revocation waiting for a second member (graphql/types/revocation-proposals.ts).

/** Only the person table is read, so a transaction client works as well as the full client. */
export type PeopleReader = Pick<PrismaClient, 'person' | '$queryRaw'>;

// Both walks are one recursive query each (they run for every panel, assessor and mentor drawn). UNION,
// not UNION ALL: a person already reached is not walked again, so a cycle in bad HR data ends.

/** Walks up the management chain: nobody who sits above the candidate may judge or mentor them. */
export async function managerChain(prisma: PeopleReader, personId: string): Promise<Set<string>> {
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    WITH RECURSIVE chain ("id") AS (
      SELECT "managerId" FROM "Person" WHERE "id" = ${personId} AND "managerId" IS NOT NULL
      UNION
      SELECT p."managerId" FROM "Person" p JOIN chain ON p."id" = chain."id" WHERE p."managerId" IS NOT NULL
    )
    SELECT "id" FROM chain`;
  return new Set(rows.map((row) => row.id));
}

/**
 * Everyone below this person in the org chart: direct reports, their reports and so on. A candidate who
 * manages people must not be judged by them, whatever department they sit in.
 */
export async function reportsBelow(prisma: PeopleReader, personId: string): Promise<Set<string>> {
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    WITH RECURSIVE below ("id") AS (
      SELECT "id" FROM "Person" WHERE "managerId" = ${personId} AND "id" <> ${personId}
      UNION
      SELECT p."id" FROM "Person" p JOIN below ON p."managerId" = below."id" WHERE p."id" <> ${personId}
    )
    SELECT "id" FROM below`;
  return new Set(rows.map((row) => row.id));
}

/**
 * Everyone with a conflict of interest in judging this candidate: their management chain, their direct
 * and indirect reports, and whoever mentored them on any of their journeys (a mentor has a stake in the
 * outcome); with `teammates` (a program option), also everyone who shares their manager. Panels,
 * moderators and appeal reviewers are drawn from outside it.
 */
export async function conflictsOfInterest(prisma: PeopleReader & Pick<PrismaClient, 'journey'>, candidateId: string, options: { teammates?: boolean } = {}): Promise<Set<string>> {
  const mentored = await prisma.journey.findMany({ where: { candidateId, mentorId: { not: null } }, select: { mentorId: true } });
  const conflicted = new Set([...(await managerChain(prisma, candidateId)), ...(await reportsBelow(prisma, candidateId)), ...mentored.map((j) => j.mentorId!)]);
  if (options.teammates) {
    const candidate = await prisma.person.findUnique({ where: { id: candidateId }, select: { managerId: true } });
    if (candidate?.managerId) for (const id of await directReports(prisma, candidate.managerId)) if (id !== candidateId) conflicted.add(id);
  }
  return conflicted;
}

/**
 * Whether one person has a conflict of interest with the candidate, as conflictsOfInterest decides it
 * (the candidate themselves counts too): asked for one person, two walks up the org chart answer it,
 * where conflictsOfInterest walks down the whole of it below the candidate.
 */
export async function hasConflictOfInterest(prisma: PeopleReader & Pick<PrismaClient, 'journey'>, personId: string, candidateId: string): Promise<boolean> {
  if (personId === candidateId) return true;
  const [above, mine, mentored] = await Promise.all([
    managerChain(prisma, candidateId),
    managerChain(prisma, personId),
    prisma.journey.count({ where: { candidateId, mentorId: personId } }),
  ]);
  return above.has(personId) || mine.has(candidateId) || mentored > 0;
}

/** The people who report to this person directly. */
export async function directReports(prisma: PeopleReader, personId: string): Promise<Set<string>> {
  const reports = await prisma.person.findMany({ where: { managerId: personId }, select: { id: true } });
  return new Set(reports.map((report) => report.id));
}

