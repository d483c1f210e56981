import { wholeMonthsBetween } from '../domain/duration.js';

// The fact catalog: the only facts a rule may use. Facts are flat values computed before evaluation and
// passed in, so an evaluation can be repeated from what was stored, and a rule can only ask for what
// Certiflow actually knows about a candidate.

export type FactType = 'number' | 'string' | 'string[]' | 'boolean' | 'date';

export interface FactSpec {
  type: FactType;
  description: string;
  /** Words before the candidate's value in a reason, e.g. "you hold" → "…: you hold AZ-104". */
  youHave: string;
  /** Set when some candidates have no value; says who and what happens then. */
  mayBeAbsent?: string;
}

export const FACTS = {
  tenureMonths: {
    type: 'number',
    description:
      'Whole months since the candidate was hired, as of the evaluation date; a month counts once the same day of the month is reached.',
    youHave: 'you have',
    mayBeAbsent:
      'People provisioned without a hire date (SCIM without the Certiflow extension, a CSV without the column) have no tenure: a rule set that uses it fails evaluation with RULE_EVALUATION_FAILED (MISSING_FACT) rather than reading as zero months.',
  },
  roleLevel: {
    type: 'number',
    description: 'Graded job level from HR, 1 for entry level and up.',
    youHave: 'your level is',
    // Absent must not silently read as "level 0": with allowUndefinedFacts false the evaluation fails
    // instead, and a person can be told the data is missing rather than that they are too junior.
    mayBeAbsent:
      'Supplied by HR data (a people CSV import or the Certiflow SCIM extension); for a person without a level a rule set that uses it fails evaluation with RULE_EVALUATION_FAILED (MISSING_FACT), opening an incident, rather than reading as level 0.',
  },
  department: {
    type: 'string',
    description: 'The candidate\'s department as recorded in HR, e.g. "Engineering".',
    youHave: 'your department is',
  },
  completedCourses: {
    type: 'string[]',
    description: 'Codes of the courses the candidate completed on or before the evaluation date, sorted, e.g. ["CLOUD-101"].',
    youHave: 'you have completed',
  },
  certifications: {
    type: 'string[]',
    description:
      'Codes of the outside certifications the candidate holds and that are valid at the evaluation date (issued on or before it and not yet expired), sorted, e.g. ["AWS-SAA"].',
    youHave: 'you hold',
  },
  heldCredentials: {
    type: 'string[]',
    description:
      'Ids of the Certiflow programs whose credential the candidate holds at the evaluation date (issued on or before it, not yet expired, neither revoked nor lapsed), sorted, e.g. ["cloud-architecture-practitioner"]. Programs use it for prerequisites: an expert program requires the practitioner credential.',
    youHave: 'you hold the credential of',
  },
} as const satisfies Record<string, FactSpec>;

export type FactName = keyof typeof FACTS;
export const FACT_NAMES = Object.keys(FACTS) as FactName[];

export function isFactName(name: string): name is FactName {
  return Object.hasOwn(FACTS, name);
}

export function factSpec(name: FactName): FactSpec {
  return FACTS[name];
}

/** A person attribute an admin declared (PersonAttribute): usable in rules like a built-in fact. */
export interface DeclaredFact {
  name: string;
  type: FactType;
  description: string;
}

/** The facts a rule may use here: the built-in ones and the attributes this company declared. */
export interface FactCatalog {
  names: readonly string[];
  spec(name: string): FactSpec | undefined;
  declared: readonly DeclaredFact[];
  /**
   * Equal for two catalogs exactly when they were made from the same declarations (name, type and
   * description, in order): what validation, facts and evaluation read. Compiled rule sets are cached
   * under it (rules/compiled-cache.ts), so a fact declared later is never hidden by an earlier compilation.
   */
  key: string;
}

export const FACT_TYPES: readonly FactType[] = ['number', 'string', 'string[]', 'boolean', 'date'];
const ATTRIBUTE_NAME = /^[a-z][A-Za-z0-9]{1,39}$/;

/** Why `name` cannot be declared as a person attribute, or null. */
export function declaredFactProblem(fact: { name: string; type: string }): string | null {
  if (!ATTRIBUTE_NAME.test(fact.name)) return `"${fact.name}" must be camelCase letters and digits, 2 to 40 long, starting with a small letter (e.g. securityClearance)`;
  if (isFactName(fact.name)) return `"${fact.name}" is a built-in fact`;
  if (!FACT_TYPES.includes(fact.type as FactType)) return `type must be one of ${FACT_TYPES.join(', ')}, not "${fact.type}"`;
  return null;
}

export function factCatalog(declared: readonly DeclaredFact[] = []): FactCatalog {
  const specs = new Map<string, FactSpec>(Object.entries(FACTS));
  for (const fact of declared) {
    if (specs.has(fact.name)) continue;
    specs.set(fact.name, {
      type: fact.type,
      description: fact.description,
      youHave: `your ${fact.name} is`,
      mayBeAbsent: `${fact.name} is declared by the company and comes from HR data; for a person without a value a rule that uses it fails evaluation with RULE_EVALUATION_FAILED (MISSING_FACT).`,
    });
  }
  const key = JSON.stringify(declared.map(({ name, type, description }) => [name, type, description]));
  return { names: [...specs.keys()], spec: (name) => specs.get(name), declared, key };
}

