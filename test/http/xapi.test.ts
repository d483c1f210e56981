import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiOnly, startApiOnly } from '../harness/api-only.js';

// The xAPI statements endpoint as an LMS uses it: over HTTP, with Basic auth as an integration client,
// on the seeded demo people. Statements are shaped like the xAPI 1.0.3 specification's own examples.

const JWT_SECRET = 'xapi-test-jwt-secret-1234';
const COMPLETED = 'http://adlnet.gov/expapi/verbs/completed';
const PASSED = 'http://adlnet.gov/expapi/verbs/passed';
const FAILED = 'http://adlnet.gov/expapi/verbs/failed';
const VOIDED = 'http://adlnet.gov/expapi/verbs/voided';

/** Each test owns its activity and course, so the tests do not see each other's completions. */
const ACTIVITIES = {
  simpleCBT: ['http://example.adlnet.gov/xapi/example/simpleCBT', 'CLOUD-201'],
  batch: ['http://example.adlnet.gov/xapi/example/batch', 'XAPI-BATCH'],
  voiding: ['https://moodle.example.com/course/view.php?id=42', 'XAPI-VOID'],
  adminKept: ['https://totara.example.com/course/7', 'XAPI-ADMIN'],
  ignored: ['https://docebo.example.com/learn/course/9', 'XAPI-IGNORED'],
} as const;

let api: ApiOnly;
let authorization: string;
let clientId: string;

beforeAll(async () => {
  api = await startApiOnly({ jwtSecret: JWT_SECRET, linkRateLimit: false });
  const created = await api.services.integrationClients.create({ name: 'Moodle', kind: 'xapi', createdBy: 'ari' });
  if (!created.ok) throw new Error(created.error.message);
  clientId = created.value.client.id;
  authorization = basic(clientId, created.value.secret);
  for (const [activityId, courseCode] of Object.values(ACTIVITIES)) {
    const mapped = await api.services.learningRecords.mapActivity(activityId, courseCode);
    if (!mapped.ok) throw new Error(mapped.error.message);
  }
  // The LMS knows jordan by the directory's sign-in name, sam by the HR employee number.
  await api.db.prisma.person.update({ where: { id: 'jordan' }, data: { userName: 'jlee' } });
  await api.db.prisma.person.update({ where: { id: 'sam' }, data: { employeeNumber: 'E-1003' } });
});

