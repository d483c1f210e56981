import type { PrismaClient } from '../prisma/client.js';
import type { PersonRef } from '../domain/journey-context.js';

// People lookups shared by the activities that pick assessors, panels, mentors and reviewers (the
// conflict-of-interest rule they all apply is services/people/conflicts.ts).

import type { PeopleReader } from '../services/people/conflicts.js';

export function toPersonRef(person: { id: string; name: string; email: string }): PersonRef {
  return { id: person.id, name: person.name, email: person.email };
}

/** Loads people by id and returns them in the order given (a stored panel keeps its order). */
export async function personRefsInOrder(prisma: PeopleReader, ids: readonly string[]): Promise<PersonRef[]> {
  const rows = await prisma.person.findMany({ where: { id: { in: [...ids] } } });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toPersonRef(row)] : [];
  });
}

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/**
 * Runs a read-rank-write selection under a transaction-scoped advisory lock. Two journeys choosing at
 * the same moment would otherwise both see the same free capacity and overbook one person.
 */
export function withSelectionLock<T>(prisma: PrismaClient, lock: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${lock}))`;
    return fn(tx);
  });
}

/** Tie-break by id with a plain code-unit comparison, so the order never depends on the server locale. */