/** The built-in facts alone: what a rule file can use anywhere, without a company's declarations. */
export const BUILT_IN_FACTS = factCatalog();

/**
 * A declared attribute's stored value as its fact type: imports and SCIM deliver strings, so numbers,
 * booleans and lists (separated by ";") are read from them; anything unreadable is left out (a missing fact).
 */
export function attributeFact(type: FactType, value: unknown): unknown {
  if (value === null || value === undefined || value === '') return undefined;
  switch (type) {
    case 'number': {
      const number = typeof value === 'number' ? value : Number(String(value).trim());
      return Number.isFinite(number) ? number : undefined;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      return /^(true|yes|1)$/i.test(String(value)) ? true : /^(false|no|0)$/i.test(String(value)) ? false : undefined;
    case 'date':
      return isCalendarDate(String(value).slice(0, 10)) ? String(value).slice(0, 10) : undefined;
    case 'string[]':
      return Array.isArray(value) ? value.map(String) : String(value).split(';').map((v) => v.trim()).filter(Boolean);
    case 'string':
      return String(value);
  }
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

export function matchesFactType(type: FactType, value: unknown): boolean {
  switch (type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      return isCalendarDate(value);
    case 'string[]':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
  }
}

/** What the database holds about a candidate, with instants as ISO-8601 strings. */
export interface CandidateRecord {
  hiredAt: string | null;
  /** Graded job level from HR; absent when HR data does not carry it. */
  roleLevel?: number | null;
  department: string;
  courseCompletions: { courseCode: string; completedAt: string }[];
  heldCertifications: { code: string; issuedAt: string; expiresAt: string | null }[];
  /** Credentials issued by Certiflow programs; absent in records read before prerequisites existed. */
  credentials?: { programId: string; issuedAt: string; expiresAt: string; status: string }[];
  /** Values of admin-declared attributes, by name, as HR data delivered them. */
  attributes?: Record<string, unknown>;
}

export interface CandidateFacts {
  /** Admin-declared attributes, by name (factCatalog). */
  [declared: string]: unknown;
  tenureMonths?: number;
  roleLevel?: number;
  department: string;
  completedCourses: string[];
  certifications: string[];
  heldCredentials: string[];
}

/**
 * The facts for a candidate as they stood at `asOf` (an ISO-8601 instant; a bare date means its start in
 * UTC). Later completions do not count yet, and a certification counts from its issue instant until,
 * not including, its expiry instant. Tenure and job level are left out when HR data has no value for
 * them, so a rule that needs one fails as a missing fact instead of reading a made-up zero.
 */
export function candidateFacts(record: CandidateRecord, asOf: string, catalog: FactCatalog = BUILT_IN_FACTS): CandidateFacts {
  const at = Date.parse(asOf);
  if (Number.isNaN(at)) throw new RangeError(`"${asOf}" is not an ISO 8601 instant`);
  // Loops rather than filter/map and spreads: this runs for every evaluation (bench/suites/rules.ts).
  const completedCourses: string[] = [];
  for (const completion of record.courseCompletions) {
    if (Date.parse(completion.completedAt) <= at) completedCourses.push(completion.courseCode);
  }
  const certifications: string[] = [];
  for (const held of record.heldCertifications) {
    if (Date.parse(held.issuedAt) <= at && (held.expiresAt === null || Date.parse(held.expiresAt) > at)) certifications.push(held.code);
  }
  const heldCredentials: string[] = [];
  for (const c of record.credentials ?? []) {
    if (c.status !== 'revoked' && c.status !== 'lapsed' && Date.parse(c.issuedAt) <= at && Date.parse(c.expiresAt) > at) heldCredentials.push(c.programId);
  }
  // Keys in this order, which is the order a stored result lists them in.
  const facts: Record<string, unknown> = {};
  if (record.hiredAt !== null) facts.tenureMonths = wholeMonthsBetween(record.hiredAt, new Date(at));
  if (typeof record.roleLevel === 'number') facts.roleLevel = record.roleLevel;
  facts.department = record.department;
  facts.completedCourses = distinctSorted(completedCourses);
  facts.certifications = distinctSorted(certifications);
  facts.heldCredentials = distinctSorted(heldCredentials);
  if (catalog.declared.length > 0) Object.assign(facts, declaredFacts(record.attributes ?? {}, catalog));
  return facts as CandidateFacts;
}

const distinctSorted = (codes: string[]): string[] => (codes.length < 2 ? codes : [...new Set(codes)].sort());

function declaredFacts(attributes: Record<string, unknown>, catalog: FactCatalog): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  for (const { name, type } of catalog.declared) {
    const value = attributeFact(type, attributes[name]);
    if (value !== undefined) facts[name] = value;
  }
  return facts;
}
