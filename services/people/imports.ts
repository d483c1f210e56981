import { createHash, randomUUID } from 'node:crypto';
import { ErrorCode } from '../../domain/errors.js';
import { Role } from '../../domain/viewer.js';
import type { Person, Prisma, PrismaClient } from '../../prisma/client.js';
import { checkDeclaration } from './demographics.js';
import { type CertificationRow, type CourseRow, type CsvProblem, type CsvRows, type Demographics, type ImportKind, type PersonRow, parseMapping, readCsvRows } from './csv/rows.js';
import { type Actor, type PeopleDirectory, type PersonInput, recordPersonAudit } from './directory.js';

// CSV imports from an HRIS or LMS export: people, course completions, outside certifications. The
// file is read by csv/rows.ts, then checked against the database and applied in one transaction:
// every problem (file or database) is reported with its row and column and nothing is applied, or
// everything is. A dry run does all of it and rolls back. Importing the same file again changes nothing.

export const IMPORT_KINDS: readonly ImportKind[] = ['people', 'courses', 'certifications'];

export interface ImportRequest {
  kind: ImportKind;
  content: Buffer | string;
  fileName: string;
  /** The mapping file's JSON text (columns, dateFormat, delimiter, demographicsSource, attributes). */
  mapping?: string;
  dryRun: boolean;
  actor: Actor;
}

export interface ImportSummary {
  runId: string;
  kind: ImportKind;
  fileName: string;
  dryRun: boolean;
  /** True when the changes were written (not a dry run, no problems). */
  applied: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Rows with at least one problem; when any, nothing was applied. */
  rejected: number;
  problems: CsvProblem[];
}

type Counts = Pick<ImportSummary, 'created' | 'updated' | 'unchanged'>;

/** Thrown inside the transaction to undo it: a dry run, or problems found while applying. */
class Rollback extends Error {
  constructor(readonly counts: Counts, readonly problems: CsvProblem[]) {
    super('rolled back');
  }
}

const day = (date: string) => new Date(date.length === 10 ? `${date}T00:00:00Z` : date);
const sameInstant = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

/** Roles whose holders decide what others see: their identity and status are changed by an admin only. */
const PRIVILEGED: readonly string[] = [Role.Admin, Role.Hr, Role.ProgramOwner];

/**
 * Which of a privileged person's identifying fields (or status) a row would change. Sign-in finds a
 * person by email: an HR import re-pointing an admin's email (or freeing one address and taking it
 * with the next row) would hand over the admin's account.
 */
function privilegedChange(person: Person, row: PersonRow): 'email' | 'externalId' | 'employeeNumber' | 'active' | null {
  if (!person.roles.some((r) => PRIVILEGED.includes(r))) return null;
  if (row.email !== person.email) return 'email';
  if (row.externalId !== undefined && row.externalId !== person.externalId) return 'externalId';
  if (row.employeeNumber !== undefined && row.employeeNumber !== person.employeeNumber) return 'employeeNumber';
  if (row.active !== undefined && row.active === !!person.leftAt) return 'active';
  return null;
}

