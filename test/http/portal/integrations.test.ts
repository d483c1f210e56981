import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiOnly, startApiOnly } from '../../harness/api-only.js';
import { decodeEntities, signIn } from '../../harness/portal-client.js';

// The admin's integrations page: a SCIM client's token is shown once, on the page that issued it, and
// works at /scim/v2; a new secret stops the old one; group roles, activity mappings and declared
// attributes are set from forms. Only admins reach it.

let api: ApiOnly;

beforeAll(async () => {
  api = await startApiOnly({ jwtSecret: 'portal-integrations-jwt-secret-12', portal: { secret: 'portal-integrations-secret-123456', publicUrl: 'http://127.0.0.1' } });
});

afterAll(async () => {
  await api?.close();
});

const secretIn = (page: string) => /<code class="secret">([^<]+)<\/code>/.exec(page)?.[1];
const scimStatus = async (token: string) => (await fetch(`${api.baseUrl}/scim/v2/Users?count=1`, { headers: { authorization: `Bearer ${token}` } })).status;

describe('the integrations page', () => {
  it('issues a SCIM token once, rotates it, and sets group roles, activities and attributes', async () => {
    const ari = await signIn(api.baseUrl, 'ari');
    const created = await ari.post('/admin/integrations/clients', { name: 'Okta', kind: 'SCIM' }, { csrfFrom: '/admin/integrations' });
    expect(created.status).toBe(200);
    const page = decodeEntities(await created.text());
    const token = secretIn(page);
    expect(token).toMatch(/^cf_scim_/);
    expect(page).toContain('/scim/v2');
    expect(await scimStatus(token!)).toBe(200);
    // Not shown again.
    expect(secretIn((await ari.page('/admin/integrations')).html)).toBeUndefined();

    const client = await api.db.prisma.integrationClient.findFirstOrThrow({ where: { name: 'Okta' } });
    const rotated = decodeEntities(await (await ari.post(`/admin/integrations/clients/${client.id}/rotate`, {}, { csrfFrom: '/admin/integrations' })).text());
    const newToken = secretIn(rotated);
    expect(await scimStatus(token!)).toBe(401);
    expect(await scimStatus(newToken!)).toBe(200);

    const grouped = await ari.submit('/admin/integrations/groups', { groupName: 'Certiflow Assessors', roles: ['assessor', 'mentor'] }, { csrfFrom: '/admin/integrations' });
    expect(grouped.html).toContain('Certiflow Assessors');
    expect(await api.db.prisma.groupRoleMapping.findUnique({ where: { groupName: 'Certiflow Assessors' } })).toMatchObject({ roles: ['assessor', 'mentor'] });

    await ari.submit('/admin/integrations/activities', { activityId: 'https://moodle.example.com/course/view.php?id=42', courseCode: 'CLOUD-201' }, { csrfFrom: '/admin/integrations' });
    expect(await api.db.prisma.learningActivity.count({ where: { courseCode: 'CLOUD-201' } })).toBe(1);

    const refused = await ari.submit('/admin/integrations/attributes', { name: 'tenureMonths', type: 'NUMBER', source: 'CSV', description: 'x' }, { csrfFrom: '/admin/integrations' });
    expect(refused.html).toContain('built-in fact');
    await ari.submit('/admin/integrations/attributes', { name: 'securityClearance', type: 'STRING', source: 'CSV', description: 'Clearance level' }, { csrfFrom: '/admin/integrations' });
    expect((await ari.page('/admin/integrations')).html).toContain('securityClearance');

    await ari.submit(`/admin/integrations/clients/${client.id}/revoke`, {}, { csrfFrom: '/admin/integrations' });
    expect(await scimStatus(newToken!)).toBe(401);
  });

  it('is for admins only', async () => {
    const hana = await signIn(api.baseUrl, 'hana');
    expect((await hana.page('/admin/integrations')).status).toBe(403);
    const post = await hana.post('/admin/integrations/clients', { name: 'Sneaky', kind: 'SCIM' }, { csrfFrom: '/' });
    expect(post.status).toBe(403);
    expect(await api.db.prisma.integrationClient.count({ where: { name: 'Sneaky' } })).toBe(0);
  });
});
