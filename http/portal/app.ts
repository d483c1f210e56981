import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Context, Hono } from 'hono';
import { html } from '../../html/template.js';
import { localPath, refererPath } from '../auth/local-path.js';
import type { OidcClient } from '../auth/oidc.js';
import { clearCookie, csrfMatches, csrfToken, FLASH_COOKIE, readCookies, SESSION_COOKIE, setCookie, sign, unsign } from '../auth/session.js';
import type { EdgeEnv } from '../env.js';
import { admissionRefusalStatus } from '../files/uploads.js';
import { PORTAL_FORM_BYTES, readForm } from '../middleware/body.js';
import { ApiError, type ApiClient } from './api-client.js';
import { graphql } from './graphql.js';
import { layout } from './layout.js';
import { readMultipart } from './multipart.js';
import {
  NotForYou,
  type Notice,
  type PageContext,
  type PageHandler,
  type PageResult,
  type PortalViewer,
  type Route,
  SignInRequired,
  type DataFile,
  type DataFileUpload,
  type PortalImportRequest,
  type PortalImportResult,
  type StoredUpload,
  type UploadedFile,
} from './page.js';
import { portalRoutes } from './routes.js';

// The portal on the edge: each page of the route table (routes.ts) becomes a Hono route that runs the
// same steps: who is signed in (asked of the API, as every page's data is), the posted form read
// within its limit and its CSRF token checked, the page handler, and its result as a response. Pages
// never see HTTP; they get a PageContext and return a page, a redirect or JSON.

export interface PortalOptions {
  api: ApiClient;
  /** Signs CSRF tokens and notices; the API's link secret is a good choice. */
  secret: string;
  production: boolean;
  publicUrl: string;
  /** Mints a development token for a person id or email; absent (and always in production) means no dev sign-in. */
  mintDevToken?: ((personIdOrEmail: string) => Promise<string>) | undefined;
  oidc?: OidcClient | undefined;
  /** Evidence files posted to multipart pages, stored as the signed-in person; absent means no uploads. */
  uploads?: PortalUploads | undefined;
  /** CSV imports from the HR page, run for the signed-in person (too large for a GraphQL request). */
  imports?: PortalImports | undefined;
  log?: (message: string, error?: unknown) => void;
}

/** The API's upload service (the one behind POST /uploads, with its limits and content checks), by token. */
/** What the import page asks of the import service, for the signed-in person (HR or admin, checked again there). */
export interface PortalImports {
  run(personId: string, request: PortalImportRequest): Promise<PortalImportResult>;
}

export interface PortalUploads {
  /** The largest file it accepts of any type: a multipart body may be this plus the form's fields. */
  maxBytes: number;
  /** Asked before a body is read: may this person start an upload now (process and personal caps, rate)? */
  admit(
    personId: string,
  ): { ok: true; release(): void } | { ok: false; reason: 'busy' | 'person-busy' | 'rate'; retryAfterSeconds: number; message: string };
  /** Stored as `personId`, the signed-in person the portal resolved for this request. */
  store(personId: string, file: { body: AsyncIterable<Uint8Array>; fileName: string; mimeType: string }): Promise<StoredUpload>;
}

/** Room for a multipart form's text fields beside its file. */
const MULTIPART_FIELD_BYTES = 1024 * 1024;

/** Data files read into memory at once per process: imports are rare, memory is not to be bet on them. */
const MAX_DATA_FILES_AT_ONCE = 2;

/** A data file read whole, refused (and reading stopped) as soon as it passes `maxBytes`. */
async function readDataFile(file: { body: AsyncIterable<Uint8Array>; fileName: string }, maxBytes: number): Promise<{ ok: true; file: DataFile } | { ok: false; code: string; message: string }> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of file.body) {
    size += chunk.byteLength;
    if (size > maxBytes) return { ok: false, code: 'REQUEST_TOO_LARGE', message: `The file is larger than the ${Math.round(maxBytes / 1024 / 1024)} MB this page takes. Nothing was changed.` };
    chunks.push(chunk);
  }
  return { ok: true, file: { fileName: file.fileName, bytes: Buffer.concat(chunks) } };
}
const ASSET_DIR = fileURLToPath(new URL('./assets/', import.meta.url));
const ASSETS: Record<string, string> = {
  'portal.css': 'text/css; charset=utf-8',
  'portal.js': 'text/javascript; charset=utf-8',
  'rule-editor.js': 'text/javascript; charset=utf-8',
};

