import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../demo/seed.js';
import { mintDevToken, resolveViewer } from '../../http/auth/tokens.js';
import { type Database, openDatabase } from '../../prisma/client.js';

// Who a development token names, as every GraphQL request's context finds them: roles and direct
// reports in one statement, leavers refused, and each secret checking its own tokens only (the key
// imported once per secret must never serve another).

const SECRET = 'viewer-lookup-test-secret-0123456789';
const OTHER_SECRET = 'viewer-lookup-other-secret-9876543210';

let db: Database;

const request = (token: string) => new Request('http://x/graphql', { headers: { authorization: `Bearer ${token}` } });
const refused = { extensions: { code: 'UNAUTHENTICATED' } };

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma);
});

afterAll(async () => {
  await db?.close();
});

describe('the viewer behind a development token', () => {
  it('carries the roles and the direct reports, and none for someone without reports', async () => {
    const maya = await resolveViewer(request(await mintDevToken(SECRET, 'maya')), db.prisma, SECRET);
    expect(maya).toMatchObject({ personId: 'maya', roles: ['manager'] });
    expect([...maya!.reportIds].sort()).toEqual(['alex', 'jordan', 'sam']);
    expect(await resolveViewer(request(await mintDevToken(SECRET, 'hana')), db.prisma, SECRET)).toEqual({ personId: 'hana', roles: ['hr'], reportIds: [] });
  });

  it('refuses a person who has left, and one who does not exist', async () => {
    await db.prisma.person.create({
      data: { id: 'gone', email: 'gone@example.com', name: 'Gone', department: 'Engineering', title: 'Engineer', roles: ['hr'], leftAt: new Date('2026-01-31T00:00:00Z') },
    });
    await expect(resolveViewer(request(await mintDevToken(SECRET, 'gone')), db.prisma, SECRET)).rejects.toMatchObject(refused);
    await expect(resolveViewer(request(await mintDevToken(SECRET, 'nobody')), db.prisma, SECRET)).rejects.toMatchObject(refused);
  });

  it('checks each token against its own secret', async () => {
    const token = await mintDevToken(SECRET, 'hana');
    const other = await mintDevToken(OTHER_SECRET, 'hana');
    expect(await resolveViewer(request(token), db.prisma, SECRET)).toMatchObject({ personId: 'hana' });
    expect(await resolveViewer(request(other), db.prisma, OTHER_SECRET)).toMatchObject({ personId: 'hana' });
    await expect(resolveViewer(request(other), db.prisma, SECRET)).rejects.toMatchObject(refused);
    await expect(resolveViewer(request(token), db.prisma, OTHER_SECRET)).rejects.toMatchObject(refused);
  });
});
