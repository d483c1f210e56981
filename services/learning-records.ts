import { isUniqueViolation } from '../prisma/errors.js';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type DomainError, ErrorCode, fail, ok, type Result } from '../domain/errors.js';
import type { Prisma, PrismaClient } from '../prisma/client.js';

// Learning records from an LMS by the L&D standard, xAPI 1.0.3: statements are validated as the
// specification requires, stored once per id (immutable), and the ones that say a known person
// completed a mapped course keep CourseCompletion current. Voiding a statement retracts what it did.

export const XAPI_VERSION = '1.0.3';

export const XapiVerb = {
  completed: 'http://adlnet.gov/expapi/verbs/completed',
  passed: 'http://adlnet.gov/expapi/verbs/passed',
  voided: 'http://adlnet.gov/expapi/verbs/voided',
} as const;


// --- Validation: only the rules that decide whether we can trust and use a statement. ---------------

/** An absolute IRI: a scheme, then something; URL parsing rejects spaces and broken authorities. */
const isIri = (value: string) => /^[a-z][a-z0-9+.-]*:\S+$/i.test(value) && URL.canParse(value);
const iri = z.string().refine(isIri, 'must be an absolute IRI, such as https://example.com/activity');

const IFIS = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const;
const actorSchema = z
  .looseObject({
    objectType: z.enum(['Agent', 'Group']).optional(),
    mbox: z.string().regex(/^mailto:[^@\s]+@[^@\s]+$/, 'must be "mailto:" followed by an email address').optional(),
    mbox_sha1sum: z.string().regex(/^[0-9a-f]{40}$/i, 'must be the 40 hex digits of a SHA-1').optional(),
    openid: iri.optional(),
    account: z.looseObject({ homePage: iri, name: z.string().min(1) }).optional(),
  })
  .refine((actor) => IFIS.filter((key) => actor[key] !== undefined).length === 1, `needs exactly one identifier of ${IFIS.join(', ')}`);

const objectSchema = z
  .looseObject({ objectType: z.enum(['Activity', 'Agent', 'Group', 'SubStatement', 'StatementRef']).optional(), id: z.string().optional() })
  .superRefine((object, ctx) => {
    const type = object.objectType ?? 'Activity';
    if (type === 'Activity' && !isIri(object.id ?? '')) ctx.addIssue({ code: 'custom', path: ['id'], message: 'an Activity needs an id that is an absolute IRI' });
    if (type === 'StatementRef' && !z.uuid().safeParse(object.id).success) ctx.addIssue({ code: 'custom', path: ['id'], message: 'a StatementRef needs the UUID of a statement' });
  });

const statementSchema = z
  .looseObject({
    id: z.uuid('must be a UUID').optional(),
    actor: actorSchema,
    verb: z.looseObject({ id: iri, display: z.record(z.string(), z.string()).optional() }),
    object: objectSchema,
    result: z.looseObject({ success: z.boolean().optional(), completion: z.boolean().optional() }).optional(),
    timestamp: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date and time' }).optional(),
    version: z.string().regex(/^1\.0(\.\d+)?$/, 'must be 1.0.x').optional(),
  })
  .superRefine((statement, ctx) => {
    if (statement.verb.id === XapiVerb.voided && statement.object.objectType !== 'StatementRef') {
      ctx.addIssue({ code: 'custom', path: ['object', 'objectType'], message: 'a voiding statement must have a StatementRef as its object' });
    }
  });

type Statement = z.infer<typeof statementSchema> & { id: string };

const jsonPath = (prefix: string, path: readonly PropertyKey[]) =>
  path.reduce<string>((at, key) => (typeof key === 'number' ? `${at}[${key}]` : `${at}.${String(key)}`), prefix);

function validate(raw: unknown, prefix: string): Result<z.infer<typeof statementSchema>> {
  const parsed = statementSchema.safeParse(raw);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0]!;
  const path = jsonPath(prefix, issue.path);
  return fail(ErrorCode.InvalidInput, `${path}: ${issue.message}`, path);
}

// --- What a statement means for completions. ------------------------------------------------------

/** `passed`, or `completed` unless the result says it was not a success. */
function completes(statement: { verb: { id: string }; result?: { success?: unknown } | undefined }): boolean {
  if (statement.verb.id === XapiVerb.passed) return true;
  return statement.verb.id === XapiVerb.completed && statement.result?.success !== false;
}

