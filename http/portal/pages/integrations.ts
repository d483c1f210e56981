import { html, type SafeHtml } from '../../../html/template.js';
import { emptyState, formatDateTime, postForm, table } from '../components.js';
import { graphql } from '../graphql.js';
import { choice, type PageContext, type PageHandler, page, param, redirect, requireRole, type Route } from '../page.js';
import type { RouteOptions } from '../routes.js';
import { textInput } from './people-common.js';

// The admin's page for what connects Certiflow to the company's systems: SCIM and xAPI clients (a
// secret is shown once, on the page that issued it, never in a redirect or a cookie), which roles a
// directory group gives, which course an LMS activity is, and the person attributes rules may use.

const OVERVIEW = graphql(`query Integrations { integrationClients { id name kind createdBy createdAt rotatedAt revokedAt lastUsedAt }
  groupRoleMappings { groupName roles } learningActivities { activityId courseCode } facts { name type description builtIn source } }`);
const CREATE = graphql(`mutation CreateIntegrationClient($name: String!, $kind: IntegrationKind!) { createIntegrationClient(name: $name, kind: $kind) {
  __typename ... on MutationCreateIntegrationClientSuccess { data { secret client { id name kind } } } ... on CertiflowError { message } } }`);
const ROTATE = graphql(`mutation RotateIntegrationClientSecret($id: ID!) { rotateIntegrationClientSecret(id: $id) {
  __typename ... on MutationRotateIntegrationClientSecretSuccess { data { secret client { id name kind } } } ... on CertiflowError { message } } }`);
const REVOKE = graphql(`mutation RevokeIntegrationClient($id: ID!) { revokeIntegrationClient(id: $id) { __typename ... on CertiflowError { message } } }`);
const MAP_GROUP = graphql(`mutation MapDirectoryGroup($groupName: String!, $roles: [String!]!) { mapDirectoryGroup(groupName: $groupName, roles: $roles) { __typename ... on CertiflowError { message } } }`);
const MAP_ACTIVITY = graphql(`mutation MapLearningActivity($activityId: String!, $courseCode: String!) { mapLearningActivity(activityId: $activityId, courseCode: $courseCode) { __typename ... on CertiflowError { message } } }`);
const DECLARE = graphql(`mutation DeclarePersonAttribute($name: String!, $type: FactType!, $description: String!, $source: PersonAttributeSource!) {
  declarePersonAttribute(name: $name, type: $type, description: $description, source: $source) { __typename ... on CertiflowError { message } } }`);

const ROLES = ['candidate', 'manager', 'mentor', 'assessor', 'committee', 'program_owner', 'hr', 'admin'] as const;
const KINDS = ['SCIM', 'XAPI'] as const;
const FACT_TYPES = ['NUMBER', 'STRING', 'STRING_LIST', 'BOOLEAN', 'DATE'] as const;
const SOURCES = ['SCIM', 'CSV'] as const;
const BASE = '/admin/integrations';

type Issued = { secret: string; client: { id: string; name: string; kind: string } };

/** The secret and how to use it, shown once. */
function issuedSecret(ctx: PageContext, issued: Issued): SafeHtml {
  const how =
    issued.client.kind === 'SCIM'
      ? html`<p>In the identity provider's provisioning settings: SCIM base URL <code>${ctx.publicUrl}/scim/v2</code>, authentication "HTTP header / bearer token", and this token.</p>`
      : html`<p>In the LMS's LRS settings: endpoint <code>${ctx.publicUrl}/xapi/</code>, HTTP Basic with user name <code>${issued.client.id}</code> and this secret.</p>`;
  return html`<section class="panel" role="status" aria-labelledby="secret-heading"><h2 id="secret-heading">Secret for ${issued.client.name}</h2>
<p><strong>Copy it now: it is not shown again.</strong> Only a hash of it is kept.</p>
<p><code class="secret">${issued.secret}</code></p>${how}</section>`;
}

