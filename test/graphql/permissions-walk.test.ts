import { JourneyStage } from '../../domain/journey.js';
import { Client, Connection } from '@temporalio/client';
import { type GraphQLNamedType, type GraphQLObjectType, getNamedType, isAbstractType, isLeafType, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROGRAM_FILES, readDemoProgram } from '../../demo/program.js';
import { seedDemoData } from '../../demo/seed.js';
import { createProgramService } from '../../services/programs/service.js';
import { isHrViewer } from '../../domain/access.js';
import { mintDevToken } from '../../http/auth/tokens.js';
import type { Role } from '../../domain/viewer.js';
import { schema } from '../../graphql/schema.js';
import { createGraphQLHandler } from '../../http/graphql.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { createServices } from '../../services/index.js';
import { freePort } from '../harness/child-process.js';
import { FIELDS, judge } from './permission-fields.js';
import { ALL_JOURNEYS, C, PROGRAM, seedPermissionWorld } from './permission-fixture.js';
import { loadWorld, type World } from './permission-world.js';
import { needsArguments, type Observation, observe, reachableTypes, selectAll } from './schema-walk.js';

// The permission matrix, walked: every root field, as every person who is not HR (and as nobody),
// selecting every field of every type it reaches (schema-walk.ts), on the world of
// permission-fixture.ts, where every sensitive field holds something. Each value that comes back is
// checked against permission-fields.ts; a field that table does not classify fails the test, so a new
// field cannot leak silently. The Temporal server cannot be reached: fields read from the workflow
// answer as they do when it is away.

const SECRET = 'permissions-walk-secret';
const DEPTH = 3;

/** Arguments for root fields that need them; a root that needs some and is not listed fails the walk. */
const ROOT_ARGS: Record<string, string[]> = {
  journey: ALL_JOURNEYS.map((id) => `(id: "${id}")`),
  credential: ['(id: "cred-c")'],
  program: [`(id: "${PROGRAM}")`],
  // verifyCredential: a real share code and a forged one, filled in once the services exist.
  verifyCredential: [],
  programAnalytics: [`(programId: "${PROGRAM}", groupBy: DEPARTMENT)`],
  adverseImpactAudit: [`(programId: "${PROGRAM}", attribute: GENDER)`],
  funnelAudit: [`(programId: "${PROGRAM}", attribute: GENDER)`],
  calibrationReport: [`(programId: "${PROGRAM}")`],
  calibrationExercise: ['(id: "calibration-1")'],
  satisfactionResults: [`(programId: "${PROGRAM}")`],
  programReports: [`(programId: "${PROGRAM}")`],
  ruleSets: [`(programId: "${PROGRAM}")`],
  ruleSet: ['(id: "cap-eligibility-v1")'],
  ruleSetDiff: ['(from: "cap-eligibility-v1")'],
  programVersions: [`(programId: "${PROGRAM}")`],
  programVersion: [`(id: "${PROGRAM}@1")`],
};

/** Version 2 of the demo program, approved to take effect next year: what every employee may read of it. */
async function scheduleProgramVersion(prisma: Database['prisma']) {
  const programs = createProgramService({ prisma, now: () => new Date('2026-11-26T09:00:00.000Z') });
  const document = readDemoProgram(DEMO_PROGRAM_FILES[0]!);
  const saved = await programs.saveDraft({ document: { ...document, version: 2, submission: { ...document.submission, deadline: 'P100D' } }, author: 'ines' });
  if (!saved.ok) throw new Error(saved.error.message);
  const request = { versionId: saved.value.version.id, requestedBy: 'ines', reason: 'Evidence takes longer to gather than planned.', policies: { timing: 'keep' as const }, effectiveAt: '2027-03-01T00:00:00.000Z' };
  if (!(await programs.requestPublication(request)).ok) throw new Error('request refused');
  const approved = await programs.approve({ versionId: saved.value.version.id, approver: { personId: 'ari', roles: ['admin'] } });
  if (!approved.ok || approved.value.version.appliedAt) throw new Error('version 2 should wait for its effective date');
}

/** Types this world cannot show a non-HR viewer, and why. */
const NOT_HERE: Record<string, string> = {
  JourneyDeadline: 'read from the workflow, whose server is away here',
  CertiflowError: 'a query answers it only to HR (rule-set diffs); mutations are not walked',
};

