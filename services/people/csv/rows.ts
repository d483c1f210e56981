import { type CertificationRow, type ColumnMapping, type CourseRow, type CsvProblem, DEMOGRAPHIC_FIELDS, type Demographics, FIELDS, type ImportKind, MAX_PROBLEMS, norm, type PersonRow } from './mapping.js';
import { decode, detectDelimiter, readRecords } from './records.js';
import { ACTIVE, bad, good, parseDate, parseEmail, type Parsed, UNDISCLOSED } from './cells.js';

// Turns an HRIS/LMS CSV export into typed rows, or precise problems, for `certiflow import`. Pure: no
// database, no I/O. The caller compares the rows with the database and applies them all-or-nothing,
// so a row with any problem is left out of `rows` and every problem found is reported at once.

export { DATE_FORMATS, MAX_PROBLEMS, parseMapping } from './mapping.js';
export type { CertificationRow, ColumnMapping, CourseRow, CsvProblem, DateFormat, Demographics, ImportKind, PersonRow } from './mapping.js';

// --- Columns --------------------------------------------------------------------------------------

interface Columns {
  /** Field → column index. */
  at: Record<string, number>;
  attributes: { name: string; index: number }[];
}

function findHeader(headers: string[], name: string): number {
  const exact = headers.indexOf(name);
  return exact >= 0 ? exact : headers.findIndex((h) => norm(h) === norm(name));
}

function resolveColumns(kind: ImportKind, headers: string[], mapping: ColumnMapping, problems: CsvProblem[]): Columns | null {
  const fields = FIELDS[kind];
  const at: Record<string, number> = {};
  const fromMapping = new Set<number>();
  const header = (field: string) => headers[at[field] ?? -1] ?? field;
  let complete = true;

  const seen = new Map<string, number>();
  headers.forEach((h, i) => {
    const first = seen.get(norm(h));
    if (norm(h) === '') return;
    if (first !== undefined) problems.push({ row: 1, column: h, message: `column "${h}" appears twice (columns ${first + 1} and ${i + 1}): rename or remove one` });
    else seen.set(norm(h), i);
  });

  for (const [name, field] of Object.entries(mapping.columns ?? {})) {
    if (!(field in fields)) continue; // a mapping shared by several kinds
    const index = findHeader(headers, name);
    if (index < 0) continue; // reported below if the field is required
    if (at[field] !== undefined) {
      problems.push({ row: 1, column: headers[index], message: `the mapping maps both "${header(field)}" and "${headers[index]}" to ${field}: keep one` });
      continue;
    }
    at[field] = index;
    fromMapping.add(index);
  }
  const mappedFields = new Set(Object.keys(at));
  headers.forEach((h, index) => {
    if (fromMapping.has(index)) return;
    const field = Object.keys(fields).find((f) => fields[f]?.includes(norm(h)) || norm(f) === norm(h));
    if (!field || mappedFields.has(field)) return;
    if (at[field] === undefined) at[field] = index;
    else if (at[field] !== index && seen.get(norm(h)) === index) {
      problems.push({ row: 1, column: h, message: `columns "${header(field)}" and "${h}" both look like ${field}: name the one to use in the mapping's columns` });
    }
  });

  const found = headers.filter((h) => h.trim() !== '').map((h) => `"${h}"`).join(', ') || 'none';
  const missing = (field: string, also = '') => {
    complete = false;
    problems.push({ row: 1, message: `missing required column ${field}${also} (a header such as ${(fields[field] ?? []).slice(0, 3).map((a) => `"${a}"`).join(', ')}, or map one in the mapping's columns); headers found: ${found}` });
  };
  if (at.email === undefined) missing('email');
  if (kind === 'people' && at.name === undefined && (at.givenName === undefined || at.familyName === undefined)) missing('name', ' (or both givenName and familyName)');
  if (kind === 'courses') for (const f of ['courseCode', 'completedAt']) if (at[f] === undefined) missing(f);
  if (kind === 'certifications') for (const f of ['code', 'issuedAt']) if (at[f] === undefined) missing(f);

  const attributes: Columns['attributes'] = [];
  if (kind === 'people') {
    for (const entry of mapping.attributes ?? []) {
      const { column, attribute } = typeof entry === 'string' ? { column: entry, attribute: entry } : entry;
      const index = findHeader(headers, column);
      if (index < 0) problems.push({ row: 1, message: `attribute column "${column}" listed in the mapping is not in the file; headers found: ${found}` });
      else attributes.push({ name: attribute, index });
    }
    const demographic = DEMOGRAPHIC_FIELDS.filter((f) => at[f] !== undefined);
    if (demographic.length > 0 && !mapping.demographicsSource) {
      problems.push({
        row: 1,
        message: `demographic columns (${demographic.map(header).join(', ')}) need \`demographicsSource\` in the mapping: demographics are imported only with a recorded source`,
      });
      for (const f of demographic) delete at[f];
    }
  }
  return complete ? { at, attributes } : null;
}