/** Idempotency compares what the statement says: the LRS-set properties and the timestamp's notation do not count. */
function canonical(value: unknown, top = true): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonical(item, false)).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([key]) => !(top && ['stored', 'authority', 'version'].includes(key)))
    .map(([key, item]) => [key, top && key === 'timestamp' && typeof item === 'string' ? new Date(item).toISOString() : item] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item, false)}`).join(',')}}`;
}

/** A refusal inside the transaction: thrown so everything the batch wrote so far is rolled back. */
class Refusal extends Error {
  constructor(readonly error: DomainError) {
    super(error.message);
  }
}

type Tx = Prisma.TransactionClient;

async function resolvePerson(tx: Tx, actor: Statement['actor']): Promise<string | null> {
  if (actor.mbox) {
    const email = actor.mbox.slice('mailto:'.length);
    return (await tx.person.findFirst({ where: { email: { equals: email, mode: 'insensitive' }, deletedAt: null, erasedAt: null }, select: { id: true } }))?.id ?? null;
  }
  const name = actor.account?.name;
  if (!name) return null;
  // LMSs send whichever login they know: the directory's user name first, then the HR ids.
  for (const where of [{ userName: name }, { externalId: name }, { employeeNumber: name }]) {
    const person = await tx.person.findFirst({ where: { ...where, deletedAt: null, erasedAt: null }, select: { id: true } });
    if (person) return person.id;
  }
  return null;
}

/**
 * The earliest completion wins: a later statement never moves a completion date forward. A completion
 * HR imported or an admin entered is theirs: a statement never takes it over (so voiding one can never
 * delete it).
 */
async function recordCompletion(tx: Tx, input: { personId: string; courseCode: string; completedAt: Date; statementId: string }) {
  const key = { personId_courseCode: { personId: input.personId, courseCode: input.courseCode } };
  const existing = await tx.courseCompletion.findUnique({ where: key });
  if (existing && (existing.source !== 'xapi' || existing.completedAt <= input.completedAt)) return;
  const data = { completedAt: input.completedAt, source: 'xapi', statementId: input.statementId };
  await tx.courseCompletion.upsert({ where: key, create: { id: randomUUID(), personId: input.personId, courseCode: input.courseCode, ...data }, update: data });
}

/** The completion a voided statement made falls back to the earliest statement still standing, or goes. */
async function retractCompletion(tx: Tx, voided: { id: string; personId: string; courseCode: string }) {
  const key = { personId_courseCode: { personId: voided.personId, courseCode: voided.courseCode } };
  const completion = await tx.courseCompletion.findUnique({ where: key });
  if (completion?.statementId !== voided.id) return;
  const candidates = await tx.learningStatement.findMany({
    where: { personId: voided.personId, courseCode: voided.courseCode, voidedBy: null, verb: { in: [XapiVerb.completed, XapiVerb.passed] } },
    orderBy: { timestamp: 'asc' },
  });
  const next = candidates.find((row) => completes(row.statement as unknown as Statement));
  if (!next) {
    await tx.courseCompletion.delete({ where: key });
    return;
  }
  await tx.courseCompletion.update({ where: key, data: { completedAt: next.timestamp, source: 'xapi', statementId: next.id } });
}

async function voidTarget(tx: Tx, clientId: string, voiding: Statement, path: string) {
  const target = await tx.learningStatement.findUnique({ where: { id: voiding.object.id! } });
  // The spec has LRSs accept voids of statements they never saw (they may still arrive, or live elsewhere).
  if (!target || target.voidedBy) return;
  // One LMS voids its own statements, never another's.
  if (target.clientId !== clientId) throw new Refusal({ code: ErrorCode.Forbidden, message: `${path}: statement ${target.id} was sent by another LMS client; only it may void it`, path });
  if (target.verb === XapiVerb.voided) throw new Refusal({ code: ErrorCode.InvalidInput, message: `${path}: a voiding statement cannot itself be voided`, path });
  await tx.learningStatement.update({ where: { id: target.id }, data: { voidedBy: voiding.id } });
  if (target.personId && target.courseCode) await retractCompletion(tx, { id: target.id, personId: target.personId, courseCode: target.courseCode });
}

