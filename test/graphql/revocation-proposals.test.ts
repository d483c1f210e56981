import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PermissionApi, openPermissionApi } from './permission-api.js';
import { C, PROGRAM } from './permission-fixture.js';

// A revocation one committee member proposed waits for a second. Until one confirms it, nobody but HR
// and the sitting committee learns of it: not the holder, their manager or mentor (the audit trail
// included), and not someone who keeps the committee role after their term ended (omar).

const REASON = 'Evidence under review for copying.';

let api: PermissionApi;
const ask = (personId: string, query: string, variables: Record<string, unknown> = {}) => api.ask(personId, query, variables);

type Trail = { journey: { events: { seq: number; type: string; actor: { id: string } | null; data: Record<string, unknown> }[] } | null };
const trailOf = async (personId: string) => ((await ask(personId, 'query($id: ID!) { journey(id: $id) { events { seq type actor { id } data } } }', { id: C })).data as Trail).journey;
const proposal = async (personId: string) => (await trailOf(personId))?.events.find((e) => e.type === 'revocation_proposed');

beforeAll(async () => {
  api = await openPermissionApi('revocation-proposals-test-secret');
  await api.db.prisma.journeyEvent.create({
    data: { id: 'ev-c-proposed', journeyId: C, seq: 98, at: new Date('2026-11-20T09:00:00.000Z'), stage: 'CERTIFIED', type: 'revocation_proposed', actorId: 'dana', data: { reason: REASON } },
  });
});

afterAll(async () => {
  await api?.close();
});

