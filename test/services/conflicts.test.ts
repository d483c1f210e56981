import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../demo/seed.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { conflictsOfInterest, hasConflictOfInterest } from '../../services/people/conflicts.js';
import { seedPermissionWorld } from '../graphql/permission-fixture.js';

// The pairwise question (may this person decide on this candidate?) answers as the whole set does, for
// every person in the demo directory against candidates high and low in the org chart, mentored or not.

let db: Database;

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, '2026-11-25T09:00:00.000Z');
  await seedPermissionWorld(db.prisma);
});

afterAll(async () => {
  await db?.close();
});

describe('hasConflictOfInterest', () => {
  it('agrees with conflictsOfInterest for everyone, the candidate themselves counting too', async () => {
    const people = (await db.prisma.person.findMany({ select: { id: true } })).map((p) => p.id);
    for (const candidateId of ['alex', 'owen', 'maya', 'omar']) {
      const conflicted = await conflictsOfInterest(db.prisma, candidateId);
      for (const personId of people) {
        expect(await hasConflictOfInterest(db.prisma, personId, candidateId), `${personId} on ${candidateId}`).toBe(personId === candidateId || conflicted.has(personId));
      }
    }
  });
});