let db: Database;
let deadTemporal: Connection;
let world: World;
let yoga: ReturnType<typeof createGraphQLHandler>;
let viewers: (string | null)[];

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, '2026-11-25T09:00:00.000Z');
  await seedPermissionWorld(db.prisma);
  await scheduleProgramVersion(db.prisma);
  // owen shares his certification in the celebration feed, so the public feed has something to show.
  await db.prisma.person.update({ where: { id: 'owen' }, data: { celebrationOptIn: true } });
  // A committee member proposed revoking owen's credential: the proposal waits for a second member.
  await db.prisma.journeyEvent.create({
    data: { id: 'ev-c-revocation-proposed', journeyId: C, seq: 98, at: new Date('2026-11-20T09:00:00.000Z'), stage: JourneyStage.Certified, type: 'revocation_proposed', actorId: 'dana', data: { reason: 'Evidence under review for copying.' } },
  });
  // maya has named omar to decide approvals while she is away: hers and HR's to read, nobody else's.
  await db.prisma.person.update({ where: { id: 'maya' }, data: { approvalDelegateId: 'omar', approvalDelegateUntil: new Date('2027-01-15T00:00:00.000Z') } });
  // A calibration exercise three assessors have scored: each sees their own comparison, the committee every sheet.
  const pathway = await db.prisma.pathway.findUniqueOrThrow({ where: { id: 'cap-portfolio' }, select: { rubric: true } });
  const exercise = await db.prisma.calibrationExercise.create({
    data: { id: 'calibration-1', programId: PROGRAM, pathwayId: 'cap-portfolio', title: 'Benchmark', format: 'written_report', content: 'A benchmark landing-zone design for calibration.', rubric: pathway.rubric as object, createdBy: 'dana' },
  });
  const criteria = (pathway.rubric as { criteria: { key: string }[] }).criteria;
  for (const assessorId of ['lars', 'grace', 'kenji']) {
    await db.prisma.calibrationSheet.create({ data: { exerciseId: exercise.id, assessorId, scores: Object.fromEntries(criteria.map((c) => [c.key, 3])), comment: `${assessorId}'s note` } });
  }
  world = await loadWorld(db.prisma);
  const people = await db.prisma.person.findMany({ select: { id: true, roles: true }, orderBy: { id: 'asc' } });
  viewers = [null, ...people.filter((p) => !isHrViewer({ personId: p.id, roles: p.roles as Role[], reportIds: [] })).map((p) => p.id)];
  deadTemporal = Connection.lazy({ address: `127.0.0.1:${await freePort()}`, interceptors: [] });
  const services = createServices({ prisma: db.prisma, client: new Client({ connection: deadTemporal }), taskQueue: 'x' });
  ROOT_ARGS.verifyCredential = [`(code: "${services.credentials.shareCode('cred-c')}")`, '(code: "cred-c.forged")'];
  // The walk's queries are far bigger than any client's: lift the shape limits, keep everything else.
  const limits = { maxBodyBytes: 1 << 20, maxDepth: 100, maxCost: 1e9, maxAliases: 1000, maxTokens: 100_000 };
  yoga = createGraphQLHandler({ services, jwtSecret: SECRET, production: true, rateLimit: false, limits });
}, 60_000);

afterAll(async () => {
  await deadTemporal?.close().catch(() => undefined);
  await db?.close();
});

type Answer = { data?: Record<string, unknown> | null; errors?: { path?: (string | number)[] }[] };

async function ask(personId: string | null, query: string): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (personId) headers.authorization = `Bearer ${await mintDevToken(SECRET, personId)}`;
  return (await (await yoga.fetch('http://x/graphql', { method: 'POST', headers, body: JSON.stringify({ query }) })).json()) as never;
}

/** Types HR alone may read, and fields classified 'hr': walked on their own, so their refusal does not null the rest. */
const hrOnly = (type: string, field: string) => FIELDS[type] === 'hr' || (FIELDS[type] as Record<string, string> | undefined)?.[field] === 'hr';

