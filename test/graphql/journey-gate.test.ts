import { Client, Connection } from '@temporalio/client';
import {
  type GraphQLInputObjectType,
  type GraphQLInputType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../demo/seed.js';
import { ErrorCode } from '../../domain/errors.js';
import { mintDevToken } from '../../http/auth/tokens.js';
import { schema } from '../../graphql/schema.js';
import { createGraphQLHandler } from '../../http/graphql.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { createServices } from '../../services/index.js';
import { freePort } from '../harness/child-process.js';
import { A, C, PROGRAM, seedPermissionWorld } from './permission-fixture.js';

// Every mutation that takes a journeyId, found in the schema (so a new one is covered the day it is
// added), tried by people with no part in the journey: the answer must be the one a missing journey
// gets, word for word but the id, and it must come before the workflow is asked anything. The Temporal
// server here is one that cannot be reached, so an action that slips past the gate answers
// WORKFLOW_UNAVAILABLE instead, and people who may act are seen to reach the workflow.

const SECRET = 'journey-gate-test-secret';
const MISSING = `journey:${PROGRAM}:nobody`;

let db: Database;
let deadTemporal: Connection;
let yoga: ReturnType<typeof createGraphQLHandler>;

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, '2026-11-25T09:00:00.000Z');
  await seedPermissionWorld(db.prisma);
  // No gRPC retries: an action that reaches the workflow fails at once.
  deadTemporal = Connection.lazy({ address: `127.0.0.1:${await freePort()}`, interceptors: [] });
  const services = createServices({ prisma: db.prisma, client: new Client({ connection: deadTemporal }), taskQueue: 'x' });
  yoga = createGraphQLHandler({ services, jwtSecret: SECRET, production: true, rateLimit: false });
});

afterAll(async () => {
  await deadTemporal?.close().catch(() => undefined);
  await db?.close();
});

/** A value GraphQL accepts for the type; the gate must answer before anything looks at it. */
function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [sample(type.ofType)];
  if (isInputObjectType(type)) return sampleInput(type);
  if (isEnumType(type)) return type.getValues()[0]!.name;
  const named = getNamedType(type);
  if (isScalarType(named) && named.name === 'Int') return 3;
  if (isScalarType(named) && named.name === 'Float') return 3;
  if (isScalarType(named) && named.name === 'Boolean') return true;
  if (isScalarType(named) && named.name === 'DateTime') return '2026-06-01T09:00:00.000Z';
  return 'A long enough text for any validator that reads it.';
}

/** The required fields only: an optional one (an uploaded file's hash) may be checked on its own first. */
function sampleInput(type: GraphQLInputObjectType): Record<string, unknown> {
  return Object.fromEntries(Object.values(type.getFields()).flatMap((field) => (isNonNullType(field.type) ? [[field.name, sample(field.type)]] : [])));
}

/** Mutations whose `input` has a journeyId, each with its input type. */
const journeyMutations = Object.values(schema.getMutationType()!.getFields()).flatMap((field) => {
  const input = field.args.find((a) => a.name === 'input');
  const type = input && getNamedType(input.type);
  return type && isInputObjectType(type) && type.getFields().journeyId ? [{ name: field.name, input: type }] : [];
});

async function attempt(personId: string, mutation: (typeof journeyMutations)[number], journeyId: string) {
  const query = `mutation($input: ${mutation.input.name}!) { ${mutation.name}(input: $input) { __typename ... on CertiflowError { code message path } } }`;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${await mintDevToken(SECRET, personId)}` };
  const body = JSON.stringify({ query, variables: { input: { ...sampleInput(mutation.input), journeyId } } });
  const answer = (await (await yoga.fetch('http://x/graphql', { method: 'POST', headers, body })).json()) as {
    data?: Record<string, { __typename: string; code?: string; message?: string; path?: string }> | null;
    errors?: { extensions?: { code?: string } }[];
  };
  return answer.data?.[mutation.name] ?? { errors: answer.errors?.map((e) => e.extensions?.code) };
}

const notFound = (journeyId: string) => ({ __typename: 'CertiflowError', code: ErrorCode.NotFound, message: `Journey ${journeyId} does not exist.`, path: 'journeyId' });

describe('journey actions by someone who may not see the journey', () => {
  it('finds every mutation that takes a journeyId', () => {
    expect(journeyMutations.map((m) => m.name)).toEqual(
      expect.arrayContaining(['submitEvidence', 'scoreSubmission', 'recordCheckIn', 'moderateAssessment', 'fileAppeal', 'decideAppeal', 'pauseJourney', 'withdrawJourney', 'revokeCredential']),
    );
  });

  // rosa assesses (scoreSubmission needs the role) and sits on another journey's panel; mira sits on
  // the committee and moderated another journey; sam is a colleague of alex with the same manager.
  const strangers = ['rosa', 'mira', 'sam'];

  it.each(journeyMutations.map((m) => [m.name, m] as const))(
    'an employee cannot learn from %s whether a colleague is enrolled, or at which stage',
    async (_name, mutation) => {
      for (const personId of strangers) {
        const missing = await attempt(personId, mutation, MISSING);
        const hidden = await attempt(personId, mutation, A);
        // scoreSubmission refuses non-assessors at the API gate, whatever the journey: that tells nothing either.
        if (mutation.name === 'scoreSubmission' && personId !== 'rosa') {
          expect(hidden).toEqual({ errors: [ErrorCode.Forbidden] });
          expect(missing).toEqual(hidden);
          continue;
        }
        expect(missing).toEqual(notFound(MISSING));
        expect(hidden).toEqual(notFound(A));
      }
    },
  );

  it('the people who may act still reach the workflow', async () => {
    const byName = Object.fromEntries(journeyMutations.map((m) => [m.name, m]));
    for (const [personId, name, journeyId] of [
      ['alex', 'pauseJourney', A],
      ['maya', 'pauseJourney', A],
      ['tom', 'recordCheckIn', A],
      ['lars', 'scoreSubmission', A],
      ['dana', 'decideAppeal', A],
      ['hana', 'withdrawJourney', A],
      // A committee member may revoke any active credential, which activeCredentials lists for them.
      ['dana', 'revokeCredential', C],
    ] as const) {
      expect(await attempt(personId, byName[name]!, journeyId), `${personId} ${name}`).toEqual({ errors: [ErrorCode.WorkflowUnavailable] });
    }
  });

  it('a committee member cannot use revocation to learn of a journey without an active credential', async () => {
    const revoke = journeyMutations.find((m) => m.name === 'revokeCredential')!;
    expect(await attempt('dana', revoke, `journey:${PROGRAM}:sam`)).toEqual(notFound(`journey:${PROGRAM}:sam`));
  });
});