async function storeOne(tx: Tx, clientId: string, statement: Statement, prefix: string, storedAt: Date) {
  const existing = await tx.learningStatement.findUnique({ where: { id: statement.id } });
  if (existing) {
    if (canonical(existing.statement) === canonical(statement)) return;
    throw new Refusal({ code: ErrorCode.Conflict, message: `${prefix}.id: statement ${statement.id} is already stored with different content`, path: `${prefix}.id` });
  }
  const isActivity = (statement.object.objectType ?? 'Activity') === 'Activity';
  const activityId = statement.object.id ?? '';
  const courseCode = isActivity ? ((await tx.learningActivity.findUnique({ where: { activityId } }))?.courseCode ?? null) : null;
  const personId = await resolvePerson(tx, statement.actor);
  const timestamp = statement.timestamp ? new Date(statement.timestamp) : storedAt;
  await tx.learningStatement.create({
    data: { id: statement.id, clientId, personId, verb: statement.verb.id, activityId, courseCode, timestamp, storedAt, statement: statement as Prisma.InputJsonValue },
  });
  if (statement.verb.id === XapiVerb.voided) await voidTarget(tx, clientId, statement, `${prefix}.object.id`);
  else if (personId && courseCode && completes(statement)) await recordCompletion(tx, { personId, courseCode, completedAt: timestamp, statementId: statement.id });
}

export function createLearningRecordService(prisma: PrismaClient) {
  /** One transaction per request: the spec has an LRS store all of a batch or none of it. */
  async function store(clientId: string, statements: { statement: Statement; prefix: string }[]): Promise<Result<string[]>> {
    const storedAt = new Date();
    // A concurrent request storing the same id loses the race on the primary key; the retry then
    // sees that statement and answers as for any repeat (no-op or conflict).
    for (let attempt = 1; ; attempt++) {
      try {
        await prisma.$transaction(async (tx) => {
          for (const { statement, prefix } of statements) await storeOne(tx, clientId, statement, prefix, storedAt);
        });
        return ok(statements.map(({ statement }) => statement.id));
      } catch (error) {
        if (error instanceof Refusal) return { ok: false, error: error.error };
        if (attempt === 2 || !isUniqueViolation(error)) throw error;
      }
    }
  }

  return {
    /** POST /statements: ids in the order given; an id is assigned where the LMS sent none. */
    async record(clientId: string, statements: unknown[]): Promise<Result<string[]>> {
      const valid: { statement: Statement; prefix: string }[] = [];
      for (const [index, raw] of statements.entries()) {
        const prefix = `statements[${index}]`;
        const checked = validate(raw, prefix);
        if (!checked.ok) return checked;
        valid.push({ statement: { ...checked.value, id: checked.value.id ?? randomUUID() }, prefix });
      }
      return store(clientId, valid);
    },

    /** PUT /statements?statementId=…: the id is the caller's; one in the body must agree with it. */
    async recordWithId(clientId: string, statementId: string, raw: unknown): Promise<Result<string>> {
      if (!z.uuid().safeParse(statementId).success) return fail(ErrorCode.InvalidInput, 'statementId: must be a UUID', 'statementId');
      const checked = validate(raw, 'statement');
      if (!checked.ok) return checked;
      if (checked.value.id !== undefined && checked.value.id !== statementId) {
        return fail(ErrorCode.InvalidInput, `statement.id: ${checked.value.id} differs from the statementId parameter ${statementId}`, 'statement.id');
      }
      const stored = await store(clientId, [{ statement: { ...checked.value, id: statementId }, prefix: 'statement' }]);
      return stored.ok ? ok(statementId) : stored;
    },

    /** Statements about an activity count for the course only once it is mapped; earlier ones are not revisited. */
    async mapActivity(activityId: string, courseCode: string): Promise<Result<{ activityId: string; courseCode: string }>> {
      if (!isIri(activityId)) return fail(ErrorCode.InvalidInput, 'activityId must be an absolute IRI.', 'activityId');
      const code = courseCode.trim();
      if (!code || code.length > 100) return fail(ErrorCode.InvalidInput, 'courseCode needs 1 to 100 characters.', 'courseCode');
      const row = await prisma.learningActivity.upsert({ where: { activityId }, create: { activityId, courseCode: code }, update: { courseCode: code } });
      return ok({ activityId: row.activityId, courseCode: row.courseCode });
    },

    async listActivityMappings(): Promise<{ activityId: string; courseCode: string }[]> {
      return prisma.learningActivity.findMany({ orderBy: { activityId: 'asc' } });
    },
  };
}

export type LearningRecordService = ReturnType<typeof createLearningRecordService>;
