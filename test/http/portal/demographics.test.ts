import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintDevToken } from '../../../http/auth/tokens.js';
import { type ApiOnly, startApiOnly } from '../../harness/api-only.js';
import { signIn } from '../../harness/portal-client.js';

// Self-declared demographics: optional, "prefer not to say" offered and chosen by default, readable and
// withdrawable by the person alone (not HR, not their manager); the audit trail says only that it changed.

const JWT = 'portal-demographics-jwt-secret-1234';
let api: ApiOnly;

beforeAll(async () => {
  api = await startApiOnly({ jwtSecret: JWT, portal: { secret: 'portal-demographics-secret-123456', publicUrl: 'http://127.0.0.1' } });
});

afterAll(async () => {
  await api?.close();
});

async function graphqlAs(personId: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${api.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await mintDevToken(JWT, personId)}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
}

describe('equality monitoring answers', () => {
  it('are declared by the person, default to "prefer not to say", and can be deleted', async () => {
    // kenji has never answered (the demo's invented answers are for others).
    const kenji = await signIn(api.baseUrl, 'kenji');
    const blank = await kenji.page('/me/demographics');
    expect(blank.html).toContain('<option value="prefer not to say" selected>');
    expect(blank.html).toContain('You have not answered.');

    const saved = await kenji.submit('/me/demographics', { gender: 'non-binary', ethnicity: 'prefer not to say', ageBand: '18-24', disability: 'prefer not to say' });
    expect(saved.html).toContain('Your answers are saved.');
    expect(saved.html).toContain('<option value="non-binary" selected>');
    const row = await api.db.prisma.personDemographics.findUniqueOrThrow({ where: { personId: 'kenji' } });
    expect(row).toMatchObject({ gender: 'non-binary', ethnicity: null, ageBand: '18-24', disability: null, source: 'self' });

    const refused = await kenji.submit('/me/demographics', { gender: 'robot' });
    expect(refused.html).toContain('gender must be one of');

    await kenji.submit('/me/demographics/withdraw', {}, { csrfFrom: '/me/demographics' });
    expect(await api.db.prisma.personDemographics.count({ where: { personId: 'kenji' } })).toBe(0);
    const audit = await api.db.prisma.personAudit.findMany({ where: { personId: 'kenji', action: { startsWith: 'demographics' } } });
    expect(audit.map((a) => a.action)).toEqual(['demographics_declared', 'demographics_withdrawn']);
    expect(JSON.stringify(audit)).not.toContain('non-binary');
  });

  it('are read by the person alone: a root field of their own, never a field of Person', async () => {
    await graphqlAs('alex', 'mutation { declareDemographics(input: { gender: "man" }) { __typename } }');
    const own = await graphqlAs('alex', 'query { myDemographics { gender source } }');
    expect(own.data).toEqual({ myDemographics: { gender: 'man', source: 'self' } });
    // Each person reads their own: maya's (the demo's invented answers), never alex's.
    const manager = await graphqlAs('maya', 'query { myDemographics { gender } }');
    expect(manager.data).toEqual({ myDemographics: { gender: 'woman' } });
  });
});