const ME = graphql(`query PortalMe { me { id name email roles } }`);

type Ctx = Context<EdgeEnv>;

export function portalApp(options: PortalOptions): Hono<EdgeEnv> {
  const { api, secret, production } = options;
  const secure = options.publicUrl.startsWith('https:');
  const signIn = { dev: !production && options.mintDevToken !== undefined, oidc: options.oidc !== undefined };
  const app = new Hono<EdgeEnv>({ strict: false });

  app.get('/assets/:name', async (c) => {
    const type = ASSETS[c.req.param('name')];
    if (!type) return c.text('Not found', 404);
    const body = await readFile(`${ASSET_DIR}${c.req.param('name')}`);
    return c.body(body, 200, { 'content-type': type, 'cache-control': 'public, max-age=300' });
  });

  const routes = portalRoutes({ ...options, signIn, secure });
  for (const route of routes) app.on(route.method, route.path, (c) => servePage(route, c));
  // A portal path asked with a method it does not take; paths outside the portal go on to a 404.
  for (const path of new Set(routes.map((route) => route.path))) app.all(path, (c) => c.body(null, 405, { allow: 'GET, HEAD, POST' }));

  async function resolveViewer(token: string | null, c: Ctx): Promise<PortalViewer | null> {
    if (!token) return null;
    try {
      const { me } = await api.request(ME, {}, token, apiContext(c));
      // The schema lets `roles` be null; a person without roles has none.
      return { ...me, roles: me.roles ?? [] };
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN')) return null;
      throw error;
    }
  }

  /** Data files (imports) being read into memory now, in this process. */
  let dataFilesReading = 0;

  /** The largest multipart body read: the biggest file the upload service takes, plus the fields. */
  const multipartLimit = () => (options.uploads?.maxBytes ?? 0) + MULTIPART_FIELD_BYTES;

  /**
   * Why a multipart post is refused from its headers alone, or null. Its CSRF token is the `_csrf` query
   * parameter of the form's action: the same per-session HMAC as the hidden field, but readable before
   * the body, in any part order, and never a reason to buffer. In the URL it is no secret worth having
   * without the HttpOnly session cookie, and Referrer-Policy keeps it on this site.
   */
  function multipartRefusal(viewer: PortalViewer | null, token: string | null, url: URL, dataFile: Route['dataFile']) {
    // A data file is read whole into memory: only for the people the page is for, and a few at a time.
    if (dataFile && viewer && !viewer.roles.some((r) => dataFile.roles.includes(r))) return { status: 403, title: 'Not for you', text: `This page is for ${dataFile.roles.join(' or ')}. Nothing was changed.` };
    if (dataFile && dataFilesReading >= MAX_DATA_FILES_AT_ONCE) return { status: 503, title: 'Try again shortly', text: 'Other files are being read. Nothing was changed; please try again in a minute.' };
    if (!options.uploads && !dataFile) return { status: 415, title: 'No uploads here', text: 'This server does not accept file uploads. Nothing was changed.' };
    if (viewer && token && csrfMatches(secret, token, url.searchParams.get('_csrf'))) return null;
    return { status: 403, title: FORM_EXPIRED, text: viewer ? EXPIRED_TEXT : SIGNED_OUT_TEXT };
  }

  /**
   * The posted body: an ordinary form, a multipart one whose file is stored as it streams in (evidence),
   * or one whose data file is read into memory up to the route's limit (imports).
   */
  async function readPosted(request: Request, multipart: boolean, personId: string, dataFile?: { maxBytes: number }) {
    if (!multipart) return readForm(request, PORTAL_FORM_BYTES);
    if (dataFile) return readMultipart<DataFile | UploadedFile>(request, { maxBytes: dataFile.maxBytes + MULTIPART_FIELD_BYTES, fieldBytes: MULTIPART_FIELD_BYTES, storeFile: (file) => readDataFile(file, dataFile.maxBytes) });
    return readMultipart<UploadedFile | DataFile>(request, {
      maxBytes: multipartLimit(),
      fieldBytes: MULTIPART_FIELD_BYTES,
      storeFile: (file) => options.uploads!.store(personId, file),
    });
  }

  const send = (status: number, body: string, headers: Record<string, string | string[]> = {}) =>
    new Response(body, { status, headers: responseHeaders({ 'content-type': 'text/html; charset=utf-8', ...headers }) });

  async function servePage(route: Route<PageHandler>, c: Ctx): Promise<Response> {
    const request = c.req.raw;
    const url = new URL(request.url);
    const cookies = readCookies(request.headers.get('cookie'));
    const token = cookies.get(SESSION_COOKIE) ?? null;
    const notice = parseNotice(unsign(secret, cookies.get(FLASH_COOKIE)));
    const setCookies: string[] = notice ? [clearCookie(FLASH_COOKIE, secure)] : [];
    let viewer: PortalViewer | null;
    try {
      viewer = await resolveViewer(token, c);
    } catch (error) {
      options.log?.('portal could not reach the API', error);
      return send(503, errorPage('The service is unavailable', 'Certiflow could not be reached. Nothing was changed; please try again in a minute.', null, ''));
    }
    if (token && !viewer) setCookies.push(clearCookie(SESSION_COOKIE, secure));
    const csrf = viewer && token ? csrfToken(secret, token) : '';

    let form = new URLSearchParams();
    let uploads = new Map<string, StoredUpload>();
    let dataFiles = new Map<string, DataFileUpload>();
    let bodyUnread = false;
    if (request.method === 'POST') {
      const multipart = (route.multipart === true || !!route.dataFile) && /^multipart\/form-data/i.test(request.headers.get('content-type') ?? '');
      // A multipart body (a file of up to 200 MB) is read only for a signed-in person whose form carries
      // the session's CSRF token in its URL, and only when the upload service has room: anything else is
      // answered from the headers alone, and the connection closed rather than the body read.
      const refusal = multipart ? multipartRefusal(viewer, token, url, route.dataFile) : null;
      if (refusal) return send(refusal.status, errorPage(refusal.title, refusal.text, viewer, csrf), { connection: 'close' });
      const admitted = multipart && !route.dataFile && viewer && options.uploads ? options.uploads.admit(viewer.id) : null;
      if (admitted && !admitted.ok) {
        return send(admissionRefusalStatus(admitted.reason), errorPage('Try again shortly', admitted.message, viewer, csrf), { connection: 'close', 'retry-after': String(admitted.retryAfterSeconds) });
      }
      let posted: Awaited<ReturnType<typeof readPosted>>;
      try {
        if (multipart && route.dataFile) dataFilesReading += 1;
        posted = await readPosted(request, multipart, viewer?.id ?? '', route.dataFile);
      } finally {
        if (admitted?.ok) admitted.release();
        if (multipart && route.dataFile) dataFilesReading -= 1;
      }
      if (posted === 'too-large' || posted === 'malformed') {
        const limit = !multipart ? PORTAL_FORM_BYTES : route.dataFile ? route.dataFile.maxBytes + MULTIPART_FIELD_BYTES : multipartLimit();
        const [status, title, text] =
          posted === 'too-large'
            ? [413, 'Too large', `The form was larger than the portal accepts (${formatSize(limit)}). Nothing was changed.`]
            : [400, 'The form could not be read', 'The upload was cut off or malformed. Nothing was changed; please try again.'];
        return send(status, errorPage(title, text, viewer, csrf), { connection: 'close' });
      }
      if (posted instanceof URLSearchParams) form = posted;
      else if (route.dataFile) ({ fields: form, files: dataFiles } = posted as { fields: URLSearchParams; files: Map<string, DataFileUpload> });
      else ({ fields: form, files: uploads } = posted as { fields: URLSearchParams; files: Map<string, StoredUpload> });
      // Signed-in forms carry the session's CSRF token; the sign-in form itself is held to a same-origin
      // post by the edge (http/middleware/same-origin.ts). A multipart form's token was checked from its
      // URL before its body was read.
      const csrfOk = multipart || !(viewer && token) || csrfMatches(secret, token, form.get('_csrf'));
      if (!csrfOk) return send(403, errorPage(FORM_EXPIRED, EXPIRED_TEXT, viewer, csrf));
      // A file refused part-way was not read to its end: answer, then close rather than read the rest.
      bodyUnread = !(posted instanceof URLSearchParams) && !posted.complete;
    }

    const ctx: PageContext = {
      url,
      params: c.req.param() as Record<string, string>,
      cookies,
      csrf,
      form,
      uploads,
      dataFiles,
      runImport: async (request) => {
        if (!viewer || !options.imports) return { ok: false, code: 'FORBIDDEN', message: 'Imports are not available here.' };
        return options.imports.run(viewer.id, request);
      },
      accept: request.headers.get('accept') ?? undefined,
      viewer,
      api: (document, ...variables) => api.request(document, variables[0] ?? ({} as never), token, apiContext(c)),
      signIn,
      production,
      publicUrl: options.publicUrl,
    };
    let result: PageResult;
    try {
      result = await route.handler(ctx);
    } catch (error) {
      result = failure(error, ctx, request);
    }
    const close: Record<string, string> = bodyUnread ? { connection: 'close' } : {};
    if (result.kind === 'json') {
      return new Response(JSON.stringify(result.body), {
        status: result.status ?? 200,
        headers: responseHeaders({ 'content-type': 'application/json; charset=utf-8', 'set-cookie': setCookies, ...close }),
      });
    }
    if (result.kind === 'redirect') {
      const cookies = [...setCookies.filter((cookie) => !cookie.startsWith(`${FLASH_COOKIE}=`)), ...(result.cookies ?? [])];
      if (result.notice) cookies.push(setCookie(FLASH_COOKIE, sign(secret, JSON.stringify(result.notice)), { secure, maxAgeSeconds: 60 }));
      return new Response(null, { status: 303, headers: responseHeaders({ location: result.location, 'set-cookie': cookies, ...close }) });
    }
    const page = layout({ title: result.title, body: result.body, viewer, csrf, section: result.section, notice });
    return send(result.status ?? 200, page, { 'set-cookie': setCookies, ...close });
  }

  function failure(error: unknown, ctx: PageContext, request: Request): PageResult {
    const here = `${ctx.url.pathname}${ctx.url.search}`;
    if (error instanceof SignInRequired) return { kind: 'redirect', location: `/sign-in?next=${encodeURIComponent(here)}` };
    if (error instanceof NotForYou) return { kind: 'page', status: 403, title: 'Not available', body: html`<h1>Not available to you</h1><p>${error.message}</p>` };
    if (error instanceof ApiError) {
      if (error.code === 'UNAUTHENTICATED') return { kind: 'redirect', location: `/sign-in?next=${encodeURIComponent(here)}` };
      if (request.method === 'POST') {
        const back = localPath(ctx.form.get('_back') ?? refererPath(request, ctx.url), '/');
        return { kind: 'redirect', location: back, notice: { kind: 'error', text: error.message } };
      }
      const status = error.code === 'FORBIDDEN' ? 403 : error.code === 'NOT_FOUND' ? 404 : 400;
      return { kind: 'page', status, title: 'Cannot show this page', body: html`<h1>Cannot show this page</h1><p class="notice error">${error.message}</p>` };
    }
    options.log?.('portal page failed', error);
    return { kind: 'page', status: 500, title: 'Something went wrong', body: html`<h1>Something went wrong</h1><p>Nothing was changed. Please try again; if it keeps happening, tell the platform team.</p>` };
  }

  return app;
}

