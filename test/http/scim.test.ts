import { beforeAll, describe, expect, it } from 'vitest';
import { createIntegrationClientService } from '../../services/integration-clients.js';
import { createDepartureService, pseudonymOf } from '../../services/people/departures.js';
import { createPeopleDirectory } from '../../services/people/directory.js';
import { useTestApp } from '../harness/fixture.js';
import { recordHistories } from '../harness/histories.js';
import { certifyCandidate, enroll, waitForEmail, waitForEvent, waitForStage } from '../harness/journey-driver.js';

// SCIM 2.0 provisioning as Okta and Microsoft Entra ID send it (their documented create, filter, PATCH
// and deactivate calls), on the real app with a real Temporal server: a deactivation reaches the
// leaver's journeys, a manager change the pending approval.

const { env, app } = useTestApp({ temporal: 'dev-server' });

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
let token = '';

async function scim(method: string, path: string, body?: unknown, bearer = token) {
  const response = await fetch(`${app.baseUrl}/scim/v2${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body ? { 'content-type': 'application/scim+json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), body: text ? JSON.parse(text) : null };
}

beforeAll(async () => {
  const issued = await createIntegrationClientService(app.db.prisma).create({ name: 'Okta', kind: 'scim', createdBy: 'ari' });
  if (!issued.ok) throw new Error(issued.error.message);
  token = issued.value.secret;
});

describe('SCIM discovery and authentication', () => {
  it('refuses a missing, wrong or revoked token in the SCIM error format', async () => {
    const missing = await scim('GET', '/Users', undefined, '');
    expect(missing.status).toBe(401);
    expect(missing.type).toMatch(/^application\/scim\+json/);
    expect(missing.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401' });
    expect((await scim('GET', '/Users', undefined, 'cf_scim_not-a-real-token')).status).toBe(401);
    const clients = createIntegrationClientService(app.db.prisma);
    const other = await clients.create({ name: 'Old Entra app', kind: 'scim', createdBy: 'ari' });
    if (!other.ok) throw new Error('client');
    expect((await scim('GET', '/Users', undefined, other.value.secret)).status).toBe(200);
    const rotated = await clients.rotate(other.value.client.id);
    if (!rotated.ok) throw new Error('rotate');
    expect((await scim('GET', '/Users', undefined, other.value.secret)).status).toBe(401);
    expect((await scim('GET', '/Users', undefined, rotated.value.secret)).status).toBe(200);
    await clients.revoke(other.value.client.id);
    expect((await scim('GET', '/Users', undefined, rotated.value.secret)).status).toBe(401);
    // An xAPI secret is not a provisioning token.
    const lms = await clients.create({ name: 'Moodle', kind: 'xapi', createdBy: 'ari' });
    if (!lms.ok) throw new Error('lms');
    expect((await scim('GET', '/Users', undefined, lms.value.secret)).status).toBe(401);
  });

  it('describes itself: ServiceProviderConfig, ResourceTypes and Schemas', async () => {
    const config = await scim('GET', '/ServiceProviderConfig');
    expect(config.body).toMatchObject({ patch: { supported: true }, filter: { supported: true, maxResults: 200 }, bulk: { supported: false } });
    const types = await scim('GET', '/ResourceTypes');
    expect(types.body.Resources.map((r: { id: string }) => r.id)).toEqual(['User', 'Group']);
    const schemas = await scim('GET', '/Schemas');
    expect(schemas.body.Resources.map((s: { id: string }) => s.id)).toContain(ENTERPRISE);
    expect((await scim('GET', `/Schemas/${ENTERPRISE}`)).body.attributes.map((a: { name: string }) => a.name)).toEqual(['employeeNumber', 'department', 'manager']);
  });
});

describe('users as Okta provisions them', () => {
  it('looks the user up, creates, finds, updates, refuses a duplicate and deactivates', async () => {
    // Okta first asks whether the user exists.
    const lookup = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "test.user@okta.local"')}&startIndex=1&count=100`);
    expect(lookup.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] });

    const created = await scim('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'test.user@okta.local',
      name: { givenName: 'Test', familyName: 'User' },
      emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
      displayName: 'Test User',
      locale: 'en-US',
      externalId: '00ujl29u0le5T6Aj10h7',
      groups: [],
      password: '1mz050nq',
      active: true,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ userName: 'test.user@okta.local', active: true, externalId: '00ujl29u0le5T6Aj10h7', displayName: 'Test User' });
    const id = created.body.id as string;
    const person = await app.db.prisma.person.findUniqueOrThrow({ where: { id } });
    expect(person).toMatchObject({ email: 'test.user@okta.local', roles: ['candidate'], source: 'scim', hiredAt: null, version: 1 });

    const found = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "TEST.USER@okta.local"')}`);
    expect(found.body.totalResults).toBe(1);
    const meta = (await scim('GET', `/Users/${id}`)).body.meta;
    expect(meta.resourceType).toBe('User');
    expect(meta.location).toMatch(new RegExp(`/scim/v2/Users/${id}$`));

    const duplicate = await scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'test.user@okta.local', emails: [{ value: 'other@okta.local', primary: true }] });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ status: '409', scimType: 'uniqueness' });

    // Profile push: Okta PUTs the whole user.
    const replaced = await scim('PUT', `/Users/${id}`, {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
      id,
      userName: 'test.user@okta.local',
      name: { givenName: 'Tess', familyName: 'User' },
      emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
      displayName: 'Tess User',
      active: true,
      [ENTERPRISE]: { department: 'Finance', employeeNumber: 'E-1001' },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body[ENTERPRISE]).toMatchObject({ department: 'Finance', employeeNumber: 'E-1001' });

    // Sending the same again is not a change: no new version.
    const before = await app.db.prisma.person.findUniqueOrThrow({ where: { id } });
    await scim('PUT', `/Users/${id}`, { ...replaced.body });
    expect((await app.db.prisma.person.findUniqueOrThrow({ where: { id } })).version).toBe(before.version);

    // Okta deactivates with a path-less replace.
    const deactivated = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] });
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.active).toBe(false);
    const audit = await app.db.prisma.personAudit.findMany({ where: { personId: id }, orderBy: { version: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['created', 'updated', 'deactivated']);
    expect(audit[1]!.changes).toMatchObject({ name: { from: 'Test User', to: 'Tess User' }, department: { from: '', to: 'Finance' } });
    expect(audit.every((a) => a.actor.startsWith('scim:') && a.source === 'scim')).toBe(true);
    // Inactive users stay findable: Okta reactivates them later.
    expect((await scim('GET', `/Users?filter=${encodeURIComponent('active eq false and userName sw "test.user"')}`)).body.totalResults).toBe(1);
  });

  it('pages through users and answers bad filters with invalidFilter', async () => {
    const first = await scim('GET', '/Users?startIndex=1&count=5');
    expect(first.body).toMatchObject({ startIndex: 1, itemsPerPage: 5 });
    const second = await scim('GET', '/Users?startIndex=6&count=5');
    expect(second.body.Resources[0].id).not.toBe(first.body.Resources[0].id);
    expect(first.body.totalResults).toBe(second.body.totalResults);
    const contains = await scim('GET', `/Users?filter=${encodeURIComponent('emails co "example.com" and (title sw "Software" or title sw "Site")')}`);
    expect(contains.body.Resources.map((r: { id: string }) => r.id).sort()).toEqual(['alex', 'jordan']);
    const bad = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.scimType).toBe('invalidFilter');
    const unknown = await scim('GET', `/Users?filter=${encodeURIComponent('nickName eq "x"')}`);
    expect(unknown.body).toMatchObject({ status: '400', scimType: 'invalidFilter' });
    expect((await scim('GET', '/Users/no-such-user')).status).toBe(404);
  });
});