/** Managers before their reports (within the file); a loop of managers is a problem on each row in it. */
function managersFirst(rows: PersonRow[], problems: CsvProblem[], headerOf: Record<string, string>): PersonRow[] {
  const byEmail = new Map(rows.map((r) => [r.email, r]));
  const ordered: PersonRow[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (row: PersonRow, trail: PersonRow[]) => {
    if (state.get(row.email) === 'done') return;
    if (state.get(row.email) === 'visiting') {
      for (const member of trail.slice(trail.indexOf(row))) {
        problems.push({ row: member.row, column: headerOf.managerEmail, message: `managers form a loop: ${trail.slice(trail.indexOf(row)).map((r) => r.email).join(' → ')} → ${row.email}` });
      }
      return;
    }
    state.set(row.email, 'visiting');
    const manager = row.managerEmail ? byEmail.get(row.managerEmail) : undefined;
    if (manager) visit(manager, [...trail, row]);
    state.set(row.email, 'done');
    ordered.push(row);
  };
  for (const row of rows) visit(row, []);
  return ordered;
}

export function createImportService({ prisma, directory }: { prisma: PrismaClient; directory: PeopleDirectory }) {
  async function importPeople(tx: Prisma.TransactionClient, rows: PersonRow[], headerOf: Record<string, string>, request: ImportRequest, demographicsSource: string | undefined): Promise<Counts & { problems: CsvProblem[] }> {
    const problems: CsvProblem[] = [];
    const counts: Counts = { created: 0, updated: 0, unchanged: 0 };
    const declared = new Set((await tx.personAttribute.findMany({ where: { source: 'csv' }, select: { name: true } })).map((a) => a.name));
    const people = await tx.person.findMany({ where: { deletedAt: null } });
    const index = (field: 'email' | 'externalId' | 'employeeNumber') => new Map(people.flatMap((p) => (p[field] ? [[p[field]!, p] as const] : [])));
    const byField = { email: index('email'), externalId: index('externalId'), employeeNumber: index('employeeNumber') };
    const find = (field: keyof typeof byField, value: string | undefined) => (value ? byField[field].get(value) : undefined);
    const importer = await tx.person.findUnique({ where: { id: request.actor.id }, select: { roles: true } });
    const importerIsAdmin = importer?.roles.includes(Role.Admin) ?? false;
    // Every row's person id, known before anything is written, so a report can name a manager further down the file.
    const idOf = new Map<string, string>();
    const matched = new Map<string, Person | undefined>();
    for (const row of rows) {
      const person = find('externalId', row.externalId) ?? find('email', row.email) ?? find('employeeNumber', row.employeeNumber);
      matched.set(row.email, person);
      idOf.set(row.email, person?.id ?? randomUUID());
    }
    for (const row of managersFirst(rows, problems, headerOf)) {
      const cell = (field: string) => headerOf[field] ?? field;
      const undeclared = Object.keys(row.attributes ?? {}).find((name) => !declared.has(name));
      if (undeclared) {
        problems.push({ row: row.row, column: undeclared, message: `"${undeclared}" is not a declared person attribute with source csv: declare it first (docs/people.md)` });
        continue;
      }
      let managerId: string | null | undefined;
      if (row.managerEmail === null) managerId = null;
      else if (row.managerEmail !== undefined) {
        managerId = idOf.get(row.managerEmail) ?? find('email', row.managerEmail)?.id;
        if (!managerId) {
          problems.push({ row: row.row, column: cell('managerEmail'), message: `no person with the email ${row.managerEmail} in this file or in Certiflow` });
          continue;
        }
      }
      const existing = matched.get(row.email);
      const guarded = existing && !importerIsAdmin ? privilegedChange(existing, row) : null;
      if (guarded) {
        problems.push({ row: row.row, column: cell(guarded), message: `${existing!.name} holds the ${existing!.roles.filter((r) => PRIVILEGED.includes(r)).join(', ')} role: only an admin's import may change their ${guarded === 'active' ? 'status' : guarded}` });
        continue;
      }
      const input: PersonInput = {
        email: row.email,
        name: row.name,
        ...(row.givenName !== undefined ? { givenName: row.givenName } : {}),
        ...(row.familyName !== undefined ? { familyName: row.familyName } : {}),
        ...(row.externalId !== undefined ? { externalId: row.externalId } : {}),
        ...(row.employeeNumber !== undefined ? { employeeNumber: row.employeeNumber } : {}),
        ...(row.department !== undefined ? { department: row.department } : {}),
        ...(row.title !== undefined ? { title: row.title } : {}),
        ...(managerId !== undefined ? { managerId } : {}),
        ...(row.hiredAt !== undefined ? { hiredAt: day(row.hiredAt) } : {}),
        ...(row.roleLevel !== undefined ? { roleLevel: row.roleLevel } : {}),
        ...(row.active !== undefined ? { active: row.active } : {}),
        ...(row.attributes ? { attributes: { ...((existing?.attributes as Record<string, unknown>) ?? {}), ...row.attributes } } : {}),
      };
      const options = { tx, quiet: request.dryRun };
      const result = existing
        ? await directory.update(existing.id, input, request.actor, options)
        : await directory.create({ ...input, email: row.email, name: row.name }, request.actor, { ...options, id: idOf.get(row.email)! });
      if (!result.ok) {
        const { path, message } = result.error;
        problems.push({ row: row.row, ...(path ? { column: cell(path) } : {}), message: result.error.code === ErrorCode.NotFound ? `${message} (was it deleted?)` : message });
        continue;
      }
      if (!existing) counts.created++;
      else if ('changes' in result.value && Object.keys(result.value.changes).length) counts.updated++;
      else counts.unchanged++;
      if (row.demographics && demographicsSource) {
        const problem = await importDemographics(tx, idOf.get(row.email)!, row.demographics, demographicsSource, request.actor);
        if (problem) problems.push({ row: row.row, column: cell(problem.attribute), message: problem.message });
      }
    }
    return { ...counts, problems };
  }

  /**
   * Demographics from an HR export with a recorded consent source. What a person declared themselves
   * (or withdrew) wins: an import never overwrites it. Answers are checked like the person's own.
   */
  async function importDemographics(tx: Prisma.TransactionClient, personId: string, answers: Demographics, source: string, actor: Actor): Promise<{ attribute: string; message: string } | null> {
    const checked = checkDeclaration(answers);
    if (!checked.ok) return { attribute: checked.error.path ?? 'gender', message: checked.error.message };
    const current = await tx.personDemographics.findUnique({ where: { personId }, select: { source: true } });
    if (current?.source === 'self') return null;
    const withdrawn = await tx.personAudit.findFirst({ where: { personId, action: 'demographics_withdrawn' }, select: { id: true } });
    if (withdrawn) return null;
    const data = { ...checked.value, source: `import:${source}`, recordedAt: new Date() };
    await tx.personDemographics.upsert({ where: { personId }, create: { personId, ...data }, update: data });
    await recordPersonAudit(tx, { personId, actor, action: 'demographics_imported', changes: { source: `import:${source}` } });
    return null;
  }

  /** The person a learning record names, by email, among people who are still in the directory. */
  async function personIds(tx: Prisma.TransactionClient, emails: string[]) {
    const people = await tx.person.findMany({ where: { email: { in: [...new Set(emails)] }, deletedAt: null }, select: { id: true, email: true, version: true } });
    return new Map(people.map((p) => [p.email, p]));
  }

  const learningAudit = (tx: Prisma.TransactionClient, person: { id: string; version: number }, actor: Actor, action: string, changes: object) =>
    recordPersonAudit(tx, { personId: person.id, version: person.version, actor, action, changes });

  type Outcome = keyof Counts;

  /** Learning records name their person by email; each row's `record` says what it did. */
  async function eachPersonRow<R extends { row: number; email: string }>(
    tx: Prisma.TransactionClient,
    rows: R[],
    headerOf: Record<string, string>,
    record: (row: R, person: { id: string; version: number }) => Promise<Outcome>,
  ): Promise<Counts & { problems: CsvProblem[] }> {
    const problems: CsvProblem[] = [];
    const counts: Counts = { created: 0, updated: 0, unchanged: 0 };
    const people = await personIds(tx, rows.map((r) => r.email));
    for (const row of rows) {
      const person = people.get(row.email);
      if (person) counts[await record(row, person)]++;
      else problems.push({ row: row.row, column: headerOf.email, message: `no person with the email ${row.email} in Certiflow: import people first` });
    }
    return { ...counts, problems };
  }

  function importCourses(tx: Prisma.TransactionClient, rows: CourseRow[], headerOf: Record<string, string>, actor: Actor) {
    return eachPersonRow(tx, rows, headerOf, async (row, person): Promise<Outcome> => {
      const completedAt = day(row.completedAt);
      const existing = await tx.courseCompletion.findUnique({ where: { personId_courseCode: { personId: person.id, courseCode: row.courseCode } } });
      if (existing && sameInstant(existing.completedAt, completedAt)) return 'unchanged';
      if (existing) await tx.courseCompletion.update({ where: { id: existing.id }, data: { completedAt, source: 'csv', statementId: null } });
      else await tx.courseCompletion.create({ data: { id: randomUUID(), personId: person.id, courseCode: row.courseCode, completedAt, source: 'csv' } });
      await learningAudit(tx, person, actor, 'course_completion', { [row.courseCode]: { from: existing?.completedAt.toISOString() ?? null, to: completedAt.toISOString() } });
      return existing ? 'updated' : 'created';
    });
  }

  function importCertifications(tx: Prisma.TransactionClient, rows: CertificationRow[], headerOf: Record<string, string>, actor: Actor) {
    return eachPersonRow(tx, rows, headerOf, async (row, person): Promise<Outcome> => {
      const issuedAt = day(row.issuedAt);
      const expiresAt = row.expiresAt ? day(row.expiresAt) : null;
      const existing = await tx.heldCertification.findUnique({ where: { personId_code: { personId: person.id, code: row.code } } });
      if (existing && sameInstant(existing.issuedAt, issuedAt) && sameInstant(existing.expiresAt, expiresAt)) return 'unchanged';
      if (existing) await tx.heldCertification.update({ where: { id: existing.id }, data: { issuedAt, expiresAt, source: 'csv' } });
      else await tx.heldCertification.create({ data: { id: randomUUID(), personId: person.id, code: row.code, issuedAt, expiresAt, source: 'csv' } });
      const held = (at: Date, until: Date | null) => ({ issuedAt: at.toISOString(), expiresAt: until?.toISOString() ?? null });
      await learningAudit(tx, person, actor, 'certification', { [row.code]: { from: existing ? held(existing.issuedAt, existing.expiresAt) : null, to: held(issuedAt, expiresAt) } });
      return existing ? 'updated' : 'created';
    });
  }

  return {
    async run(request: ImportRequest): Promise<ImportSummary> {
      const none: Counts = { created: 0, updated: 0, unchanged: 0 };
      const mapping = request.mapping ? parseMapping(request.mapping) : { ok: true as const, value: {} };
      let outcome: Counts & { problems: CsvProblem[]; rows: number; applied: boolean };
      if (!mapping.ok) outcome = { ...none, problems: mapping.problems, rows: 0, applied: false };
      else {
        const read: CsvRows<PersonRow | CourseRow | CertificationRow> = readCsvRows(request.kind as 'people', request.content, mapping.value);
        const rows = read.rows.length + new Set(read.problems.filter((p) => p.row > 1).map((p) => p.row)).size;
        if (read.problems.length) outcome = { ...none, problems: read.problems, rows, applied: false };
        else {
          try {
            const counts = await prisma.$transaction(
              async (tx) => {
                const result =
                  request.kind === 'people'
                    ? await importPeople(tx, read.rows as PersonRow[], read.headerOf, request, mapping.value.demographicsSource)
                    : request.kind === 'courses'
                      ? await importCourses(tx, read.rows as CourseRow[], read.headerOf, request.actor)
                      : await importCertifications(tx, read.rows as CertificationRow[], read.headerOf, request.actor);
                const { problems, ...counts } = result;
                if (problems.length || request.dryRun) throw new Rollback(counts, problems.sort((a, b) => a.row - b.row));
                return counts;
              },
              // A file of thousands of rows is one transaction; its effects (leavers, new managers) start inside it.
              { timeout: 10 * 60_000, maxWait: 30_000 },
            );
            outcome = { ...counts, problems: [], rows, applied: true };
          } catch (error) {
            if (!(error instanceof Rollback)) throw error;
            outcome = error.problems.length ? { ...none, problems: error.problems, rows, applied: false } : { ...error.counts, problems: [], rows, applied: false };
          }
        }
      }
      const rejected = new Set(outcome.problems.map((p) => p.row)).size;
      const summary = { created: outcome.created, updated: outcome.updated, unchanged: outcome.unchanged, rejected, problems: outcome.problems.length };
      const run = await prisma.importRun.create({
        data: {
          kind: request.kind,
          fileName: request.fileName,
          sha256: createHash('sha256').update(request.content).digest('hex'),
          dryRun: request.dryRun,
          actor: request.actor.id,
          summary,
        },
      });
      return { runId: run.id, kind: request.kind, fileName: request.fileName, dryRun: request.dryRun, applied: outcome.applied, rows: outcome.rows, ...summary, problems: outcome.problems };
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;
