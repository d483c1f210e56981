import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../demo/seed.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { conflictsOfInterest, hasConflictOfInterest, managerChain, reportsBelow } from '../../services/people/conflicts.js';
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

describe('the org chart walks', () => {
  it('reach every level up and down, and end on a cycle in bad HR data', async () => {
    const person = (id: string, managerId: string | null) => ({ id, email: `${id}@example.com`, name: id, department: 'Org', title: 'T', roles: ['candidate'], managerId });
    // ceo <- vp <- lead <- dev <- intern; loop-a and loop-b manage each other.
    for (const [id, managerId] of [['w-ceo', null], ['w-vp', 'w-ceo'], ['w-lead', 'w-vp'], ['w-dev', 'w-lead'], ['w-intern', 'w-dev'], ['w-loop-a', null], ['w-loop-b', 'w-loop-a']] as const) {
      await db.prisma.person.create({ data: person(id, managerId) });
    }
    await db.prisma.person.update({ where: { id: 'w-loop-a' }, data: { managerId: 'w-loop-b' } });

    expect(await managerChain(db.prisma, 'w-intern')).toEqual(new Set(['w-dev', 'w-lead', 'w-vp', 'w-ceo']));
    expect(await managerChain(db.prisma, 'w-ceo')).toEqual(new Set());
    expect(await managerChain(db.prisma, 'w-loop-a')).toEqual(new Set(['w-loop-b', 'w-loop-a']));
    expect(await reportsBelow(db.prisma, 'w-vp')).toEqual(new Set(['w-lead', 'w-dev', 'w-intern']));
    expect(await reportsBelow(db.prisma, 'w-intern')).toEqual(new Set());
    expect(await reportsBelow(db.prisma, 'w-loop-a')).toEqual(new Set(['w-loop-b']));
  });
});
