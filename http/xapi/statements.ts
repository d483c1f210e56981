import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { auth } from 'hono/utils/basic-auth';
import { type DomainError, ErrorCode } from '../../domain/errors.js';
import type { IntegrationClientService } from '../../services/integration-clients.js';
import { type LearningRecordService, XAPI_VERSION } from '../../services/learning-records.js';
import type { EdgeEnv } from '../env.js';

// The xAPI 1.0.3 statements resource for LMS clients, write side only: POST (one statement or a
// batch) and PUT (one, with its id in the query). Each LMS authenticates with HTTP Basic as an
// integration client of kind xapi. Answers are JSON errors `{ error: { code, message, path } }`.

/** A batch of a few thousand statements, as LMSs send after an outage, fits; anything larger is refused unread. */
export const XAPI_BODY_BYTES = 4 * 1024 * 1024;

const VERSION_HEADER = 'X-Experience-API-Version';
const ACCEPTED_VERSION = /^1\.0(\.\d+)?$/;

export interface XapiEnv extends EdgeEnv {
  Variables: EdgeEnv['Variables'] & { xapiClientId: string; xapiBody: unknown };
}

type Status = 400 | 401 | 403 | 405 | 409 | 413;

const problem = (c: Context<XapiEnv>, status: Status, error: { code: string; message: string; path?: string }, headers: Record<string, string> = {}) =>
  c.json({ error }, status, headers);

const statusFor = (error: DomainError): Status => (error.code === ErrorCode.Conflict ? 409 : error.code === ErrorCode.Forbidden ? 403 : 400);

/** The spec has the LRS name its version on every answer, errors included. */
const versionOnEveryResponse: MiddlewareHandler<XapiEnv> = async (c, next) => {
  await next();
  c.res.headers.set(VERSION_HEADER, XAPI_VERSION);
};

const versionRequired: MiddlewareHandler<XapiEnv> = async (c, next) => {
  const version = c.req.header(VERSION_HEADER);
  if (!version || !ACCEPTED_VERSION.test(version.trim())) {
    const message = version ? `${VERSION_HEADER} ${version} is not supported; send 1.0.3.` : `The ${VERSION_HEADER} header is required; send 1.0.3.`;
    return problem(c, 400, { code: ErrorCode.InvalidInput, message, path: VERSION_HEADER });
  }
  await next();
};

function basicAuthAsClient(clients: IntegrationClientService): MiddlewareHandler<XapiEnv> {
  return async (c, next) => {
    const credentials = auth(c.req.raw);
    const client = credentials ? await clients.authenticateBasic('xapi', credentials.username, credentials.password) : null;
    if (!client) {
      const message = 'Authenticate with HTTP Basic: the xAPI client id as user name and its secret as password.';
      return problem(c, 401, { code: ErrorCode.Unauthenticated, message }, { 'www-authenticate': 'Basic realm="xAPI"' });
    }
    c.set('xapiClientId', client.id);
    await next();
  };
}

/** JSON only: multipart statements (signed ones, attachments) are not taken. */
const jsonBody: MiddlewareHandler<XapiEnv> = async (c, next) => {
  if (!/^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
    return problem(c, 400, { code: ErrorCode.InvalidInput, message: 'Send statements as application/json.', path: 'Content-Type' });
  }
  try {
    c.set('xapiBody', JSON.parse(await c.req.text()));
  } catch {
    return problem(c, 400, { code: ErrorCode.InvalidInput, message: 'The body is not valid JSON.', path: 'body' });
  }
  await next();
};

export function xapiRoutes(deps: { clients: IntegrationClientService; records: LearningRecordService }): Hono<XapiEnv> {
  const routes = new Hono<XapiEnv>({ strict: false });
  routes.use(versionOnEveryResponse);
  routes.get('/about', (c) => c.json({ version: [XAPI_VERSION] }));

  const tooLarge = (c: Context<XapiEnv>) =>
    problem(c, 413, { code: ErrorCode.RequestTooLarge, message: `Send at most ${XAPI_BODY_BYTES / 1024 / 1024} MiB of statements per request.`, path: 'body' }, { connection: 'close' });
  routes.on(['POST', 'PUT'], '/statements', versionRequired, basicAuthAsClient(deps.clients), bodyLimit({ maxSize: XAPI_BODY_BYTES, onError: tooLarge }), jsonBody);

  routes.post('/statements', async (c) => {
    const body = c.get('xapiBody');
    const result = await deps.records.record(c.get('xapiClientId'), Array.isArray(body) ? body : [body]);
    return result.ok ? c.json(result.value) : problem(c, statusFor(result.error), result.error);
  });
  routes.put('/statements', async (c) => {
    const statementId = c.req.query('statementId');
    if (!statementId) return problem(c, 400, { code: ErrorCode.InvalidInput, message: 'PUT needs the statementId query parameter.', path: 'statementId' });
    const result = await deps.records.recordWithId(c.get('xapiClientId'), statementId, c.get('xapiBody'));
    return result.ok ? c.body(null, 204) : problem(c, statusFor(result.error), result.error);
  });
  routes.all('/statements', (c) =>
    problem(c, 405, { code: ErrorCode.InvalidInput, message: 'This LRS takes statements (POST, PUT); it does not serve them.' }, { allow: 'POST, PUT' }),
  );
  return routes;
}