describe('users as Microsoft Entra ID provisions them', () => {
  it('creates with the enterprise extension and patches with capitalised operations and extension paths', async () => {
    const created = await scim('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
      externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
      userName: 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1',
      active: true,
      emails: [{ primary: true, type: 'work', value: 'Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com' }],
      meta: { resourceType: 'User' },
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
      roles: [],
      [ENTERPRISE]: { department: 'Sales', employeeNumber: '701984', manager: { value: 'omar' } },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body[ENTERPRISE].manager).toMatchObject({ value: 'omar', displayName: 'Omar Haddad' });

    const patched = await scim('PATCH', `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
        { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
        { op: 'Add', path: `${ENTERPRISE}:manager`, value: 'maya' },
        { op: 'Replace', path: `${ENTERPRISE}:department`, value: 'Engineering' },
      ],
    });
    expect(patched.body.detail).toBeUndefined();
    expect(patched.status).toBe(200);
    const person = await app.db.prisma.person.findUniqueOrThrow({ where: { id } });
    expect(person).toMatchObject({ email: 'updatedemail@microsoft.com', familyName: 'updatedFamilyName', managerId: 'maya', department: 'Engineering' });

    // Entra's path-less form with the extension attribute under its full name, and "False" as a string.
    await scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Add', value: { [`${ENTERPRISE}:employeeNumber`]: '701985' } }] });
    expect((await app.db.prisma.person.findUniqueOrThrow({ where: { id } })).employeeNumber).toBe('701985');
    const removed = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Remove', path: `${ENTERPRISE}:manager` }] });
    expect(removed.body[ENTERPRISE].manager).toBeUndefined();
    const disabled = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
    expect(disabled.body.active).toBe(false);

    // Paths and keys that reach an object's prototype are refused, never applied.
    for (const operation of [
      { op: 'add', path: '__proto__.polluted', value: 'yes' },
      { op: 'add', path: 'constructor.prototype.polluted', value: 'yes' },
      { op: 'add', value: { ['__proto__']: { polluted: 'yes' } } },
    ]) {
      const refused = await fetch(`${app.baseUrl}/scim/v2/Users/${id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
        body: `{"schemas":["${PATCH_OP}"],"Operations":[${JSON.stringify(operation).replace('"__proto__"', '"__proto__"')}]}`,
      });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { scimType: string }).scimType).toBe('invalidPath');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const badValue = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'maybe' }] });
    expect(badValue.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect(badValue.body.detail).toContain('active');
    const noSchema = await scim('PATCH', `/Users/${id}`, { Operations: [{ op: 'Replace', path: 'active', value: true }] });
    expect(noSchema.body).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
    const unknownManager = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: `${ENTERPRISE}:manager`, value: 'nobody' }] });
    expect(unknownManager.body).toMatchObject({ status: '400', scimType: 'invalidValue' });

    // Entra deletes after soft-deleting; the person stays as history, no longer a resource.
    expect((await scim('DELETE', `/Users/${id}`)).status).toBe(204);
    expect((await scim('GET', `/Users/${id}`)).status).toBe(404);
    expect((await app.db.prisma.person.findUniqueOrThrow({ where: { id } })).deletedAt).not.toBeNull();
  });
});

