import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiOnly, startApiOnly } from '../../harness/api-only.js';
import { decodeEntities, signIn } from '../../harness/portal-client.js';

// HR's import page over HTTP as a browser posts it: a CSV file in a multipart form, read in memory
// (never stored as evidence), checked as a dry run, every problem shown by row and column, then applied.

let api: ApiOnly;

beforeAll(async () => {
  api = await startApiOnly({ jwtSecret: 'portal-imports-jwt-secret-1234', portal: { secret: 'portal-imports-secret-12345678', publicUrl: 'http://127.0.0.1' } });
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

    const bad = await hana.postMultipart('/hr/imports', { kind: 'PEOPLE', dryRun: 'true', file: csv('Email;Name;Start Date\nnew.person@example.com;New Person;2026-13-01\n') });
    expect(bad.status).toBe(422);
    const badHtml = decodeEntities(await bad.text());
    expect(badHtml).toContain('Rejected: nothing was applied.');
    expect(badHtml).toMatch(/<td>2<\/td><td>Start Date<\/td>/);

    const good = csv('Email;Name;Start Date\nnew.person@example.com;New Person;2026-01-12\n');
    const dry = await hana.postMultipart('/hr/imports', { kind: 'PEOPLE', dryRun: 'true', file: good });
    expect(dry.status).toBe(200);
    expect(decodeEntities(await dry.text())).toContain('Dry run: the file is fine and nothing was changed.');
    expect(await api.db.prisma.person.count({ where: { email: 'new.person@example.com' } })).toBe(0);

    const applied = await hana.postMultipart('/hr/imports', { kind: 'PEOPLE', file: good });
    expect(decodeEntities(await applied.text())).toContain('Applied.');
    expect(await api.db.prisma.person.findFirst({ where: { email: 'new.person@example.com' }, select: { source: true } })).toEqual({ source: 'csv' });
    // Nothing was stored as an upload.
    expect(await api.db.prisma.uploadedFile.count()).toBe(0);
    expect((await hana.page('/hr/imports')).html).toContain('hris-export.csv');
  });

  it('is for HR and admins only', async () => {
    const alex = await signIn(api.baseUrl, 'alex');
    expect((await alex.page('/hr/imports')).status).toBe(403);
    const refused = await alex.postMultipart('/hr/imports', { kind: 'PEOPLE', file: csv('Email,Name\nx@example.com,X\n') }, { csrfFrom: '/' });
    expect(refused.status).toBe(403);
    expect(await api.db.prisma.person.count({ where: { email: 'x@example.com' } })).toBe(0);
  });
});