const FORM_EXPIRED = 'This form has expired';
const EXPIRED_TEXT = 'The page was open too long or came from another site. Reload the page and try again; nothing was changed.';
const SIGNED_OUT_TEXT = 'You are not signed in (or your session ended). Sign in, reload the page and try again; nothing was changed.';

/** The page that refuses a form another site posted (http/middleware/same-origin.ts), from its headers alone. */
export function crossSiteFormRefusal(): Response {
  return new Response(errorPage(FORM_EXPIRED, EXPIRED_TEXT, null, ''), {
    status: 403,
    headers: responseHeaders({ 'content-type': 'text/html; charset=utf-8', connection: 'close' }),
  });
}

/** The server context GraphQL reads the caller's address from (http/graphql.ts), and the read audit its channel. */
const apiContext = (c: Ctx) => ({ clientAddress: c.get('clientAddress'), readChannel: 'portal' as const });

function responseHeaders(headers: Record<string, string | string[]>): Headers {
  const result = new Headers();
  for (const [name, value] of Object.entries(headers)) for (const one of Array.isArray(value) ? value : [value]) result.append(name, one);
  return result;
}

function errorPage(title: string, text: string, viewer: PortalViewer | null, csrf: string): string {
  return layout({ title, body: html`<h1>${title}</h1><p class="notice error" role="alert">${text}</p>`, viewer, csrf });
}

const formatSize = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`);

function parseNotice(value: string | null): Notice | null {
  if (!value) return null;
  try {
    const parsed = JSON.parse(value) as Notice;
    return (parsed.kind === 'success' || parsed.kind === 'error') && typeof parsed.text === 'string' ? parsed : null;
  } catch {
    return null;
  }
}
