import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiOnly, startApiOnly } from '../../harness/api-only.js';
import { decodeEntities, signIn } from '../../harness/portal-client.js';
import { A, seedPermissionWorld } from '../../graphql/permission-fixture.js';

// HR's read-audit page: an assessor opens a candidate's journey in the portal (recorded with the portal
// as its channel), and HR finds that read by the candidate; nobody else may open the page.

const JWT = 'portal-read-audit-jwt-secret-123';
let api: ApiOnly;

beforeAll(async () => {
  api = await startApiOnly({ jwtSecret: JWT, portal: { secret: 'portal-read-audit-secret-1234567', publicUrl: 'http://127.0.0.1' } });
  await seedPermissionWorld(api.db.prisma);
});

afterAll(async () => {
  await api?.close();
});

describe('the read-audit page', () => {
  it('shows HR who read a candidate\'s journey through the portal, and records HR looking', async () => {
    const lars = await signIn(api.baseUrl, 'lars');
    expect((await lars.page(`/journeys/${encodeURIComponent(A)}`)).status).toBe(200);
    const read = await api.db.prisma.readAudit.findFirst({ where: { viewerId: 'lars', subjectId: 'alex', kind: 'journey' } });
    expect(read?.channel).toBe('portal');

    const hana = await signIn(api.baseUrl, 'hana');
    const audit = await hana.page('/hr/read-audit?subject=alex&kind=JOURNEY&from=2020-01-01');
    expect(audit.status).toBe(200);
    const text = decodeEntities(audit.html);
    expect(text).toMatch(/<td>Lars [A-Za-z]+ \(lars\)<\/td><td>Alex [A-Za-z]+ \(alex\)<\/td><td><a href="\/journeys\/[^"]+">journey:cloud-architecture-practitioner:alex<\/a><\/td><td>Journey<\/td><td>Portal<\/td>/);
    expect(await api.db.prisma.readAudit.count({ where: { viewerId: 'hana', kind: 'read_audit', subjectId: 'alex', channel: 'portal' } })).toBe(1);
  });

  it('refuses a date that is not one, and is for HR only', async () => {
    const hana = await signIn(api.baseUrl, 'hana');
    expect((await hana.page('/hr/read-audit?from=yesterday')).status).toBe(400);
    for (const personId of ['lars', 'alex']) expect((await (await signIn(api.baseUrl, personId)).page('/hr/read-audit')).status, personId).toBe(403);
  });
});