afterAll(() => api?.close());

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function send(method: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${api.baseUrl}/xapi${path}`, {
    method,
    headers: { authorization, 'x-experience-api-version': '1.0.3', 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const post = (body: unknown, headers?: Record<string, string>) => send('POST', '/statements', body, headers);

/** The spec's simple statement, by a mailbox, with the verb and activity this test needs. */
function statement(overrides: { id?: string; mbox?: string; verb?: string; activity?: string; timestamp?: string; result?: object } = {}) {
  return {
    ...(overrides.id ? { id: overrides.id } : {}),
    timestamp: overrides.timestamp ?? '2015-11-18T12:17:00+00:00',
    actor: { objectType: 'Agent', name: 'Project Tin Can API', mbox: overrides.mbox ?? 'mailto:alex@example.com' },
    verb: { id: overrides.verb ?? COMPLETED, display: { 'en-US': 'completed' } },
    object: {
      id: overrides.activity ?? ACTIVITIES.simpleCBT[0],
      definition: { name: { 'en-US': 'simple CBT course' }, description: { 'en-US': 'A fictitious example CBT course.' } },
    },
    ...(overrides.result ? { result: overrides.result } : {}),
  };
}

/** The spec's account actor: the LMS's own login, not a mailbox. */
const byAccount = (name: string, rest: Parameters<typeof statement>[0]) => {
  const { actor: _mailbox, ...withoutActor } = statement(rest);
  return { ...withoutActor, actor: { objectType: 'Agent', account: { homePage: 'https://moodle.example.com', name } } };
};

const voiding = (id: string, target: string, mbox = 'mailto:admin@example.com') => ({
  id,
  actor: { objectType: 'Agent', mbox },
  verb: { id: VOIDED, display: { 'en-US': 'voided' } },
  object: { objectType: 'StatementRef', id: target },
});

const completion = (personId: string, courseCode: string) =>
  api.db.prisma.courseCompletion.findUnique({ where: { personId_courseCode: { personId, courseCode } } });

const stored = (id: string) => api.db.prisma.learningStatement.findUnique({ where: { id } });

async function expectError(response: Response, status: number, code: string, path?: string) {
  expect(response.status).toBe(status);
  const { error } = (await response.json()) as { error: { code: string; message: string; path?: string } };
  expect(error.code).toBe(code);
  if (path !== undefined) expect(error.path).toBe(path);
  return error;
}

describe('xAPI statements', () => {
  it('says which version it speaks, without credentials', async () => {
    const response = await fetch(`${api.baseUrl}/xapi/about`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-experience-api-version')).toBe('1.0.3');
    expect(await response.json()).toEqual({ version: ['1.0.3'] });
  });

  it('records a completion from the spec’s simple statement, once however often it is sent', async () => {
    const id = 'fd41c918-b88b-4b20-a0a5-a4c32391aaa0';
    const first = await post(statement({ id }));
    expect(first.status).toBe(200);
    expect(first.headers.get('x-experience-api-version')).toBe('1.0.3');
    expect(await first.json()).toEqual([id]);
    const recorded = await completion('alex', 'CLOUD-201');
    expect(recorded).toMatchObject({ completedAt: new Date('2015-11-18T12:17:00Z'), source: 'xapi', statementId: id });

    // The same statement again (its timestamp in another notation, as a retrying LMS may send it).
    const again = await post([{ ...statement({ id }), timestamp: '2015-11-18T13:17:00+01:00' }]);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual([id]);
    expect(await completion('alex', 'CLOUD-201')).toEqual(recorded);
    expect(await api.db.prisma.learningStatement.count({ where: { id } })).toBe(1);
  });

  it('keeps the earliest completion: a later one leaves it, an earlier one replaces it', async () => {
    const later = statement({ timestamp: '2016-01-10T09:00:00Z', result: { success: true, completion: true } });
    const laterResponse = await post(later);
    const [laterId] = (await laterResponse.json()) as string[];
    expect(laterId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await completion('alex', 'CLOUD-201')).toMatchObject({ completedAt: new Date('2015-11-18T12:17:00Z') });

    const earlierId = randomUUID();
    expect((await post(statement({ id: earlierId, verb: PASSED, timestamp: '2015-06-01T08:00:00Z' }))).status).toBe(200);
    expect(await completion('alex', 'CLOUD-201')).toMatchObject({ completedAt: new Date('2015-06-01T08:00:00Z'), statementId: earlierId });
  });

  it('refuses a stored id with different content with 409, and changes nothing', async () => {
    const id = randomUUID();
    await post(statement({ id, activity: ACTIVITIES.ignored[0], verb: FAILED }));
    const response = await post(statement({ id, activity: ACTIVITIES.ignored[0], verb: COMPLETED }));
    await expectError(response, 409, 'CONFLICT', 'statements[0].id');
    expect((await stored(id))?.verb).toBe(FAILED);
    expect(await completion('alex', ACTIVITIES.ignored[1])).toBeNull();

    // The conflict comes after a new statement in the same batch: that one is rolled back too.
    const fresh = randomUUID();
    const batch = await post([statement({ id: fresh, activity: ACTIVITIES.batch[0] }), statement({ id, activity: ACTIVITIES.ignored[0] })]);
    await expectError(batch, 409, 'CONFLICT', 'statements[1].id');
    expect(await stored(fresh)).toBeNull();
    expect(await completion('alex', ACTIVITIES.batch[1])).toBeNull();
  });

  it('stores none of a batch with one invalid statement, naming it by index and path', async () => {
    const good = randomUUID();
    const twoIdentifiers = { ...statement({ activity: ACTIVITIES.batch[0] }), actor: { mbox: 'mailto:alex@example.com', openid: 'https://id.example.com/alex' } };
    const response = await post([statement({ id: good, activity: ACTIVITIES.batch[0] }), twoIdentifiers]);
    const error = await expectError(response, 400, 'INVALID_INPUT', 'statements[1].actor');
    expect(error.message).toMatch(/^statements\[1\]\.actor: /);
    expect(await stored(good)).toBeNull();
    expect(await completion('alex', ACTIVITIES.batch[1])).toBeNull();

    const badTimestamp = await post([statement({ activity: ACTIVITIES.batch[0] }), { ...statement(), timestamp: 'yesterday' }]);
    await expectError(badTimestamp, 400, 'INVALID_INPUT', 'statements[1].timestamp');
    const badSuccess = await post({ ...statement(), result: { success: 'yes' } });
    await expectError(badSuccess, 400, 'INVALID_INPUT', 'statements[0].result.success');
    const badVerb = await post({ ...statement(), verb: { id: 'completed' } });
    await expectError(badVerb, 400, 'INVALID_INPUT', 'statements[0].verb.id');
    const badId = await post({ ...statement(), id: 'not-a-uuid' });
    await expectError(badId, 400, 'INVALID_INPUT', 'statements[0].id');
    expect(await completion('alex', ACTIVITIES.batch[1])).toBeNull();
  });

  it('retracts a voided completion: falls back to the next statement standing, then removes it', async () => {
    const [activity, course] = ACTIVITIES.voiding;
    const first = randomUUID();
    const second = randomUUID();
    const response = await post([
      byAccount('jlee', { id: first, activity, timestamp: '2024-03-01T10:00:00Z' }),
      byAccount('jlee', { id: second, activity, verb: PASSED, timestamp: '2024-03-05T10:00:00Z' }),
    ]);
    expect(response.status).toBe(200);
    expect(await completion('jordan', course)).toMatchObject({ completedAt: new Date('2024-03-01T10:00:00Z'), statementId: first });

    const voidFirst = randomUUID();
    expect((await post(voiding(voidFirst, first))).status).toBe(200);
    expect((await stored(first))?.voidedBy).toBe(voidFirst);
    expect(await completion('jordan', course)).toMatchObject({ completedAt: new Date('2024-03-05T10:00:00Z'), statementId: second, source: 'xapi' });

    const voidSecond = randomUUID();
    expect((await send('PUT', `/statements?statementId=${voidSecond}`, voiding(voidSecond, second))).status).toBe(204);
    expect(await completion('jordan', course)).toBeNull();

    // A voiding statement stands for good; voiding something never seen is accepted.
    await expectError(await post(voiding(randomUUID(), voidFirst)), 400, 'INVALID_INPUT', 'statements[0].object.id');
    const unknownTarget = randomUUID();
    expect((await post(voiding(unknownTarget, randomUUID()))).status).toBe(200);
    expect(await stored(unknownTarget)).not.toBeNull();
  });

  it('never removes a completion recorded elsewhere, and does not move it to a later date', async () => {
    const [activity, course] = ACTIVITIES.adminKept;
    const completedAt = new Date('2023-01-15T00:00:00Z');
    await api.db.prisma.courseCompletion.create({ data: { id: randomUUID(), personId: 'sam', courseCode: course, completedAt, source: 'admin' } });
    const id = randomUUID();
    expect((await post(byAccount('E-1003', { id, activity, timestamp: '2024-06-01T00:00:00Z' }))).status).toBe(200);
    expect((await stored(id))?.personId).toBe('sam');
    expect((await post(voiding(randomUUID(), id))).status).toBe(200);
    expect(await completion('sam', course)).toMatchObject({ completedAt, source: 'admin', statementId: null });
  });

  it('stores statements it cannot use: failed, unsuccessful, unknown activity, unknown person', async () => {
    const [activity, course] = ACTIVITIES.ignored;
    const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const response = await post([
      statement({ id: ids[0], mbox: 'mailto:jordan@example.com', activity, verb: FAILED }),
      statement({ id: ids[1], mbox: 'mailto:jordan@example.com', activity, result: { success: false, completion: true } }),
      statement({ id: ids[2], mbox: 'mailto:JORDAN@Example.com', activity: 'https://moodle.example.com/course/view.php?id=999' }),
      statement({ id: ids[3], mbox: 'mailto:nobody@example.com', activity }),
    ]);
    expect(await response.json()).toEqual(ids);
    const rows = await api.db.prisma.learningStatement.findMany({ where: { id: { in: ids } } });
    expect(rows).toHaveLength(4);
    expect(rows.find((row) => row.id === ids[2])).toMatchObject({ personId: 'jordan', courseCode: null });
    expect(rows.find((row) => row.id === ids[3])).toMatchObject({ personId: null, courseCode: course, clientId });
    expect(await completion('jordan', course)).toBeNull();
  });

  it('takes PUT with the id in the query, and refuses a body whose id differs', async () => {
    const id = randomUUID();
    await expectError(await send('PUT', `/statements?statementId=${id}`, statement({ id: randomUUID() })), 400, 'INVALID_INPUT', 'statement.id');
    const put = await send('PUT', `/statements?statementId=${id}`, statement({ activity: ACTIVITIES.ignored[0], verb: FAILED }));
    expect(put.status).toBe(204);
    expect(put.headers.get('x-experience-api-version')).toBe('1.0.3');
    expect(await stored(id)).not.toBeNull();
  });

  it('requires the version header, JSON and valid credentials', async () => {
    const missing = await send('POST', '/statements', statement(), { 'x-experience-api-version': '' });
    await expectError(missing, 400, 'INVALID_INPUT', 'X-Experience-API-Version');
    expect(missing.headers.get('x-experience-api-version')).toBe('1.0.3');
    await expectError(await post(statement(), { 'x-experience-api-version': '0.95' }), 400, 'INVALID_INPUT');
    await expectError(await post('{"actor":', {}), 400, 'INVALID_INPUT', 'body');
    await expectError(await post('actor=alex', { 'content-type': 'application/x-www-form-urlencoded' }), 400, 'INVALID_INPUT', 'Content-Type');

    const wrongPassword = await post(statement(), { authorization: basic(clientId, 'cf_xapi_wrong') });
    await expectError(wrongPassword, 401, 'UNAUTHENTICATED');
    expect(wrongPassword.headers.get('www-authenticate')).toBe('Basic realm="xAPI"');
    await expectError(await post(statement(), { authorization: '' }), 401, 'UNAUTHENTICATED');

    const revoked = await api.services.integrationClients.create({ name: 'Old Totara', kind: 'xapi', createdBy: 'ari' });
    if (!revoked.ok) throw new Error(revoked.error.message);
    await api.services.integrationClients.revoke(revoked.value.client.id);
    const response = await post(statement(), { authorization: basic(revoked.value.client.id, revoked.value.secret) });
    await expectError(response, 401, 'UNAUTHENTICATED');
  });

  it("refuses one LMS voiding another's statement, and never takes over a completion HR imported", async () => {
    const other = await api.services.integrationClients.create({ name: 'Docebo', kind: 'xapi', createdBy: 'ari' });
    if (!other.ok) throw new Error(other.error.message);
    const asOther = { authorization: basic(other.value.client.id, other.value.secret) };
    const mine = '6c1f8a4e-0d55-4b4e-9a3d-2f0a0c9b7e11';
    expect((await post(statement({ id: mine, mbox: 'mailto:grace@example.com' }))).status).toBe(200);
    await expectError(await post(voiding('6c1f8a4e-0d55-4b4e-9a3d-2f0a0c9b7e12', mine), asOther), 403, 'FORBIDDEN', 'statements[0].object.id');
    expect((await stored(mine))?.voidedBy).toBeNull();

    await api.db.prisma.courseCompletion.create({ data: { id: 'hr-owen-course', personId: 'owen', courseCode: 'CLOUD-201', completedAt: new Date('2020-01-01T00:00:00Z'), source: 'csv' } });
    const earlier = '6c1f8a4e-0d55-4b4e-9a3d-2f0a0c9b7e13';
    expect((await post(statement({ id: earlier, mbox: 'mailto:owen@example.com', timestamp: '2019-01-01T00:00:00Z' }))).status).toBe(200);
    expect((await post(voiding('6c1f8a4e-0d55-4b4e-9a3d-2f0a0c9b7e14', earlier))).status).toBe(200);
    expect(await completion('owen', 'CLOUD-201')).toMatchObject({ source: 'csv', statementId: null });
  });
});