describe('a revocation waiting for a second committee member', () => {
  it('is not on the audit trail of the holder, their manager or mentor', async () => {
    for (const viewer of ['owen', 'grace', 'priya']) {
      const trail = await trailOf(viewer);
      expect(trail, viewer).not.toBeNull();
      expect(await proposal(viewer), viewer).toBeUndefined();
      expect(JSON.stringify(trail), viewer).not.toContain(REASON);
      // Numbered as they see it: no gap where the proposal is.
      expect(trail!.events.map((e) => e.seq), viewer).toEqual(trail!.events.map((_, i) => i + 1));
    }
  });

  it('HR sees it with the reason; a sitting member who may see the journey sees who proposed it', async () => {
    expect(await proposal('hana')).toMatchObject({ actor: { id: 'dana' }, data: { reason: REASON } });
    const pending = await ask('dana', '{ pendingRevocations { number revocationProposal { reason proposedBy { id } } } }');
    expect(pending.errors).toBeUndefined();
    expect(pending.data?.pendingRevocations).toEqual([{ number: 'CAP-2026-0001', revocationProposal: { reason: REASON, proposedBy: { id: 'dana' } } }]);
  });

  it('a committee member whose term ended (the role kept) is refused the list', async () => {
    const refused = await ask('omar', '{ pendingRevocations { number } }');
    expect(refused.data?.pendingRevocations ?? null).toBeNull();
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // The committee's list of active credentials still answers him (the role), without the proposal.
    const listed = await ask('omar', '{ activeCredentials { number revocationProposal { reason } } }');
    expect(listed.errors).toBeUndefined();
    expect(listed.data?.activeCredentials).toContainEqual({ number: 'CAP-2026-0001', revocationProposal: null });
    const sitting = await ask('dana', '{ activeCredentials { number revocationProposal { reason } } }');
    expect(sitting.data?.activeCredentials).toContainEqual({ number: 'CAP-2026-0001', revocationProposal: { reason: REASON } });
  });

  it('is not told to a sitting committee member who holds the credential, manages its holder or mentored them; nor may they decide', async () => {
    // owen (the holder) and grace (his manager) sit on the committee too.
    const now = Date.now();
    for (const personId of ['owen', 'grace']) {
      const { roles } = await api.db.prisma.person.findUniqueOrThrow({ where: { id: personId } });
      await api.db.prisma.person.update({ where: { id: personId }, data: { roles: [...roles, 'committee'] } });
      await api.db.prisma.committeeTerm.create({ data: { id: `term-${personId}`, personId, startsOn: new Date(now - 86_400_000), endsOn: new Date(now + 365 * 86_400_000) } });
    }
    try {
      for (const viewer of ['owen', 'grace']) {
        const listed = await ask(viewer, '{ pendingRevocations { number } }');
        expect(listed.errors, viewer).toBeUndefined();
        expect(listed.data?.pendingRevocations, viewer).toEqual([]);
        expect(await proposal(viewer), viewer).toBeUndefined();
        // Confirming (or proposing) is refused before the journey is asked, naming why.
        const revoke = await ask(viewer, `mutation($input: RevokeCredentialInput!) { revokeCredential(input: $input) { __typename ... on CertiflowError { code path message } } }`, {
          input: { journeyId: C, reason: 'Confirming the proposal made earlier.' },
        });
        expect(revoke.data?.revokeCredential, viewer).toMatchObject({ code: 'FORBIDDEN', path: 'journeyId' });
      }
      // A member with no such tie still sees it.
      expect((await ask('felix', '{ pendingRevocations { number } }')).data?.pendingRevocations).toEqual([{ number: 'CAP-2026-0001' }]);
    } finally {
      await api.db.prisma.committeeTerm.deleteMany({ where: { id: { in: ['term-owen', 'term-grace'] } } });
      for (const personId of ['owen', 'grace']) {
        const { roles } = await api.db.prisma.person.findUniqueOrThrow({ where: { id: personId } });
        await api.db.prisma.person.update({ where: { id: personId }, data: { roles: roles.filter((r) => r !== 'committee') } });
      }
    }
  });

  it("is not listed, nor is the credential, to a committee member who moderated the holder's anonymised assessment", async () => {
    // mira moderated journey C; with the program anonymised its candidate is hidden from her, and the
    // credential's number and dates (its issue is in the public celebration feed) would name him.
    const version = await api.db.prisma.programVersion.findFirstOrThrow({ where: { programId: PROGRAM, appliedAt: { not: null } }, orderBy: { version: 'desc' } });
    const document = version.document as { panel: Record<string, unknown> };
    await api.db.prisma.programVersion.update({ where: { id: version.id }, data: { document: { ...document, panel: { ...document.panel, anonymised: true } } } });
    try {
      const seen = await ask('mira', '{ pendingRevocations { number } activeCredentials { number } }');
      expect(seen.errors).toBeUndefined();
      expect(seen.data).toEqual({ pendingRevocations: [], activeCredentials: [] });
      // Another sitting member, who judges nothing of it, still sees both.
      expect((await ask('felix', '{ pendingRevocations { number } activeCredentials { number } }')).data).toEqual({ pendingRevocations: [{ number: 'CAP-2026-0001' }], activeCredentials: [{ number: 'CAP-2026-0001' }] });
    } finally {
      await api.db.prisma.programVersion.update({ where: { id: version.id }, data: { document: version.document as object } });
    }
  });

  it('shows on the trail once a second member confirmed the revocation, the reason to the holder', async () => {
    await api.db.prisma.journeyEvent.create({
      data: { id: 'ev-c-revoked', journeyId: C, seq: 99, at: new Date('2026-11-22T09:00:00.000Z'), stage: 'REVOKED', type: 'credential_revoked', actorId: 'felix', data: { credentialNumber: 'CAP-2026-0001', reason: REASON, secondedBy: 'dana' } },
    });
    try {
      expect(await proposal('owen')).toMatchObject({ actor: { id: 'dana' }, data: { reason: REASON } });
      expect(await proposal('grace')).toMatchObject({ actor: { id: 'dana' }, data: {} });
    } finally {
      await api.db.prisma.journeyEvent.delete({ where: { id: 'ev-c-revoked' } });
    }
  });
});
