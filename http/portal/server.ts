import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { readForm } from '../links/link-page.js';
import { ApiError, type ApiClient } from './api-client.js';
import { html } from '../../html/template.js';
import { layout } from './layout.js';
import type { OidcClient } from '../auth/oidc.js';
import {
  NotForYou,
  type Notice,
  type PageContext,
  type PageHandler,
  type PageResult,
  type PortalViewer,
  SignInRequired,
  type StoredUpload,
  type UploadedFile,
} from './page.js';
import { readMultipart } from './multipart.js';
import { localPath, refererPath } from '../auth/local-path.js';
import { portalRoutes } from './routes.js';
import { createRouter } from './router.js';
import { clearCookie, csrfMatches, csrfToken, FLASH_COOKIE, readCookies, SESSION_COOKIE, setCookie, sign, unsign } from '../auth/session.js';

export interface PortalOptions {
  api: ApiClient;
  /** Signs CSRF tokens and notices; the API's link secret is a good choice. */
  secret: string;
  production: boolean;
  publicUrl: string;
  /** Mints a development token for a person id or email; absent (and always in production) means no dev sign-in. */
  mintDevToken?: ((personIdOrEmail: string) => Promise<string>) | undefined;
  oidc?: OidcClient | undefined;
  /** Evidence files posted to multipart pages, stored as the person the token belongs to; absent means no uploads. */
  uploads?: PortalUploads | undefined;
  log?: (message: string, error?: unknown) => void;
}

/** The API's upload service (the one behind POST /uploads, with its limits and content checks), by token. */
export interface PortalUploads {
  /** The largest file it accepts of any type: a multipart body may be this plus the form's fields. */
  maxBytes: number;
  /** Asked before a body is read: may this person start an upload now (process and personal caps, rate)? */
  admit(
    personId: string,
  ): { ok: true; release(): void } | { ok: false; reason: 'busy' | 'person-busy' | 'rate'; retryAfterSeconds: number; message: string };
  store(token: string, file: { body: AsyncIterable<Uint8Array>; fileName: string; mimeType: string }): Promise<StoredUpload>;
}

// Rule sets are edited as JSON in a form, so the body limit is larger than for email-link pages.
const MAX_PORTAL_FORM_BYTES = 512 * 1024;
/** Room for a multipart form's text fields beside its file. */
const MULTIPART_FIELD_BYTES = 1024 * 1024;
const ASSET_DIR = fileURLToPath(new URL('./assets/', import.meta.url));
const ASSETS: Record<string, string> = {
  'portal.css': 'text/css; charset=utf-8',
  'portal.js': 'text/javascript; charset=utf-8',
  'rule-editor.js': 'text/javascript; charset=utf-8',
};

const ME = 'query PortalMe { me { id name email roles } }';

function securityHeaders(extra: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    'cache-control': 'no-store',
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'content-security-policy':
      "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ...extra,
  };
}

