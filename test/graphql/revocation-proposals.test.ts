import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PermissionApi, openPermissionApi } from './permission-api.js';
import { C } from './permission-fixture.js';

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
