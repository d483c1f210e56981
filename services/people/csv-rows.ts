import { parse } from 'csv-parse/sync';
import { z } from 'zod';

// Turns an HRIS/LMS CSV export into typed rows, or precise problems, for `certiflow import`. Pure: no
// database, no I/O. The caller compares the rows with the database and applies them all-or-nothing,
// so a row with any problem is left out of `rows` and every problem found is reported at once.

export type ImportKind = 'people' | 'courses' | 'certifications';

export interface CsvProblem {
  /** 1-based line of the file where the record starts (header = 1); 0 for problems in the mapping file. */
  row: number;
  /** The file's own column header, when the problem is about a cell or a column. */
  column?: string;
  message: string;
}

export interface Demographics {
  gender?: string | null;
  ethnicity?: string | null;
  ageBand?: string | null;
  disability?: string | null;
}

export interface PersonRow {
  row: number;
  email: string;
  name: string;
  externalId?: string;
  employeeNumber?: string;
  givenName?: string;
  familyName?: string;
  department?: string;
  title?: string;
  /** null: the column is there and the cell is empty (no manager); absent: the file does not say. */
  managerEmail?: string | null;
  /** YYYY-MM-DD */
  hiredAt?: string;
  roleLevel?: number | null;
  active?: boolean;
  /** Only the columns listed in the mapping's `attributes`, with a value. */
  attributes?: Record<string, string>;
  /** Only with the mapping's `demographicsSource`; null = not disclosed. */
  demographics?: Demographics;
}

export interface CourseRow {
  row: number;
  email: string;
  courseCode: string;
  /** YYYY-MM-DD, or a full ISO timestamp in UTC when the file gives a time. */
  completedAt: string;
}

export interface CertificationRow {
  row: number;
  email: string;
  code: string;
  issuedAt: string;
  /** null: no expiry. */
  expiresAt: string | null;
}

export const DATE_FORMATS = ['YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD.MM.YYYY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export interface ColumnMapping {
  /** File header → field name; wins over the built-in aliases. Fields of other kinds are ignored. */
  columns?: Record<string, string>;
  dateFormat?: DateFormat;
  delimiter?: ',' | ';' | '\t';
  /** Where consent for the demographic columns was recorded; without it they are not imported. */
  demographicsSource?: string;
  /**
   * Extra columns kept as person attributes (people only): a header, kept under its own name, or
   * { column, attribute } to keep a column under a declared attribute's name.
   */
  attributes?: (string | { column: string; attribute: string })[];
}

export const MAX_PROBLEMS = 1000;

// --- Fields and the header names real exports use for them (compared normalised, see `norm`). -----

const EMAIL = ['email', 'workemail', 'emailaddress', 'workemailaddress', 'mail'];
const DEMOGRAPHIC_FIELDS = ['gender', 'ethnicity', 'ageBand', 'disability'] as const;

const FIELDS: Record<ImportKind, Record<string, string[]>> = {
  people: {
    email: EMAIL,
    name: ['name', 'fullname', 'displayname'],
    givenName: ['givenname', 'firstname', 'forename'],
    familyName: ['familyname', 'lastname', 'surname'],
    externalId: ['externalid', 'hrisid', 'workerid'],
    employeeNumber: ['employeenumber', 'employeeid', 'employeeno', 'staffnumber', 'staffid'],
    managerEmail: ['manageremail', 'managerworkemail', 'supervisoremail'],
    department: ['department', 'dept'],
    title: ['title', 'jobtitle', 'position'],
    hiredAt: ['hiredat', 'hiredate', 'startdate', 'dateofhire'],
    roleLevel: ['rolelevel', 'joblevel', 'grade', 'level'],
    active: ['active', 'status', 'employmentstatus'],
    gender: ['gender'],
    ethnicity: ['ethnicity'],
    ageBand: ['ageband', 'agerange', 'agegroup'],
    disability: ['disability'],
  },
  courses: {
    email: EMAIL,
    courseCode: ['coursecode', 'courseid', 'course'],
    completedAt: ['completedat', 'completed', 'completiondate', 'completedon', 'datecompleted'],
  },
  certifications: {
    email: EMAIL,
    code: ['code', 'certification', 'certificationcode', 'certificate'],
    issuedAt: ['issuedat', 'issued', 'issuedate', 'issuedon', 'dateissued'],
    expiresAt: ['expiresat', 'expires', 'expirydate', 'expirationdate', 'expiry', 'validuntil'],
  },
};