// --- Rows ---------------------------------------------------------------------------------------------

class RowReader {
  failed = false;
  constructor(
    readonly row: number,
    private readonly fields: string[],
    private readonly headers: string[],
    private readonly at: Record<string, number>,
    private readonly problems: CsvProblem[],
  ) {}
  /** Trimmed cell by column index (attribute columns). */
  column(index: number): string {
    return (this.fields[index] ?? '').trim();
  }
  has(field: string) {
    return this.at[field] !== undefined;
  }
  /** Trimmed cell; undefined when the column is absent. */
  cell(field: string): string | undefined {
    const index = this.at[field];
    return index === undefined ? undefined : (this.fields[index] ?? '').trim();
  }
  /** Non-empty trimmed cell, else undefined. */
  value(field: string): string | undefined {
    return this.cell(field) || undefined;
  }
  problem(field: string, message: string) {
    this.failed = true;
    this.problems.push({ row: this.row, column: this.headers[this.at[field] ?? -1] ?? field, message });
  }
  /** Parses a non-empty cell; records a problem and returns undefined when it does not parse. */
  parsed<T>(field: string, parser: (raw: string) => Parsed<T>): T | undefined {
    const raw = this.value(field);
    if (raw === undefined) return undefined;
    const result = parser(raw);
    if (result.ok) return result.value;
    this.problem(field, result.message);
    return undefined;
  }
  required(field: string, what: string): string | undefined {
    const raw = this.value(field);
    if (raw === undefined) this.problem(field, `${what} is empty`);
    return raw;
  }
}

const compact = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

function duplicate(seen: Map<string, number>, key: string | undefined, r: RowReader, field: string, what: string) {
  if (key === undefined) return;
  const first = seen.get(key);
  if (first === undefined) seen.set(key, r.row);
  else r.problem(field, `duplicate of row ${first}: ${what} appears twice`);
}

type Builder = (r: RowReader) => object | undefined;

function peopleBuilder(mapping: ColumnMapping, attributes: Columns['attributes']): Builder {
  const emails = new Map<string, number>();
  const externalIds = new Map<string, number>();
  return (r) => {
    const email = r.parsed('email', parseEmail);
    if (r.value('email') === undefined) r.problem('email', 'email is empty');
    duplicate(emails, email, r, 'email', email ?? '');
    const externalId = r.value('externalId');
    duplicate(externalIds, externalId, r, 'externalId', `external id ${externalId}`);
    const givenName = r.value('givenName');
    const familyName = r.value('familyName');
    const name = r.value('name') ?? ([givenName, familyName].filter(Boolean).join(' ') || undefined);
    if (name === undefined) r.problem(r.has('name') ? 'name' : 'givenName', 'name is empty: give a name, or a first and a last name');
    let managerEmail: string | null | undefined;
    if (r.has('managerEmail')) managerEmail = r.value('managerEmail') === undefined ? null : r.parsed('managerEmail', parseEmail);
    if (managerEmail && managerEmail === email) r.problem('managerEmail', 'a person cannot be their own manager');
    const roleLevel = r.parsed('roleLevel', (raw) => (/^\d+$/.test(raw) && Number(raw) > 0 ? good(Number(raw)) : bad(`role level "${raw}" is not a positive whole number (1, 2, 3 …)`)));
    const active = r.parsed('active', (raw) => {
      const known = ACTIVE[raw.toLowerCase()];
      return known === undefined ? bad(`status "${raw}" is not known: expected active, inactive, terminated, true, false, yes or no`) : good(known);
    });
    const hiredAt = r.parsed('hiredAt', (raw) => parseDate(raw, mapping.dateFormat, false));
    let demographics: Demographics | undefined;
    const kept = DEMOGRAPHIC_FIELDS.filter((f) => r.has(f));
    if (kept.length > 0) {
      demographics = Object.fromEntries(kept.map((f) => {
        const raw = r.cell(f) ?? '';
        return [f, UNDISCLOSED.has(raw.toLowerCase()) ? null : raw];
      }));
    }
    const attrs = Object.fromEntries(attributes.flatMap(({ name: key, index }) => {
      const raw = r.column(index);
      return raw ? [[key, raw]] : [];
    }));
    if (r.failed || email === undefined || name === undefined) return undefined;
    return compact<PersonRow>({
      row: r.row, email, name, externalId, employeeNumber: r.value('employeeNumber'), givenName, familyName,
      department: r.value('department'), title: r.value('title'), managerEmail, hiredAt, roleLevel, active,
      attributes: attributes.length > 0 ? attrs : undefined, demographics,
    });
  };
}