export function createPortal(options: PortalOptions) {
  const { api, secret, production } = options;
  const secure = options.publicUrl.startsWith('https:');
  const signIn = { dev: !production && options.mintDevToken !== undefined, oidc: options.oidc !== undefined };
  const router = createRouter<PageHandler>(portalRoutes({ ...options, signIn, secure }));

  async function serveAsset(name: string, res: ServerResponse): Promise<void> {
    const type = ASSETS[name];
    if (!type) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    const body = await readFile(`${ASSET_DIR}${name}`);
    res.writeHead(200, { 'content-type': type, 'cache-control': 'public, max-age=300', 'x-content-type-options': 'nosniff' });
    res.end(res.req.method === 'HEAD' ? undefined : body);
  }

  async function resolveViewer(token: string | null, req: IncomingMessage): Promise<PortalViewer | null> {
    if (!token) return null;
    try {
      return (await api.request<{ me: PortalViewer }>(ME, {}, token, { req })).me;
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN')) return null;
      throw error;
    }
  }

  /** The largest multipart body read: the biggest file the upload service takes, plus the fields. */
  const multipartLimit = () => (options.uploads?.maxBytes ?? 0) + MULTIPART_FIELD_BYTES;

  /**
   * Why a multipart post is refused from its headers alone, or null. Its CSRF token is the `_csrf` query
   * parameter of the form's action: the same per-session HMAC as the hidden field, but readable before
   * the body, in any part order, and never a reason to buffer. In the URL it is no secret worth having
   * without the HttpOnly session cookie, and Referrer-Policy keeps it on this site.
   */
  function multipartRefusal(viewer: PortalViewer | null, token: string | null, url: URL) {
    if (!options.uploads) return { status: 415, title: 'No uploads here', text: 'This server does not accept file uploads. Nothing was changed.' };
    if (viewer && token && csrfMatches(secret, token, url.searchParams.get('_csrf'))) return null;
    const text = viewer
      ? 'The page was open too long or came from another site. Reload the page and try again; nothing was changed.'
      : 'You are not signed in (or your session ended). Sign in, reload the page and try again; nothing was changed.';
    return { status: 403, title: 'This form has expired', text };
  }

  /** The posted body: an ordinary form, or a multipart one whose file is stored as it streams in. */
  async function readPosted(req: IncomingMessage, multipart: boolean, token: string) {
    if (!multipart) return (await readForm(req, MAX_PORTAL_FORM_BYTES)) ?? ('too-large' as const);
    return readMultipart<UploadedFile>(req, {
      maxBytes: multipartLimit(),
      fieldBytes: MULTIPART_FIELD_BYTES,
      storeFile: (file) => options.uploads!.store(token, file),
    });
  }

  function send(res: ServerResponse, status: number, body: string, headers: Record<string, string | string[]> = {}): void {
    res.writeHead(status, securityHeaders({ 'content-type': 'text/html; charset=utf-8', ...headers }));
    res.end(res.req.method === 'HEAD' ? undefined : body);
  }

  /** Handles a portal request; false when the path is not the portal's (the API takes it). */
  return async function handlePortalRequest(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    // The request's own host, so links and same-origin checks hold behind any address the server has.
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    if (url.pathname.startsWith('/assets/')) {
      await serveAsset(url.pathname.slice('/assets/'.length), res);
      return true;
    }
    const method = req.method ?? 'GET';
    const match = router.match(method, url.pathname);
    if (match === null) return false;
    const cookies = readCookies(req);
    const token = cookies.get(SESSION_COOKIE) ?? null;
    const notice = parseNotice(unsign(secret, cookies.get(FLASH_COOKIE)));
    const setCookies: string[] = notice ? [clearCookie(FLASH_COOKIE, secure)] : [];
    let viewer: PortalViewer | null;
    try {
      viewer = await resolveViewer(token, req);
    } catch (error) {
      options.log?.('portal could not reach the API', error);
      send(res, 503, errorPage('The service is unavailable', 'Certiflow could not be reached. Nothing was changed; please try again in a minute.', null, ''));
      return true;
    }
    if (token && !viewer) setCookies.push(clearCookie(SESSION_COOKIE, secure));
    const csrf = viewer && token ? csrfToken(secret, token) : '';

    if (match === 'method') {
      res.writeHead(405, securityHeaders({ allow: 'GET, HEAD, POST' })).end();
      return true;
    }

    let form = new URLSearchParams();
    let uploads = new Map<string, StoredUpload>();
    if (method === 'POST') {
      const multipart = match.multipart === true && /^multipart\/form-data/i.test(req.headers['content-type'] ?? '');
      // A multipart body (a file of up to 200 MB) is read only for a signed-in person whose form carries
      // the session's CSRF token in its URL, and only when the upload service has room: anything else is
      // answered from the headers alone, and the connection closed rather than the body read.
      const refusal = multipart ? multipartRefusal(viewer, token, url) : null;
      if (refusal) {
        send(res, refusal.status, errorPage(refusal.title, refusal.text, viewer, csrf), { connection: 'close' });
        return true;
      }
      const admitted = multipart && viewer && options.uploads ? options.uploads.admit(viewer.id) : null;
      if (admitted && !admitted.ok) {
        const status = admitted.reason === 'busy' ? 503 : 429;
        send(res, status, errorPage('Try again shortly', admitted.message, viewer, csrf), { connection: 'close', 'retry-after': String(admitted.retryAfterSeconds) });
        return true;
      }
      let posted: Awaited<ReturnType<typeof readPosted>>;
      try {
        posted = await readPosted(req, multipart, token ?? '');
      } finally {
        if (admitted?.ok) admitted.release();
      }
      if (posted === 'too-large' || posted === 'malformed') {
        const limit = multipart ? multipartLimit() : MAX_PORTAL_FORM_BYTES;
        const [status, title, text] =
          posted === 'too-large'
            ? [413, 'Too large', `The form was larger than the portal accepts (${formatSize(limit)}). Nothing was changed.`]
            : [400, 'The form could not be read', 'The upload was cut off or malformed. Nothing was changed; please try again.'];
        send(res, status, errorPage(title, text, viewer, csrf), req.complete ? {} : { connection: 'close' });
        return true;
      }
      if (posted instanceof URLSearchParams) form = posted;
      else ({ fields: form, files: uploads } = posted);
      // Signed-in forms carry the session's CSRF token; the sign-in form itself needs a same-origin post.
      // (A multipart form's token was checked from its URL before its body was read.)
      const csrfOk = multipart || (viewer && token ? csrfMatches(secret, token, form.get('_csrf')) : isSameOrigin(req, url));
      if (!csrfOk) {
        send(res, 403, errorPage('This form has expired', 'The page was open too long or came from another site. Reload the page and try again; nothing was changed.', viewer, csrf));
        return true;
      }
      // A file refused part-way was not read to its end: answer, then close rather than read the rest.
      if (!(posted instanceof URLSearchParams) && !posted.complete) res.setHeader('connection', 'close');
    }

    const ctx: PageContext = {
      url,
      params: match.params,
      cookies,
      csrf,
      form,
      uploads,
      accept: req.headers.accept,
      viewer,
      api: (query, variables = {}) => api.request(query, variables, token, { req }),
      signIn,
      production,
      publicUrl: options.publicUrl,
    };
    let result: PageResult;
    try {
      result = await match.handler(ctx);
    } catch (error) {
      result = failure(error, ctx, req);
    }
    if (result.kind === 'json') {
      res.writeHead(result.status ?? 200, securityHeaders({ 'content-type': 'application/json; charset=utf-8', 'set-cookie': setCookies }));
      res.end(JSON.stringify(result.body));
      return true;
    }
    if (result.kind === 'redirect') {
      const cookies = [...setCookies.filter((c) => !c.startsWith(`${FLASH_COOKIE}=`)), ...(result.cookies ?? [])];
      if (result.notice) cookies.push(setCookie(FLASH_COOKIE, sign(secret, JSON.stringify(result.notice)), { secure, maxAgeSeconds: 60 }));
      res.writeHead(303, securityHeaders({ location: result.location, 'set-cookie': cookies })).end();
      return true;
    }
    send(res, result.status ?? 200, layout({ title: result.title, body: result.body, viewer, csrf, section: result.section, notice }), {
      'set-cookie': setCookies,
    });
    return true;
  };

  function failure(error: unknown, ctx: PageContext, req: IncomingMessage): PageResult {
    const here = `${ctx.url.pathname}${ctx.url.search}`;
    if (error instanceof SignInRequired) return { kind: 'redirect', location: `/sign-in?next=${encodeURIComponent(here)}` };
    if (error instanceof NotForYou) return { kind: 'page', status: 403, title: 'Not available', body: html`<h1>Not available to you</h1><p>${error.message}</p>` };
    if (error instanceof ApiError) {
      if (error.code === 'UNAUTHENTICATED') return { kind: 'redirect', location: `/sign-in?next=${encodeURIComponent(here)}` };
      if (req.method === 'POST') {
        const back = localPath(ctx.form.get('_back') ?? refererPath(req, ctx.url), '/');
        return { kind: 'redirect', location: back, notice: { kind: 'error', text: error.message } };
      }
      const status = error.code === 'FORBIDDEN' ? 403 : error.code === 'NOT_FOUND' ? 404 : 400;
      return { kind: 'page', status, title: 'Cannot show this page', body: html`<h1>Cannot show this page</h1><p class="notice error">${error.message}</p>` };
    }
    options.log?.('portal page failed', error);
    return { kind: 'page', status: 500, title: 'Something went wrong', body: html`<h1>Something went wrong</h1><p>Nothing was changed. Please try again; if it keeps happening, tell the platform team.</p>` };
  }

  function errorPage(title: string, text: string, viewer: PortalViewer | null, csrf: string): string {
    return layout({ title, body: html`<h1>${title}</h1><p class="notice error" role="alert">${text}</p>`, viewer, csrf });
  }
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

function isSameOrigin(req: IncomingMessage, url: URL): boolean {
  const fetchSite = req.headers['sec-fetch-site'];
  if (fetchSite) return fetchSite === 'same-origin' || fetchSite === 'none';
  const origin = req.headers.origin;
  if (!origin) return true; // Non-browser clients (tests, curl) send neither; browsers always send one on POST.
  try {
    return new URL(origin).host === (req.headers.host ?? url.host);
  } catch {
    return false;
  }
}

export type PortalHandler = ReturnType<typeof createPortal>;
