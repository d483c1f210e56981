import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../demo/seed.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { candidateFacts } from '../../rules/facts.js';
import { toCandidateRecord, candidateRecordSelect } from '../../services/candidate-records.js';
import { createPeopleDirectory } from '../../services/people/directory.js';
import { createImportService, type ImportRequest } from '../../services/people/imports.js';

// CSV imports against a real (embedded) database: all or nothing, idempotent, every problem with its
// row and column, and the defects of real HRIS and LMS exports handled or refused by name.

let db: Database;
let imports: ReturnType<typeof createImportService>;
const hana = { id: 'hana', source: 'csv' as const };

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, '2026-11-25T09:00:00.000Z');
  imports = createImportService({ prisma: db.prisma, directory: createPeopleDirectory({ prisma: db.prisma }) });
}, 60_000);

afterAll(async () => {
  await db?.close();
});

const run = (kind: ImportRequest['kind'], content: string, extra: Partial<ImportRequest> = {}) =>
  imports.run({ kind, content, fileName: `${kind}.csv`, dryRun: false, actor: hana, ...extra });

// An HRIS export as Excel saves it in much of Europe: BOM, semicolons, a quoted newline, day-first dates.
const HRIS = [
  '\uFEFFEmployee ID;Full Name;Work Email;Manager Email;Department;Job Title;Start Date;Job Level;Status',
  'E-100;Lena Vogel;lena.vogel@example.com;;Engineering;"Head of\nPlatform";01/02/2019;6;Active',
  'E-101;Piet de Vries;piet.devries@example.com;lena.vogel@example.com;Engineering;Platform Engineer;15/09/2023;3;Active',
  'E-102;Ana Costa;ana.costa@example.com;piet.devries@example.com;Engineering;Graduate Engineer;03/03/2025;;Active',
  '',
].join('\r\n');
const DAY_FIRST = JSON.stringify({ dateFormat: 'DD/MM/YYYY' });