describe('groups give roles by the configured mapping', () => {
  it('creates a group, adds and removes members as Okta and Entra do, and roles follow', async () => {
    const mapped = await app.db.prisma.person.findUniqueOrThrow({ where: { id: 'kenji' } });
    expect(mapped.roles).not.toContain('mentor');
    const group = await scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Certiflow Mentors', members: [] });
    expect(group.status).toBe(201);
    const id = group.body.id as string;
    await createPeopleDirectory({ prisma: app.db.prisma }).mapGroupRoles('Certiflow Mentors', ['mentor'], 'ari');

    // Okta: add with a members path.
    await scim('PATCH', `/Groups/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: 'kenji', display: 'kenji@example.com' }, { value: 'rosa' }] }] });
    expect((await app.db.prisma.person.findUniqueOrThrow({ where: { id: 'kenji' } })).roles).toContain('mentor');
    // Okta: remove by a value filter in the path.
    await scim('PATCH', `/Groups/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: 'members[value eq "kenji"]' }] });
    expect((await app.db.prisma.person.findUniqueOrThrow({ where: { id: 'kenji' } })).roles).not.toContain('mentor');
    // Entra: capitalised Remove with a list of members.
    await scim('PATCH', `/Groups/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Remove', path: 'members', value: [{ value: 'rosa' }] }] });
    expect((await app.db.prisma.person.findUniqueOrThrow({ where: { id: 'rosa' } })).roles).toEqual(['assessor']);

    const listed = await scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Certiflow Mentors"')}&excludedAttributes=members`);
    expect(listed.body.Resources).toEqual([expect.not.objectContaining({ members: expect.anything() })]);
    const badMember = await scim('PATCH', `/Groups/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: 'ghost' }] }] });
    expect(badMember.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect((await scim('DELETE', `/Groups/${id}`)).status).toBe(204);
  });
});

describe('leavers and movers reach their journeys', () => {
  it('moves a pending approval to the new manager and tells both', async () => {
    await app.withWorker(async () => {
      const { journeyId } = await enroll(app, 'alex');
      await waitForStage(env.client, journeyId, 'awaiting_manager_approval');
      await waitForEmail(app, 'maya@example.com', /Approval needed: Alex Kim/);
      const moved = await scim('PATCH', '/Users/alex', { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: `${ENTERPRISE}:manager`, value: { value: 'omar' } }] });
      expect(moved.status).toBe(200);
      await waitForEvent(app, journeyId, 'approval_rerouted');
      await waitForEmail(app, 'maya@example.com', /No longer needed: approval for Alex Kim/);
      await waitForEmail(app, 'omar@example.com', /Approval needed: Alex Kim/);
      const approvals = await app.db.prisma.approval.findMany({ where: { journeyId }, orderBy: { createdAt: 'asc' } });
      expect(approvals.map((a) => [a.approverId, a.decision])).toEqual([
        ['maya', 'rerouted'],
        ['omar', null],
      ]);

      // Alex then leaves: the journey is withdrawn as "left the company", nothing more is sent to him.
      const sentToAlex = app.smtp.messages().filter((m) => m.to.includes('alex@example.com')).length;
      await scim('PATCH', '/Users/alex', { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] });
      await waitForStage(env.client, journeyId, 'withdrawn');
      // The workflow's stage moves first; the read model follows with the event that records it.
      await waitForEvent(app, journeyId, 'journey_withdrawn');
      const journey = await app.db.prisma.journey.findUniqueOrThrow({ where: { id: journeyId } });
      expect(journey.endReason).toBe('Left the company.');
      expect((await app.db.prisma.approval.findFirstOrThrow({ where: { journeyId, approverId: 'omar' } })).decision).toBe('withdrawn');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(app.smtp.messages().filter((m) => m.to.includes('alex@example.com'))).toHaveLength(sentToAlex);
      expect(await env.client.workflow.getHandle(journeyId).result()).toMatchObject({ stage: 'withdrawn', reason: 'Left the company.' });
      await recordHistories(env.client, journeyId, 'journey-v6-approval-rerouted-then-left');
    });
  });

  it('ends a holder without reminders, keeps the credential as history, and erases personal data after retention', async () => {
    await app.withWorker(async () => {
      const { journeyId } = await certifyCandidate(app, env.client, 'jordan', 3);
      await scim('PATCH', '/Users/jordan', { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: false }] });
      await waitForEvent(app, journeyId, 'holder_left');
      const journey = await app.db.prisma.journey.findUniqueOrThrow({ where: { id: journeyId } });
      expect(journey.stage).toBe('withdrawn');
      const credential = await app.db.prisma.credential.findFirstOrThrow({ where: { journeyId } });
      expect(credential.status).toBe('active');
      // The workflow is over: no reminder can come from it.
      expect(await env.client.workflow.getHandle(journeyId).result()).toMatchObject({ stage: 'withdrawn' });
      await recordHistories(env.client, journeyId, 'journey-v6-holder-left');
    });
    // The retention period is a year by default; the erasure step itself, run now:
    const person = await app.db.prisma.person.findUniqueOrThrow({ where: { id: 'jordan' } });
    const departures = createDepartureService({ prisma: app.db.prisma });
    expect(await departures.eraseLeaver('jordan', new Date(0).toISOString())).toBe('returned');
    expect(await departures.eraseLeaver('jordan', person.leftAt!.toISOString())).toBe('erased');
    const erased = await app.db.prisma.person.findUniqueOrThrow({ where: { id: 'jordan' } });
    expect(erased).toMatchObject({ name: pseudonymOf('jordan'), email: `${pseudonymOf('jordan')}@erased.invalid`, userName: null });
    expect(await app.db.prisma.credential.count({ where: { personId: 'jordan' } })).toBe(1);
    const audit = await app.db.prisma.personAudit.findMany({ where: { personId: 'jordan' } });
    expect(JSON.stringify(audit)).not.toContain('Jordan');
  });
});