/** Everything one person reads through one root field (with one set of arguments). */
async function walkRoot(personId: string | null, root: string, args: string): Promise<Observation[]> {
  const field = schema.getQueryType()!.getFields()[root]!;
  const type = getNamedType(field.type);
  const select = (inner: string) => `{ ${root}${args} ${inner} }`;
  if (isLeafType(type)) return observeAnswer(await ask(personId, select('')), root);
  const members = isObjectType(type) ? [type] : isAbstractType(type) ? schema.getPossibleTypes(type) : [];
  // A root of HR's own types is refused whole: one request says so.
  const hrRoot = members.every((t) => FIELDS[t.name] === 'hr');
  const all = members.map((t) => `... on ${t.name} { ${selectAll(schema, t, DEPTH, hrRoot ? () => false : hrOnly)} }`).join(' ');
  const answer = await ask(personId, select(`{ __typename ${all} }`));
  const seen = observeAnswer(answer, root, type);
  if (!isObjectType(type)) return seen;
  // A refusal of a non-null field nulls everything above it up to a nullable one: then walk each field on its own.
  const lost = lostData(answer);
  const parts = Object.values(type.getFields()).filter((f) => !needsArguments(f) && (lost || (!hrRoot && hrOnly(type.name, f.name))));
  const id = type.getFields().id ? 'id' : '';
  for (const part of parts) {
    const target = getNamedType(part.type);
    const inner = isObjectType(target) ? `{ ${selectAll(schema, target, DEPTH - 1, () => false)} }` : '';
    seen.push(...observeAnswer(await ask(personId, select(`{ __typename ${id} ${part.name} ${inner} }`)), root, type));
  }
  return seen;
}

/** True when an error inside the answer took its parent object with it (the field was non-null). */
function lostData(answer: Answer): boolean {
  return (answer.errors ?? []).some(({ path }) => {
    if (!path || path.length < 2) return false;
    let at: unknown = answer.data;
    for (const key of path.slice(0, -1)) at = at === null || at === undefined ? at : (at as Record<string | number, unknown>)[key];
    return at === null || at === undefined;
  });
}

function observeAnswer(answer: { data?: Record<string, unknown> | null }, root: string, type?: GraphQLNamedType): Observation[] {
  const value = answer.data?.[root];
  if (!type) return value === undefined || value === null ? [] : [{ type: 'Query', field: root, value, objects: [], path: root }];
  return observe(schema, value, root);
}

const roots = Object.values(schema.getQueryType()!.getFields());

describe('the permission matrix walks every field a non-HR viewer can reach', () => {
  it('classifies every field of every type reachable from a root field', () => {
    const unclassified = reachableTypes(schema).flatMap((type) => {
      const fields = FIELDS[type.name];
      if (fields === 'hr') return [];
      if (!fields) return [`${type.name} (the whole type)`];
      return Object.keys(type.getFields()).filter((f) => !fields[f]).map((f) => `${type.name}.${f}`);
    });
    expect(unclassified, 'classify these in test/graphql/permission-fields.ts').toEqual([]);
    const stale = Object.entries(FIELDS).flatMap(([name, fields]) => {
      const type = schema.getType(name) as GraphQLObjectType | undefined;
      if (!type) return [name];
      return fields === 'hr' ? [] : Object.keys(fields).filter((f) => !type.getFields()[f]).map((f) => `${name}.${f}`);
    });
    expect(stale, 'no longer in the schema').toEqual([]);
  });

  it('gives arguments for every root field that needs them', () => {
    expect(roots.filter((r) => needsArguments(r) && !ROOT_ARGS[r.name]).map((r) => r.name)).toEqual([]);
  });

  it('shows no one a field or event key outside its audience', async () => {
    const leaks = new Set<string>();
    const reached = new Set<string>();
    for (const personId of viewers) {
      for (const root of roots) {
        for (const args of ROOT_ARGS[root.name] ?? ['']) {
          for (const o of await walkRoot(personId, root.name, args)) {
            reached.add(`${o.type}.${o.field}`);
            for (const verdict of judge(personId, world, o)) if (!verdict.allowed) leaks.add(`${personId ?? 'anonymous'} read ${verdict.what} at ${o.path}`);
          }
        }
      }
    }
    expect([...leaks].sort()).toEqual([]);
    // The walk itself went everywhere it should: each field a non-HR viewer may ever read was reached.
    const expected = Object.entries(FIELDS).flatMap(([type, fields]) =>
      fields === 'hr' || NOT_HERE[type] ? [] : Object.entries(fields).filter(([, a]) => a !== 'hr').map(([f]) => `${type}.${f}`),
    );
    expect(expected.filter((f) => !reached.has(f))).toEqual([]);
  }, 240_000);
});
