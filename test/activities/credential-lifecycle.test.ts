import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCredentialLifecycleActivities } from '../../activities/credential-lifecycle.js';
import { ErrorCode } from '../../domain/errors.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { failureOf, PROGRAM, resetProgram } from '../harness/activity-fixtures.js';

let db: Database;
let lifecycle: ReturnType<typeof createCredentialLifecycleActivities>;

const JOURNEY = `journey:${PROGRAM}:alex`;

/** One credential per cycle of alex's journey, in the given status. */
async function credential(cycle: number, status: string): Promise<string> {
  const id = `cred-${cycle}`;
  await db.prisma.credential.create({
    data: {
      id,
      number: `CAP-2026-${cycle}`,
      journeyId: JOURNEY,
      cycle,
      personId: 'alex',
      programId: PROGRAM,
      issuedAt: new Date('2026-01-01T00:00:00Z'),
      expiresAt: new Date('2028-01-01T00:00:00Z'),
      status,
    },
  });
  return id;
}

const row = (id: string) => db.prisma.credential.findUniqueOrThrow({ where: { id } });

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  lifecycle = createCredentialLifecycleActivities({ prisma: db.prisma });
});

afterAll(async () => {
  await db?.close();
});

beforeEach(async () => {
  await resetProgram(db.prisma);
  await db.prisma.person.create({
    data: { id: 'alex', email: 'alex@example.com', name: 'Alex', department: 'Engineering', title: 'Engineer', roles: ['candidate'], hiredAt: new Date('2020-01-01T00:00:00Z') },
  });
  const at = new Date('2026-01-01T00:00:00Z');
  await db.prisma.journey.create({
    data: { id: JOURNEY, programId: PROGRAM, pathwayId: 'portfolio', candidateId: 'alex', stage: 'certified', enrolledAt: at, updatedAt: at },
  });
});

describe('revokeCredential', () => {
  it('revokes an active or expired credential once; a retry keeps the first actor, reason and time', async () => {
    const active = await credential(1, 'active');
    const revocation = { credentialId: active, actorId: 'hana', reason: 'Evidence was plagiarised', at: '2026-05-01T10:00:00.000Z' };
    await lifecycle.revokeCredential(revocation);
    await lifecycle.revokeCredential({ ...revocation, actorId: 'ari', reason: 'again', at: '2026-05-02T10:00:00.000Z' });
    const revoked = await row(active);
    expect(revoked).toMatchObject({ status: 'revoked', revokedBy: 'hana', revokedReason: 'Evidence was plagiarised' });
    expect(revoked.revokedAt?.toISOString()).toBe('2026-05-01T10:00:00.000Z');

    const expired = await credential(2, 'expired');
    await lifecycle.revokeCredential({ ...revocation, credentialId: expired });
    expect((await row(expired)).status).toBe('revoked');
  });

  it('refuses to revoke a lapsed or renewed credential, and an unknown one', async () => {
    const lapsed = await credential(1, 'lapsed');
    const refused = await failureOf(lifecycle.revokeCredential({ credentialId: lapsed, actorId: 'hana', reason: 'x', at: '2026-05-01T10:00:00Z' }));
    expect(refused.type).toBe(ErrorCode.NotAllowedInStage);
    expect(refused.nonRetryable).toBe(true);
    expect(await row(lapsed)).toMatchObject({ status: 'lapsed', revokedAt: null, revokedBy: null });

    const missing = await failureOf(lifecycle.revokeCredential({ credentialId: 'cred-none', actorId: 'hana', reason: 'x', at: '2026-05-01T10:00:00Z' }));
    expect(missing.type).toBe(ErrorCode.NotFound);
  });
});

describe('lapseCredential and markCredentialRenewed', () => {
  it('lapse an expired (or still active) credential, idempotently', async () => {
    const expired = await credential(1, 'expired');
    await lifecycle.lapseCredential({ credentialId: expired });
    await lifecycle.lapseCredential({ credentialId: expired });
    expect((await row(expired)).status).toBe('lapsed');

    const active = await credential(2, 'active');
    await lifecycle.lapseCredential({ credentialId: active });
    expect((await row(active)).status).toBe('lapsed');
  });

  it('mark a credential renewed, idempotently, and never bring back a revoked or lapsed one', async () => {
    const active = await credential(1, 'active');
    await lifecycle.markCredentialRenewed({ credentialId: active });
    await lifecycle.markCredentialRenewed({ credentialId: active });
    expect((await row(active)).status).toBe('renewed');

    const lapseAfterRenewal = await failureOf(lifecycle.lapseCredential({ credentialId: active }));
    expect(lapseAfterRenewal.type).toBe(ErrorCode.NotAllowedInStage);

    const revoked = await credential(2, 'revoked');
    const renewRevoked = await failureOf(lifecycle.markCredentialRenewed({ credentialId: revoked }));
    expect(renewRevoked.type).toBe(ErrorCode.NotAllowedInStage);
    expect((await row(revoked)).status).toBe('revoked');
  });
});
