import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../demo/seed.js';
import { mintDevToken } from '../../http/auth/tokens.js';
import { createGraphQLHandler } from '../../http/graphql.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { createServices } from '../../services/index.js';

// Sharing credentials: the holder and HR get a share code, nobody else; anyone (signed in or not) can
// verify a code and learns only what a verifier needs; a code the server did not make verifies nothing.
// alex holds an active credential (mentored by tom), jordan a revoked one.

const SECRET = 'credentials-test-secret';
const PROGRAM = 'cloud-architecture-practitioner';
const DAY = 86_400_000;
let db: Database;
let yoga: ReturnType<typeof createGraphQLHandler>;

async function certify(person: string, status: string, mentorId: string | null) {
  const journeyId = `journey:${PROGRAM}:${person}`;
  const at = new Date(Date.now() - 30 * DAY);
  await db.prisma.journey.create({ data: { id: journeyId, programId: PROGRAM, pathwayId: 'cap-portfolio', candidateId: person, stage: status === 'revoked' ? 'revoked' : 'certified', mentorId, enrolledAt: at, updatedAt: at } });
  await db.prisma.credential.create({
    data: {
      id: `cred-${person}`,
      number: `CAP-${person}`,
      journeyId,
      cycle: 1,
      personId: person,
      programId: PROGRAM,
      issuedAt: at,
      expiresAt: new Date(at.getTime() + 730 * DAY),
      status,
      ...(status === 'revoked' ? { revokedAt: new Date(), revokedBy: 'ines', revokedReason: 'Evidence was not their own' } : {}),
    },
  });
}

interface Body {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function gql(personId: string | null, query: string, variables: Record<string, unknown> = {}): Promise<Body> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (personId) headers.authorization = `Bearer ${await mintDevToken(SECRET, personId)}`;
  const response = await yoga.fetch('http://x/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as Body;
}

const CREDENTIAL = 'query ($id: ID!) { credential(id: $id) { number status shareCode holder { name } journey { id } } }';
const VERIFY = 'query ($code: String!) { verifyCredential(code: $code) { number holderName programName issuedAt expiresAt status revokedAt } }';

const shareCodeOf = async (viewer: string, id: string) => ((await gql(viewer, CREDENTIAL, { id })).data?.credential as { shareCode: string | null } | null)?.shareCode;

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma);
  await certify('alex', 'active', 'tom');
  await certify('jordan', 'revoked', null);
  yoga = createGraphQLHandler({
    services: createServices({ prisma: db.prisma, client: undefined as never, taskQueue: 'x', linkSecret: 'credentials-link-secret-0123456789' }),
    jwtSecret: SECRET,
    production: false,
    rateLimit: false,
  });
});

afterAll(async () => {
  await db?.close();
});

describe('credential sharing', () => {
  it('gives the share code to the holder and HR only; others who see the journey get null, strangers no credential', async () => {
    const code = await shareCodeOf('alex', 'cred-alex');
    expect(code).toMatch(/^cred-alex\.[A-Za-z0-9_-]{22}$/);
    expect(await shareCodeOf('hana', 'cred-alex')).toBe(code);
    for (const viewer of ['maya', 'tom']) {
      const body = await gql(viewer, CREDENTIAL, { id: 'cred-alex' });
      expect(body.errors).toBeUndefined();
      expect(body.data?.credential).toMatchObject({ number: 'CAP-alex', shareCode: null });
    }
    expect((await gql('jordan', CREDENTIAL, { id: 'cred-alex' })).data?.credential).toBeNull();
    expect((await gql(null, CREDENTIAL, { id: 'cred-alex' })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('verifies a code for anyone, signed in or not, with no scores or contact details', async () => {
    const code = await shareCodeOf('alex', 'cred-alex');
    for (const viewer of [null, 'sam']) {
      const body = await gql(viewer, VERIFY, { code });
      expect(body.errors).toBeUndefined();
      expect(body.data?.verifyCredential).toEqual({
        number: 'CAP-alex',
        holderName: 'Alex Kim',
        programName: 'Cloud Architecture Practitioner',
        issuedAt: expect.any(String),
        expiresAt: expect.any(String),
        status: 'ACTIVE',
        revokedAt: null,
      });
    }
    const revoked = await gql(null, VERIFY, { code: await shareCodeOf('jordan', 'cred-jordan') });
    expect(revoked.data?.verifyCredential).toMatchObject({ holderName: 'Jordan Lee', status: 'REVOKED', revokedAt: expect.any(String) });
  });

  it('verifies nothing for a tampered, borrowed or guessed code', async () => {
    const code = (await shareCodeOf('alex', 'cred-alex'))!;
    const jordanMac = (await shareCodeOf('jordan', 'cred-jordan'))!.split('.')[1];
    const flipped = `${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [flipped, 'cred-alex', `cred-alex.${jordanMac}`, `cred-nobody.${code.split('.')[1]}`, '', '.'.repeat(300)]) {
      const body = await gql(null, VERIFY, { code: bad });
      expect(body.errors).toBeUndefined();
      expect(body.data?.verifyCredential).toBeNull();
    }
  });

  it('makes codes with the server secret: another secret accepts none of them', async () => {
    const code = await shareCodeOf('alex', 'cred-alex');
    const other = createGraphQLHandler({
      services: createServices({ prisma: db.prisma, client: undefined as never, taskQueue: 'x', linkSecret: 'another-link-secret-0123456789' }),
      jwtSecret: SECRET,
      production: false,
      rateLimit: false,
    });
    const response = await other.fetch('http://x/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: VERIFY, variables: { code } }) });
    expect(((await response.json()) as Body).data?.verifyCredential).toBeNull();
  });
});
