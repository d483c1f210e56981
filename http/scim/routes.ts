import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { IntegrationClientService } from '../../services/integration-clients.js';
import type { Actor } from '../../services/people/directory.js';
import { resourceTypes, schemas, serviceProviderConfig } from '../../services/people/scim/discovery.js';
import { SCHEMA, ScimError } from '../../services/people/scim/resources.js';
import type { ScimService } from '../../services/people/scim/service.js';
import type { EdgeEnv } from '../env.js';

// SCIM 2.0 at /scim/v2 (RFC 7644) for the company's identity provider. Every request carries the
// provisioning client's bearer token; answers and errors are application/scim+json, errors in SCIM's
// own format, so Okta's and Entra ID's provisioning logs show what was wrong.

type ScimEnv = EdgeEnv & { Variables: EdgeEnv['Variables'] & { actor: Actor } };

/** Far above any single user or group with its members, far below what would hurt. */
const MAX_BODY_BYTES = 1024 * 1024;
const CONTENT_TYPE = 'application/scim+json; charset=utf-8';

export interface ScimRouteDeps {
  scim: ScimService;
  clients: IntegrationClientService;
  /** Declared person attributes that may arrive in Certiflow's extension. */
  declaredAttributes: () => Promise<{ name: string; type: string; description: string }[]>;
  /** Where this service is reached from outside (meta.location); the request's own origin otherwise. */
  publicUrl?: string;
}

function scimJson(c: Context, body: unknown, status: 200 | 201 = 200): Response {
  return c.body(JSON.stringify(body), status, { 'content-type': CONTENT_TYPE });
}

function scimError(c: Context, status: number, detail: string, scimType?: string): Response {
  const body = { schemas: [SCHEMA.error], status: String(status), ...(scimType ? { scimType } : {}), detail };
  return c.body(JSON.stringify(body), status as 400, { 'content-type': CONTENT_TYPE });
}

async function jsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(scim\+)?json\b/i.test(type)) throw new ScimError(415, 'Send the body as application/scim+json (or application/json).');
  try {
    return await c.req.json();
  } catch {
    throw new ScimError(400, 'The body is not valid JSON.', 'invalidSyntax');
  }
}

function listQuery(c: Context) {
  const number = (name: string) => {
    const raw = c.req.query(name);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value)) throw new ScimError(400, `${name} must be a whole number, not "${raw}".`, 'invalidValue');
    return value;
  };
  return { filter: c.req.query('filter'), startIndex: number('startIndex'), count: number('count') };
}

const excludesMembers = (c: Context) => /(^|,)\s*members\s*(,|$)/i.test(c.req.query('excludedAttributes') ?? '');

export function scimRoutes(deps: ScimRouteDeps): Hono<ScimEnv> {
  const { scim } = deps;
  const app = new Hono<ScimEnv>();
  const base = (c: Context) => `${deps.publicUrl ?? new URL(c.req.url).origin}/scim/v2`;

  app.onError((error, c) => {
    if (error instanceof ScimError) return scimError(c, error.status, error.message, error.scimType);
    throw error;
  });
  app.notFound((c) => scimError(c, 404, `No SCIM endpoint ${c.req.method} ${new URL(c.req.url).pathname}.`));

  app.use(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const client = token ? await deps.clients.authenticateToken('scim', token) : null;
    if (!client) {
      c.header('WWW-Authenticate', 'Bearer realm="Certiflow SCIM"');
      return scimError(c, 401, 'A valid provisioning bearer token is required.');
    }
    c.set('actor', { id: `scim:${client.id}`, source: 'scim' });
    await next();
  });
  app.use(bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => scimError(c, 413, `The body is larger than ${MAX_BODY_BYTES} bytes.`, 'tooMany') }));

  app.get('/ServiceProviderConfig', (c) => scimJson(c, serviceProviderConfig(`${base(c)}/ServiceProviderConfig`)));
  app.get('/ResourceTypes', (c) => scimJson(c, listOf(resourceTypes())));
  app.get('/ResourceTypes/:id', (c) => {
    const found = resourceTypes().find((r) => r.id === c.req.param('id'));
    return found ? scimJson(c, found) : scimError(c, 404, `No resource type ${c.req.param('id')}.`);
  });
  app.get('/Schemas', async (c) => scimJson(c, listOf(schemas(await deps.declaredAttributes()))));
  app.get('/Schemas/:id', async (c) => {
    const found = schemas(await deps.declaredAttributes()).find((s) => s.id === c.req.param('id'));
    return found ? scimJson(c, found) : scimError(c, 404, `No schema ${c.req.param('id')}.`);
  });

  app.get('/Users', async (c) => scimJson(c, await scim.listUsers(listQuery(c), base(c))));
  app.get('/Users/:id', async (c) => scimJson(c, await scim.getUser(c.req.param('id'), base(c))));
  app.post('/Users', async (c) => scimJson(c, await scim.createUser(await jsonBody(c), c.get('actor'), base(c)), 201));
  app.put('/Users/:id', async (c) => scimJson(c, await scim.replaceUser(c.req.param('id'), await jsonBody(c), c.get('actor'), base(c))));
  app.patch('/Users/:id', async (c) => scimJson(c, await scim.patchUser(c.req.param('id'), await jsonBody(c), c.get('actor'), base(c))));
  app.delete('/Users/:id', async (c) => {
    await scim.deleteUser(c.req.param('id'), c.get('actor'));
    return c.body(null, 204);
  });

  app.get('/Groups', async (c) => scimJson(c, await scim.listGroups({ ...listQuery(c), excludeMembers: excludesMembers(c) }, base(c))));
  app.get('/Groups/:id', async (c) => scimJson(c, await scim.getGroup(c.req.param('id'), base(c), excludesMembers(c))));
  app.post('/Groups', async (c) => scimJson(c, await scim.createGroup(await jsonBody(c), c.get('actor'), base(c)), 201));
  app.put('/Groups/:id', async (c) => scimJson(c, await scim.replaceGroup(c.req.param('id'), await jsonBody(c), c.get('actor'), base(c))));
  app.patch('/Groups/:id', async (c) => scimJson(c, await scim.patchGroup(c.req.param('id'), await jsonBody(c), c.get('actor'), base(c))));
  app.delete('/Groups/:id', async (c) => {
    await scim.deleteGroup(c.req.param('id'), c.get('actor'));
    return c.body(null, 204);
  });
  return app;
}

function listOf<T>(resources: T[]) {
  return { schemas: [SCHEMA.list], totalResults: resources.length, startIndex: 1, itemsPerPage: resources.length, Resources: resources };
}
