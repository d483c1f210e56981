import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiOnly, startApiOnly } from '../../harness/api-only.js';
import { mintDevToken } from '../../../http/auth/tokens.js';
import { decodeEntities, signIn } from '../../harness/portal-client.js';

// HR's import page over HTTP as a browser posts it: a CSV file in a multipart form, read in memory
// (never stored as evidence), checked as a dry run, every problem shown by row and column, then applied.

const JWT = 'portal-imports-jwt-secret-1234';
let api: ApiOnly;

beforeAll(async () => {
  api = await startApiOnly({ jwtSecret: JWT, portal: { secret: 'portal-imports-secret-12345678', publicUrl: 'http://127.0.0.1' } });
});

afterAll(async () => {
  await api?.close();
});

const csv = (text: string) => ({ file: new Blob([text], { type: 'text/csv' }), name: 'hris-export.csv' });

describe('the HR import page', () => {
  it('shows problems by row and column and applies nothing, dry-runs, then applies a good file', async () => {
    const hana = await signIn(api.baseUrl, 'hana');
    const form = await hana.page('/hr/imports');
    expect(form.status).toBe(200);
    expect(form.html).toContain('enctype="multipart/form-data"');

    const bad = await hana.postMultipart('/hr/imports', { kind: 'people', dryRun: 'true', file: csv('Email;Name;Start Date\nnew.person@example.com;New Person;2026-13-01\n') });
    expect(bad.status).toBe(422);
    const badHtml = decodeEntities(await bad.text());
    expect(badHtml).toContain('Rejected: nothing was applied.');
    expect(badHtml).toMatch(/<td>2<\/td><td>Start Date<\/td>/);

    const good = csv('Email;Name;Start Date\nnew.person@example.com;New Person;2026-01-12\n');
    const dry = await hana.postMultipart('/hr/imports', { kind: 'people', dryRun: 'true', file: good });
    expect(dry.status).toBe(200);
    expect(decodeEntities(await dry.text())).toContain('Dry run: the file is fine and nothing was changed.');
    expect(await api.db.prisma.person.count({ where: { email: 'new.person@example.com' } })).toBe(0);

    const applied = await hana.postMultipart('/hr/imports', { kind: 'people', file: good });
    expect(decodeEntities(await applied.text())).toContain('Applied.');
    expect(await api.db.prisma.person.findFirst({ where: { email: 'new.person@example.com' }, select: { source: true } })).toEqual({ source: 'csv' });
    // Nothing was stored as an upload.
    expect(await api.db.prisma.uploadedFile.count()).toBe(0);
    expect((await hana.page('/hr/imports')).html).toContain('hris-export.csv');
  });

  it('is for HR and admins only', async () => {
    const alex = await signIn(api.baseUrl, 'alex');
    expect((await alex.page('/hr/imports')).status).toBe(403);
    const refused = await alex.postMultipart('/hr/imports', { kind: 'people', file: csv('Email,Name\nx@example.com,X\n') }, { csrfFrom: '/' });
    expect(refused.status).toBe(403);
    expect(await api.db.prisma.person.count({ where: { email: 'x@example.com' } })).toBe(0);
  });

  it('takes files larger than a GraphQL request at POST /imports/:kind, for HR and admins only', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => `bulk.person.${i}@example.com;Bulk Person Number ${i};Engineering;Platform Engineer, Infrastructure;2024-01-${String((i % 28) + 1).padStart(2, '0')}`);
    const body = ['Email;Name;Department;Job Title;Start Date', ...rows].join('\n');
    expect(body.length).toBeGreaterThan(100 * 1024);
    const post = async (personId: string, type = 'text/csv') =>
      fetch(`${api.baseUrl}/imports/people?dryRun=true`, { method: 'POST', headers: { authorization: `Bearer ${await mintDevToken(JWT, personId)}`, 'content-type': type, 'x-file-name': 'bulk.csv' }, body });
    const answer = await post('hana');
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ dryRun: true, applied: false, rows: 1000, created: 1000, problems: [] });
    expect(await api.db.prisma.person.count({ where: { email: { startsWith: 'bulk.person.' } } })).toBe(0);
    expect((await post('alex')).status).toBe(403);
    // Only text/csv: nothing a cross-site form or a simple request can send.
    expect((await post('hana', 'text/plain')).status).toBe(415);
  });
});
