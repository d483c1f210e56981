import { z } from 'zod';

// What an import file holds and how its columns are named: the row types, the fields of each kind
// with the header names real exports use for them, and the mapping file that overrides them.

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
export const DEMOGRAPHIC_FIELDS = ['gender', 'ethnicity', 'ageBand', 'disability'] as const;

export const FIELDS: Record<ImportKind, Record<string, string[]>> = {
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
export const norm = (header: string) => header.toLowerCase().replace(/[\s_-]+/g, '');

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