describe('people', () => {
  it('creates people with managers named further down the file, then re-importing changes nothing', async () => {
    const dry = await run('people', HRIS, { mapping: DAY_FIRST, dryRun: true });
    expect(dry).toMatchObject({ applied: false, dryRun: true, created: 3, rejected: 0, problems: [] });
    expect(await db.prisma.person.count({ where: { email: 'lena.vogel@example.com' } })).toBe(0);

    const first = await run('people', HRIS, { mapping: DAY_FIRST });
    expect(first).toMatchObject({ applied: true, rows: 3, created: 3, updated: 0, unchanged: 0, rejected: 0 });
    const piet = await db.prisma.person.findFirstOrThrow({ where: { email: 'piet.devries@example.com' }, include: { manager: true } });
    expect(piet).toMatchObject({ employeeNumber: 'E-101', department: 'Engineering', roleLevel: 3, source: 'csv', roles: ['candidate'] });
    expect(piet.manager?.email).toBe('lena.vogel@example.com');
    expect(piet.hiredAt?.toISOString()).toBe('2023-09-15T00:00:00.000Z');
    const lena = await db.prisma.person.findFirstOrThrow({ where: { email: 'lena.vogel@example.com' } });
    expect(lena.title).toBe('Head of\nPlatform');
    // roleLevel reaches the rules: HR data supplies it now.
    const record = await db.prisma.person.findUniqueOrThrow({ where: { id: piet.id }, select: candidateRecordSelect });
    expect(candidateFacts(toCandidateRecord(record), '2026-11-25T09:00:00Z')).toMatchObject({ roleLevel: 3, tenureMonths: 38 });

    const again = await run('people', HRIS, { mapping: DAY_FIRST });
    expect(again).toMatchObject({ applied: true, created: 0, updated: 0, unchanged: 3 });
    expect(await db.prisma.personAudit.count({ where: { personId: piet.id } })).toBe(1);
  });

  it('updates what changed, keeps a version and an audit row per change, and records a leaver', async () => {
    const moved = HRIS.replace('Piet de Vries;piet.devries@example.com;lena.vogel@example.com;Engineering', 'Piet de Vries;piet.devries@example.com;lena.vogel@example.com;Security').replace(
      'Ana Costa;ana.costa@example.com;piet.devries@example.com;Engineering;Graduate Engineer;03/03/2025;;Active',
      'Ana Costa;ana.costa@example.com;piet.devries@example.com;Engineering;Graduate Engineer;03/03/2025;;Terminated',
    );
    expect(await run('people', moved, { mapping: DAY_FIRST })).toMatchObject({ applied: true, updated: 2, unchanged: 1 });
    const piet = await db.prisma.person.findFirstOrThrow({ where: { email: 'piet.devries@example.com' } });
    const audit = await db.prisma.personAudit.findMany({ where: { personId: piet.id }, orderBy: { version: 'asc' } });
    expect(audit.map((a) => [a.version, a.action, a.source, a.actor])).toEqual([
      [1, 'created', 'csv', 'hana'],
      [2, 'updated', 'csv', 'hana'],
    ]);
    expect(audit[1]!.changes).toEqual({ department: { from: 'Engineering', to: 'Security' } });
    expect((await db.prisma.person.findFirstOrThrow({ where: { email: 'ana.costa@example.com' } })).leftAt).not.toBeNull();
  });

  it('applies nothing when one row fails against the database, and names every problem by row and column', async () => {
    const before = await db.prisma.person.count();
    const audits = await db.prisma.personAudit.count();
    const file = [
      'Email,Name,Manager Email,Hire Date',
      'new.one@example.com,New One,,2024-01-10',
      'new.two@example.com,New Two,nobody@example.com,2024-01-10',
      'new.three@example.com,New Three,new.one@example.com,2024-01-10',
    ].join('\n');
    const result = await run('people', file);
    expect(result).toMatchObject({ applied: false, created: 0, rejected: 1 });
    expect(result.problems).toEqual([{ row: 3, column: 'Manager Email', message: 'no person with the email nobody@example.com in this file or in Certiflow' }]);
    expect(await db.prisma.person.count()).toBe(before);
    expect(await db.prisma.personAudit.count()).toBe(audits);
  });

  it('refuses duplicate emails, an ambiguous date and demographics without a recorded source', async () => {
    const duplicate = await run('people', 'Email,Name\na@example.com,A\nb@example.com,B\nA@example.com,A again\n');
    expect(duplicate.problems).toEqual([expect.objectContaining({ row: 4, column: 'Email', message: expect.stringContaining('row 2') })]);
    const ambiguous = await run('people', 'Email,Name,Hire Date\na@example.com,A,03/04/2025\n');
    expect(ambiguous.problems[0]).toMatchObject({ row: 2, column: 'Hire Date', message: expect.stringContaining('ambiguous') });
    const demographics = await run('people', 'Email,Name,Gender\na@example.com,A,woman\n');
    expect(demographics.problems[0]).toMatchObject({ row: 1, message: expect.stringContaining('demographicsSource') });
    expect(await db.prisma.person.count({ where: { email: 'a@example.com' } })).toBe(0);
  });

  it('records demographics with the source the mapping names', async () => {
    const result = await run('people', 'Email,Name,Gender,Age Band\nlena.vogel@example.com,Lena Vogel,woman,prefer not to say\n', {
      mapping: JSON.stringify({ demographicsSource: 'HRIS consent form 2026' }),
    });
    expect(result).toMatchObject({ applied: true, unchanged: 1 });
    const lena = await db.prisma.person.findFirstOrThrow({ where: { email: 'lena.vogel@example.com' }, include: { demographics: true } });
    expect(lena.demographics).toMatchObject({ gender: 'woman', ageBand: null, source: 'import:HRIS consent form 2026' });
  });
});