function coursesBuilder(mapping: ColumnMapping): Builder {
  const seen = new Map<string, number>();
  return (r) => {
    const email = r.parsed('email', parseEmail);
    if (r.value('email') === undefined) r.problem('email', 'email is empty');
    const courseCode = r.required('courseCode', 'course code');
    const completedAt = r.parsed('completedAt', (raw) => parseDate(raw, mapping.dateFormat, true));
    if (r.value('completedAt') === undefined) r.problem('completedAt', 'completion date is empty');
    if (email && courseCode) duplicate(seen, `${email}\u0000${courseCode}`, r, 'courseCode', `${email} with course ${courseCode}`);
    if (r.failed || !email || !courseCode || !completedAt) return undefined;
    return { row: r.row, email, courseCode, completedAt } satisfies CourseRow;
  };
}

function certificationsBuilder(mapping: ColumnMapping): Builder {
  const seen = new Map<string, number>();
  return (r) => {
    const email = r.parsed('email', parseEmail);
    if (r.value('email') === undefined) r.problem('email', 'email is empty');
    const code = r.required('code', 'certification code');
    const issuedAt = r.parsed('issuedAt', (raw) => parseDate(raw, mapping.dateFormat, true));
    if (r.value('issuedAt') === undefined) r.problem('issuedAt', 'issue date is empty');
    const expiresAt = r.parsed('expiresAt', (raw) => parseDate(raw, mapping.dateFormat, true)) ?? null;
    if (issuedAt && expiresAt && Date.parse(expiresAt) < Date.parse(issuedAt)) r.problem('expiresAt', `expires ${expiresAt}, before it was issued (${issuedAt})`);
    if (email && code) duplicate(seen, `${email}\u0000${code}`, r, 'code', `${email} with certification ${code}`);
    if (r.failed || !email || !code || !issuedAt) return undefined;
    return { row: r.row, email, code, issuedAt, expiresAt } satisfies CertificationRow;
  };
}

/** Problems in file order, at most MAX_PROBLEMS of them and then one saying how many more there are. */
function capped(problems: CsvProblem[]): CsvProblem[] {
  const sorted = problems.map((p, i) => [p, i] as const).sort(([a, i], [b, j]) => a.row - b.row || i - j).map(([p]) => p);
  if (sorted.length <= MAX_PROBLEMS) return sorted;
  const more = sorted.length - MAX_PROBLEMS;
  return [...sorted.slice(0, MAX_PROBLEMS), { row: sorted[MAX_PROBLEMS]?.row ?? 0, message: `${more} more problem${more === 1 ? '' : 's'} not listed (only the first ${MAX_PROBLEMS} are)` }];
}

export interface CsvRows<T> {
  /** Rows without problems; the import should apply nothing while `problems` is not empty. */
  rows: T[];
  problems: CsvProblem[];
  /** The file's headers, as written. */
  columns: string[];
  /** Which header each field was read from, so later checks (against the database) can name the column. */
  headerOf: Record<string, string>;
}

export function readCsvRows(kind: 'people', text: string | Buffer, mapping?: ColumnMapping): CsvRows<PersonRow>;
export function readCsvRows(kind: 'courses', text: string | Buffer, mapping?: ColumnMapping): CsvRows<CourseRow>;
export function readCsvRows(kind: 'certifications', text: string | Buffer, mapping?: ColumnMapping): CsvRows<CertificationRow>;
export function readCsvRows(kind: ImportKind, text: string | Buffer, mapping: ColumnMapping = {}): CsvRows<PersonRow | CourseRow | CertificationRow> {
  const problems: CsvProblem[] = [];
  const content = decode(text, problems);
  const records = readRecords(content, mapping.delimiter ?? detectDelimiter(content), problems);
  const [head, ...body] = records;
  if (!head) {
    problems.push({ row: 1, message: 'the file is empty: expected a header line and one row per record' });
    return { rows: [], problems: capped(problems), columns: [], headerOf: {} };
  }
  const headers = head.fields.map((h) => h.trim());
  const columns = resolveColumns(kind, headers, mapping, problems);
  if (!columns) return { rows: [], problems: capped(problems), columns: headers, headerOf: {} };
  const headerOf = Object.fromEntries(Object.entries(columns.at).map(([field, index]) => [field, headers[index] ?? field]));
  const build = kind === 'people' ? peopleBuilder(mapping, columns.attributes) : kind === 'courses' ? coursesBuilder(mapping) : certificationsBuilder(mapping);
  const rows: (PersonRow | CourseRow | CertificationRow)[] = [];
  for (const record of body) {
    if (record.fields.every((field) => field.trim() === '')) continue; // ",,," lines some exports end with
    if (record.fields.length !== headers.length) {
      problems.push({ row: record.line, message: `this row has ${record.fields.length} fields but the header has ${headers.length}: check for an unquoted delimiter or a missing value` });
      continue;
    }
    const row = build(new RowReader(record.line, record.fields, headers, columns.at, problems));
    if (row) rows.push(row as PersonRow | CourseRow | CertificationRow);
  }
  return { rows, problems: capped(problems), columns: headers, headerOf };
}