async function integrationsPage(ctx: PageContext, issued?: Issued) {
  requireRole(ctx, 'admin');
  const data = await ctx.api(OVERVIEW);
  const clientRows = data.integrationClients.map((c) => [
    c.name,
    c.kind,
    c.id,
    formatDateTime(c.createdAt),
    c.lastUsedAt ? formatDateTime(c.lastUsedAt) : 'never',
    c.revokedAt
      ? `revoked ${formatDateTime(c.revokedAt)}`
      : html`${postForm(`${BASE}/clients/${encodeURIComponent(c.id)}/rotate`, ctx.csrf, html`<button type="submit">New secret</button>`, { label: `New secret for ${c.name}` })}
${postForm(`${BASE}/clients/${encodeURIComponent(c.id)}/revoke`, ctx.csrf, html`<button type="submit">Revoke</button>`, { label: `Revoke ${c.name}` })}`,
  ]);
  const declared = data.facts.filter((f) => !f.builtIn);
  return page(
    'Integrations',
    html`<h1>Integrations</h1>
<p class="lede">How people, groups and learning records reach Certiflow from the company's own systems (see docs/people.md in the Certiflow repository).</p>
${issued ? issuedSecret(ctx, issued) : ''}
<section aria-labelledby="clients-heading"><h2 id="clients-heading">Clients</h2>
${clientRows.length ? table('Provisioning and LMS clients', ['Name', 'Kind', 'Id', 'Created', 'Last used', ''], clientRows) : emptyState('No clients yet.')}
${postForm(`${BASE}/clients`, ctx.csrf, html`${textInput('client-name', 'name', 'Name', { required: true, maxLength: 100, hint: 'e.g. Okta, Entra ID, Moodle' })}
<label for="client-kind">Kind</label><select id="client-kind" name="kind"><option value="SCIM">SCIM (identity provider)</option><option value="XAPI">xAPI (LMS)</option></select>
<button type="submit" class="primary">Create client</button>`, { label: 'New client', className: 'stack card' })}</section>
<section aria-labelledby="groups-heading"><h2 id="groups-heading">Directory groups and roles</h2>
${data.groupRoleMappings.length ? table('Roles by group', ['Group', 'Roles'], data.groupRoleMappings.map((m) => [m.groupName, m.roles.join(', ')])) : emptyState('No group gives roles yet.')}
${postForm(`${BASE}/groups`, ctx.csrf, html`${textInput('group-name', 'groupName', 'Group name (as the identity provider names it)', { required: true, maxLength: 200 })}
<fieldset><legend>Roles its members get (none removes the mapping)</legend>${ROLES.map((r) => html`<label class="check"><input type="checkbox" name="roles" value="${r}"> ${r}</label>`)}</fieldset>
<button type="submit" class="primary">Save mapping</button>`, { label: 'Group roles', className: 'stack card' })}</section>
<section aria-labelledby="activities-heading"><h2 id="activities-heading">LMS activities</h2>
${data.learningActivities.length ? table('Activities by course', ['Activity id', 'Course code'], data.learningActivities.map((a) => [a.activityId, a.courseCode])) : emptyState('No activity mapped yet.')}
${postForm(`${BASE}/activities`, ctx.csrf, html`${textInput('activity-id', 'activityId', 'Activity id (the IRI in xAPI statements)', { required: true, maxLength: 500 })}
${textInput('course-code', 'courseCode', 'Course code (as rules name it)', { required: true, maxLength: 100 })}
<button type="submit" class="primary">Map activity</button>`, { label: 'Map an activity', className: 'stack card' })}</section>
<section aria-labelledby="facts-heading"><h2 id="facts-heading">Person attributes for rules</h2>
${declared.length ? table('Declared attributes', ['Name', 'Type', 'Source', 'Meaning'], declared.map((f) => [f.name, f.type, f.source ?? '', f.description])) : emptyState('No attributes declared: rules use the built-in facts only.')}
${postForm(`${BASE}/attributes`, ctx.csrf, html`${textInput('attribute-name', 'name', 'Name (camelCase, e.g. securityClearance)', { required: true, maxLength: 40 })}
<label for="attribute-type">Type</label><select id="attribute-type" name="type">${FACT_TYPES.map((t) => html`<option value="${t}">${t.toLowerCase().replace('_', ' ')}</option>`)}</select>
<label for="attribute-source">Comes from</label><select id="attribute-source" name="source"><option value="CSV">a CSV column in people imports</option><option value="SCIM">the Certiflow SCIM extension</option></select>
${textInput('attribute-description', 'description', 'What it means', { required: true, maxLength: 300 })}
<button type="submit" class="primary">Declare attribute</button>`, { label: 'Declare an attribute', className: 'stack card' })}</section>`,
    { section: 'integrations' },
  );
}

