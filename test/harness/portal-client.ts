// A person's browser for portal tests, without a browser: a cookie jar, development sign-in, the CSRF
// token scraped from a page's form, and form posts that follow the portal's 303 back to the page with
// its notice. Redirects are never followed blindly, so tests can assert where the portal sends people.

export interface PortalPage {
  status: number;
  html: string;
  /** Where the page was fetched from (after following the portal's redirect, if any). */
  path: string;
}

export interface PortalSession {
  readonly personId: string;
  /** GET with this person's cookies; redirects are returned, not followed. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** GET a page; follows one redirect (e.g. to sign in) so the result is always a page. */
  page(path: string): Promise<PortalPage>;
  /** POSTs a form (the CSRF field added from `csrfFrom`, or fetched from `csrfFrom` path) without following the redirect. */
  post(path: string, fields: Record<string, string | string[]>, options?: { csrfFrom?: string; csrf?: string }): Promise<Response>;
  /** POSTs a multipart form (a file as `{ file, name }`), CSRF added to its URL as the page's form does; the redirect is returned, not followed. */
  postMultipart(path: string, fields: Record<string, string | { file: Blob; name: string }>, options?: { csrfFrom?: string; csrf?: string }): Promise<Response>;
  /** POSTs a form and opens the page the portal redirects to, with its notice. */
  submit(path: string, fields: Record<string, string | string[]>, options?: { csrfFrom?: string; csrf?: string }): Promise<PortalPage & { postStatus: number }>;
  /** The CSRF token from the page at `path` (any form on it). */
  csrf(path?: string): Promise<string>;
}

/** The value of the hidden `_csrf` input of the first form that has one. */
export function csrfFrom(html: string): string {
  const match = /<input type="hidden" name="_csrf" value="([^"]+)">/.exec(html);
  if (!match?.[1]) throw new Error('no CSRF field on this page (is the person signed in?)');
  return match[1];
}

/** The text of the portal's notice (after an action), or null. */
export function noticeIn(html: string): { kind: string; text: string } | null {
  const match = /<div class="notice (\w+)" role="\w+">([^<]*)<\/div>/.exec(html);
  return match ? { kind: match[1]!, text: decodeEntities(match[2]!) } : null;
}

export function decodeEntities(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))).replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"');
}

function formBody(fields: Record<string, string | string[]>): string {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  return body.toString();
}

/** Signs `personId` in through the development sign-in form and returns their session. */
export async function signIn(baseUrl: string, personId: string): Promise<PortalSession> {
  const jar = new Map<string, string>();
  const remember = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = cookie.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  };
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const request = async (path: string, init: RequestInit = {}) =>
    remember(await fetch(new URL(path, baseUrl), { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: cookieHeader() } }));

  const signedIn = await request('/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: formBody({ person: personId, next: '/' }),
  });
  if (signedIn.status !== 303 || !jar.size) throw new Error(`sign-in as ${personId} failed: ${signedIn.status} ${await signedIn.text()}`);

  const page = async (path: string): Promise<PortalPage> => {
    let response = await request(path);
    let at = path;
    if (response.status === 303 || response.status === 302) {
      at = response.headers.get('location') ?? '/';
      response = await request(at);
    }
    return { status: response.status, html: await response.text(), path: at };
  };
  const session: PortalSession = {
    personId,
    fetch: request,
    page,
    async csrf(path = '/') {
      return csrfFrom((await page(path)).html);
    },
    async post(path, fields, options = {}) {
      const csrf = options.csrf ?? (await session.csrf(options.csrfFrom ?? path));
      return request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: formBody({ _csrf: csrf, ...fields }),
      });
    },
    async postMultipart(path, fields, options = {}) {
      const csrf = options.csrf ?? (await session.csrf(options.csrfFrom ?? path));
      const body = new FormData();
      body.append('_csrf', csrf);
      for (const [name, value] of Object.entries(fields)) {
        if (typeof value === 'string') body.append(name, value);
        else body.append(name, value.file, value.name);
      }
      // As the page's form does: the portal checks a multipart post's token in its URL, before the body.
      const url = `${path}${path.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(csrf)}`;
      // fetch sets the multipart content type with its boundary.
      return request(url, { method: 'POST', body });
    },
    async submit(path, fields, options = {}) {
      const response = await session.post(path, fields, options);
      const location = response.headers.get('location');
      if (response.status !== 303 || !location) return { status: response.status, html: await response.text(), path, postStatus: response.status };
      return { ...(await page(location)), postStatus: response.status };
    },
  };
  return session;
}