const ALL_FIELDS = [...new Set(Object.values(FIELDS).flatMap((fields) => Object.keys(fields)))] as [string, ...string[]];

/** Case, spaces, underscores and dashes do not matter in headers. */
const norm = (header: string) => header.toLowerCase().replace(/[\s_-]+/g, '');

// --- The mapping file ------------------------------------------------------------------------------

const mappingSchema = z.strictObject({
  columns: z.record(z.string().min(1), z.enum(ALL_FIELDS)).optional(),
  dateFormat: z.enum(DATE_FORMATS).optional(),
  delimiter: z.enum([',', ';', '\t']).optional(),
  demographicsSource: z.string().trim().min(1, 'must name where consent was recorded').optional(),
  attributes: z.array(z.union([z.string().trim().min(1), z.strictObject({ column: z.string().trim().min(1), attribute: z.string().trim().min(1) })])).optional(),
});

const jsonPath = (path: readonly PropertyKey[]) =>
  `$${path.map((key) => (typeof key === 'number' ? `[${key}]` : /^[A-Za-z_]\w*$/.test(String(key)) ? `.${String(key)}` : `[${JSON.stringify(String(key))}]`)).join('')}`;

/** Validates a mapping file; each problem's message starts with the JSON path it is about. */
export function parseMapping(json: string): { ok: true; value: ColumnMapping } | { ok: false; problems: CsvProblem[] } {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    return { ok: false, problems: [{ row: 0, message: `$: the mapping is not valid JSON (${(error as Error).message})` }] };
  }
  const parsed = mappingSchema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };
  const problems = parsed.error.issues.flatMap((issue): CsvProblem[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ row: 0, message: `${jsonPath([...issue.path, key])}: unknown setting (expected one of ${Object.keys(mappingSchema.shape).join(', ')})` }))
      : [{ row: 0, message: `${jsonPath(issue.path)}: ${issue.message}` }],
  );
  return { ok: false, problems };
}

// --- Reading records: BOM, encoding, delimiter and line numbers ------------------------------------

interface RawRecord {
  line: number;
  fields: string[];
}

function decode(input: string | Buffer, problems: CsvProblem[]): string {
  let text: string;
  if (typeof input === 'string') text = input;
  else if (input[0] === 0xff && input[1] === 0xfe) text = input.subarray(2).toString('utf16le'); // Excel "Unicode text"
  else {
    text = input.toString('utf8');
    // U+FFFD that is not in the bytes themselves: the export is in another encoding (often Windows-1252).
    const bad = text.indexOf('\uFFFD');
    if (bad >= 0 && !input.includes(Buffer.from('\uFFFD'))) {
      const line = text.slice(0, bad).split(/\r\n|\r|\n/).length;
      problems.push({ row: line, message: 'the file is not UTF-8 (first bad character on this line): export it as UTF-8' });
    }
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The delimiter used most, outside quotes, on the header line. */
function detectDelimiter(text: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch as keyof typeof counts] += 1;
  }
  return counts[';'] > counts[','] && counts[';'] >= counts['\t'] ? ';' : counts['\t'] > counts[','] ? '\t' : ',';
}

const breaks = (s: string) => s.match(/\r\n|\r|\n/g)?.length ?? 0;

const CSV_ERRORS: Record<string, string> = {
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted field: quote the whole field ("…") and double the quotes inside it',
  CSV_INVALID_CLOSING_QUOTE: 'text after a closing quote: a quoted field must end right after its closing quote; double quotes inside it ("")',
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed: the rest of the file was read as one field',
};

/**
 * Records with the line each starts on. csv-parse's own `info.lines` counts a CRLF inside a quoted
 * field as two lines, so lines are counted here from its byte offsets instead.
 */