describe('privileged people', () => {
  it('an HR import cannot re-point an admin\'s email or status, not even by freeing an address first', async () => {
    const direct = await run('people', 'Email,Name,Employee ID\nhr.takeover@example.com,Ari Stone,\n'.replace('hr.takeover@example.com,Ari Stone,', 'ari@example.com,Ari Stone,'));
    expect(direct).toMatchObject({ applied: true, unchanged: 1 });
    await db.prisma.person.update({ where: { id: 'ari' }, data: { employeeNumber: 'E-ADMIN' } });
    await db.prisma.person.update({ where: { id: 'hana' }, data: { employeeNumber: 'E-HR' } });
    const swap = await run('people', 'Employee ID,Email,Name\nE-HR,hana.old@example.com,Hana Reyes\nE-ADMIN,hana@example.com,Ari Stone\n');
    expect(swap).toMatchObject({ applied: false });
    // Row 2 would free HR's own address, row 3 (matched to hana by that address) would take it: both refused.
    expect(swap.problems.map((p) => [p.row, p.column])).toEqual([
      [2, 'Email'],
      [3, 'Employee ID'],
    ]);
    expect(swap.problems[0]!.message).toContain('holds the hr role: only an admin\'s import may change their email');
    const leaving = await run('people', 'Employee ID,Email,Name,Status\nE-ADMIN,ari@example.com,Ari Stone,terminated\n');
    expect(leaving.problems[0]).toMatchObject({ row: 2, column: 'Status' });
    expect((await db.prisma.person.findUniqueOrThrow({ where: { id: 'ari' } })).leftAt).toBeNull();
    // An admin's import may.
    const byAdmin = await imports.run({ kind: 'people', content: 'Employee ID,Email,Name\nE-ADMIN,ari.stone@example.com,Ari Stone\n', fileName: 'x.csv', dryRun: true, actor: { id: 'theo', source: 'csv' } });
    expect(byAdmin).toMatchObject({ updated: 1, problems: [] });
  });
});

describe('courses and certifications', () => {
  it('records completions, re-importing changes nothing, and an unknown person rejects the file', async () => {
    const file = 'Email,Course Code,Completion Date\nsam@example.com,CLOUD-101,2026-10-01\nsam@example.com,SEC-101,2026-10-15T14:30:00Z\n';
    expect(await run('courses', file)).toMatchObject({ applied: true, created: 2 });
    expect(await run('courses', file)).toMatchObject({ applied: true, created: 0, unchanged: 2 });
    const completion = await db.prisma.courseCompletion.findFirstOrThrow({ where: { personId: 'sam', courseCode: 'SEC-101' } });
    expect(completion).toMatchObject({ source: 'csv' });
    expect(completion.completedAt.toISOString()).toBe('2026-10-15T14:30:00.000Z');
    const unknown = await run('courses', 'Email,Course Code,Completion Date\nsam@example.com,NET-101,2026-10-01\nghost@example.com,NET-101,2026-10-01\n');
    expect(unknown).toMatchObject({ applied: false, rejected: 1, problems: [{ row: 3, column: 'Email', message: expect.stringContaining('ghost@example.com') }] });
    expect(await db.prisma.courseCompletion.count({ where: { courseCode: 'NET-101' } })).toBe(0);
  });

  it('records outside certifications with and without expiry', async () => {
    const file = 'Email;Certification;Issue Date;Expiry Date\nsam@example.com;AZ-104;2026-01-10;2027-01-10\nalex@example.com;CKA;2025-06-01;\n';
    expect(await run('certifications', file)).toMatchObject({ applied: true, created: 2 });
    expect((await db.prisma.heldCertification.findFirstOrThrow({ where: { personId: 'alex', code: 'CKA' } })).expiresAt).toBeNull();
    const renewed = file.replace('2027-01-10', '2028-01-10');
    expect(await run('certifications', renewed)).toMatchObject({ applied: true, updated: 1, unchanged: 1 });
    const runs = await db.prisma.importRun.findMany({ where: { kind: 'certifications' }, orderBy: { at: 'asc' } });
    expect(runs.map((r) => r.summary)).toEqual([
      { created: 2, updated: 0, unchanged: 0, rejected: 0, problems: 0 },
      { created: 0, updated: 1, unchanged: 1, rejected: 0, problems: 0 },
    ]);
  });
});