/** A refusal goes back to the page with its message; success with what was done. */
function after(answer: { __typename: string; message?: string }, done: string) {
  return answer.__typename === 'CertiflowError' ? redirect(BASE, { kind: 'error', text: answer.message ?? 'Refused.' }) : redirect(BASE, { kind: 'success', text: done });
}

async function createClient(ctx: PageContext) {
  requireRole(ctx, 'admin');
  const { createIntegrationClient: answer } = await ctx.api(CREATE, { name: ctx.form.get('name') ?? '', kind: choice(ctx.form.get('kind'), KINDS, 'the kind of client') });
  if (answer.__typename !== 'MutationCreateIntegrationClientSuccess') return after(answer, '');
  return integrationsPage(ctx, answer.data);
}

async function rotateClient(ctx: PageContext) {
  requireRole(ctx, 'admin');
  const { rotateIntegrationClientSecret: answer } = await ctx.api(ROTATE, { id: param(ctx, 'id') });
  if (answer.__typename !== 'MutationRotateIntegrationClientSecretSuccess') return after(answer, '');
  return integrationsPage(ctx, answer.data);
}

async function revokeClient(ctx: PageContext) {
  requireRole(ctx, 'admin');
  const { revokeIntegrationClient: answer } = await ctx.api(REVOKE, { id: param(ctx, 'id') });
  return after(answer, 'The client is revoked: its secret no longer works.');
}

async function mapGroup(ctx: PageContext) {
  requireRole(ctx, 'admin');
  const roles = ctx.form.getAll('roles').map((r) => choice(r, ROLES, 'roles'));
  const { mapDirectoryGroup: answer } = await ctx.api(MAP_GROUP, { groupName: ctx.form.get('groupName') ?? '', roles });
  return after(answer, roles.length ? 'Saved: the group\'s members have these roles now.' : 'The mapping is removed.');
}

async function mapActivity(ctx: PageContext) {
  requireRole(ctx, 'admin');
  const { mapLearningActivity: answer } = await ctx.api(MAP_ACTIVITY, { activityId: ctx.form.get('activityId') ?? '', courseCode: ctx.form.get('courseCode') ?? '' });
  return after(answer, 'Mapped: statements about this activity now record the course.');
}

async function declareAttribute(ctx: PageContext) {
  requireRole(ctx, 'admin');
  const { declarePersonAttribute: answer } = await ctx.api(DECLARE, {
    name: ctx.form.get('name') ?? '',
    type: choice(ctx.form.get('type'), FACT_TYPES, 'a type'),
    description: ctx.form.get('description') ?? '',
    source: choice(ctx.form.get('source'), SOURCES, 'where it comes from'),
  });
  return after(answer, 'Declared: rules may use it now.');
}

export function integrationRoutes(_options: RouteOptions): Route<PageHandler>[] {
  return [
    { method: 'GET', path: BASE, handler: (ctx) => integrationsPage(ctx) },
    { method: 'POST', path: `${BASE}/clients`, handler: createClient },
    { method: 'POST', path: `${BASE}/clients/:id/rotate`, handler: rotateClient },
    { method: 'POST', path: `${BASE}/clients/:id/revoke`, handler: revokeClient },
    { method: 'POST', path: `${BASE}/groups`, handler: mapGroup },
    { method: 'POST', path: `${BASE}/activities`, handler: mapActivity },
    { method: 'POST', path: `${BASE}/attributes`, handler: declareAttribute },
  ];
}