function readRecords(text: string, delimiter: string, problems: CsvProblem[]): RawRecord[] {
  const buf = Buffer.from(text, 'utf8');
  const lineStarts = [0];
  for (let i = 0; i < buf.length; i += 1) {
    if (buf[i] === 0x0a || (buf[i] === 0x0d && buf[i + 1] !== 0x0a)) lineStarts.push(i + 1);
  }
  const lineAt = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const records: RawRecord[] = [];
  let broken = false; // after a quoting error the parser's idea of where fields end is unreliable
  const reported = new Set<number>();
  let overcount = 0; // how far csv-parse's line count has drifted, to correct the lines in its errors
  parse(buf, {
    delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      if (broken || !error) return undefined;
      const row = (error as unknown as { lines: number }).lines - overcount;
      const message = CSV_ERRORS[error.code] ?? error.message;
      if (reported.has(row)) return undefined; // one problem per line, however many quotes it has
      reported.add(row);
      problems.push({ row, message: `malformed CSV: ${message}` });
      if (error.code !== 'INVALID_OPENING_QUOTE') {
        broken = true;
        problems.push({ row, message: 'rows after this line were not checked: fix the quoting and import again' });
      }
      return undefined;
    },
    on_record: (fields: string[], context) => {
      if (broken) return null;
      let end = context.bytes;
      if (buf[end - 1] === 0x0a) end -= 1;
      if (buf[end - 1] === 0x0d) end -= 1;
      const endLine = lineAt(Math.max(end - 1, 0));
      overcount = context.lines - endLine;
      records.push({ line: endLine - fields.reduce((n, field) => n + breaks(field), 0), fields });
      return null;
    },
  });
  return records;
}

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

// --- Cell values ------------------------------------------------------------------------------------

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
const good = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (message: string): Parsed<never> => ({ ok: false, message });

function parseEmail(raw: string): Parsed<string> {
  const email = raw.trim().toLowerCase();
  return /^[^\s@"<>,;]+@[^\s@"<>,;]+\.[^\s@"<>,;]+$/.test(email) ? good(email) : bad(`"${raw}" is not an email address (expected name@example.com)`);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function calendarDate(raw: string, y: number, m: number, d: number, hint = ''): Parsed<string> {
  if (m < 1 || m > 12) return bad(`impossible date ${raw}: there is no month ${m}${hint}`);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d < 1 || d > days) return bad(`impossible date ${raw}: ${MONTHS[m - 1]} ${y} has ${days} days${hint}`);
  return good(`${pad(y, 4)}-${pad(m)}-${pad(d)}`);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const LOCAL_DATE = /^(\d{1,2})([/.])(\d{1,2})\2(\d{4})$/;

/** ISO dates and timestamps always; local forms only as the mapping declares them (03/04 is ambiguous). */
function parseDate(raw: string, format: DateFormat | undefined, keepTime: boolean): Parsed<string> {
  const iso = ISO_DATE.exec(raw);
  if (iso) return calendarDate(raw, Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const ts = ISO_TIMESTAMP.exec(raw);
  if (ts) {
    const [, y, m, d, hh, mm, ss, , zone] = ts;
    const date = calendarDate(raw, Number(y), Number(m), Number(d));
    if (!date.ok) return date;
    if (Number(hh) > 23 || Number(mm) > 59 || Number(ss ?? 0) > 59) return bad(`impossible time in ${raw}`);
    if (!zone) return bad(`timestamp ${raw} has no time zone: add Z or an offset such as +01:00, or give the date alone (YYYY-MM-DD)`);
    if (!keepTime) return date;
    const withZone = raw.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2').replace(/([+-]\d{2})$/, '$1:00');
    return good(new Date(withZone).toISOString());
  }
  const local = LOCAL_DATE.exec(raw);
  const expected = `expected YYYY-MM-DD${format && format !== 'YYYY-MM-DD' ? ` or ${format}` : ''}`;
  if (!local) return bad(`"${raw}" is not a date: ${expected}`);
  const [, a, sep, b, y] = local;
  if (!format || format === 'YYYY-MM-DD') {
    return sep === '/'
      ? bad(`ambiguous date ${raw}: declare dateFormat in the mapping (DD/MM/YYYY or MM/DD/YYYY)`)
      : bad(`date ${raw} is not ISO (YYYY-MM-DD): declare dateFormat DD.MM.YYYY in the mapping`);
  }
  if ((format === 'DD.MM.YYYY') !== (sep === '.')) return bad(`date ${raw} does not match the declared dateFormat ${format}: ${expected}`);
  const [day, month] = format === 'MM/DD/YYYY' ? [b, a] : [a, b];
  return calendarDate(raw, Number(y), Number(month), Number(day), ` (declared dateFormat ${format})`);
}

const ACTIVE: Record<string, boolean> = { active: true, inactive: false, terminated: false, true: true, false: false, yes: true, no: false, '1': true, '0': false };
const UNDISCLOSED = new Set(['', 'prefer not to say', 'prefer not to answer', 'not disclosed']);

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
