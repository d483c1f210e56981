import { ApiError } from './api-client.js';
import type { TadaDocumentNode } from './graphql.js';
import type { SafeHtml } from '../../html/template.js';

// What every portal page handler gets and returns. Handlers read and act only through `api`, the
// public GraphQL API with the signed-in person's token.

export interface PortalViewer {
  id: string;
  name: string;
  email: string | null;
  roles: string[];
}

export interface PageContext {
  url: URL;
  params: Record<string, string>;
  cookies: Map<string, string>;
  /** The session's CSRF token: every POST form carries it as `_csrf` (postForm() adds it). */
  csrf: string;
  /** The posted form (POST only), CSRF already checked. */
  form: URLSearchParams;
  /**
   * Files of a multipart form (routes marked `multipart` only), by field name: already stored as the
   * signed-in person while the form was read, exactly as POST /uploads stores them, or why they were
   * refused. Empty file inputs are left out. Read them with `uploadedFile()`.
   */
  uploads: Map<string, StoredUpload>;
  /** Data files of a multipart form (routes with `dataFile` only), read into memory, by field name. */
  dataFiles: Map<string, DataFileUpload>;
  /** Runs a CSV import as the signed-in person (imports are files, larger than a GraphQL request may be). */
  runImport(request: PortalImportRequest): Promise<PortalImportResult>;
  /** The request's Accept header: a page script asking for JSON sends application/json. */
  accept?: string | undefined;
  viewer: PortalViewer | null;
  /** A typed operation (./graphql.ts) with its variables; required variables must be given. */
  api<R, V>(document: TadaDocumentNode<R, V>, ...variables: object extends V ? [variables?: V] : [variables: V]): Promise<R>;
  /** Sign-in methods on offer: development tokens (never in production) and/or the identity provider. */
  signIn: { dev: boolean; oidc: boolean };
  production: boolean;
  publicUrl: string;
}

/** An evidence file as stored: submitEvidence refers to it by `sha256`. */
export interface UploadedFile {
  sha256: string;
  fileName: string;
  mimeType: string;
  size: number;
}

export type StoredUpload = { ok: true; file: UploadedFile } | { ok: false; code: string; message: string };

/** A data file (a CSV export) posted to a page that reads it whole: never stored, never evidence. */
export interface DataFile {
  fileName: string;
  bytes: Buffer;
}

export interface PortalImportRequest {
  kind: 'people' | 'courses' | 'certifications';
  fileName: string;
  content: Buffer;
  mapping?: string;
  dryRun: boolean;
}

export type PortalImportResult =
  | { ok: true; summary: { fileName: string; dryRun: boolean; applied: boolean; rows: number; created: number; updated: number; unchanged: number; rejected: number; problems: { row: number; column?: string; message: string }[] } }
  | { ok: false; code: string; message: string };

export type DataFileUpload = { ok: true; file: DataFile } | { ok: false; code: string; message: string };

/** The file posted in `field`, or null when none was chosen; a refused file throws its ApiError. */
export function uploadedFile(ctx: Pick<PageContext, 'uploads'>, field: string): UploadedFile | null {
  const stored = ctx.uploads.get(field);
  if (!stored) return null;
  if (!stored.ok) throw new ApiError(stored.code, stored.message);
  return stored.file;
}

export interface Rendered {
  kind: 'page';
  title: string;
  body: SafeHtml;
  status?: number;
  /** The navigation entry to mark as current. */
  section?: string;
}

export interface Redirect {
  kind: 'redirect';
  location: string;
  notice?: Notice;
  cookies?: string[];
}

export interface Notice {
  kind: 'success' | 'error';
  text: string;
}

/** A JSON answer for a page's own script (progressive enhancement), e.g. live validation. */
export interface JsonResult {
  kind: 'json';
  body: unknown;
  status?: number;
}

export type PageResult = Rendered | Redirect | JsonResult;
export type PageHandler = (ctx: PageContext) => Promise<PageResult>;

export const page = (title: string, body: SafeHtml, extra: Omit<Rendered, 'kind' | 'title' | 'body'> = {}): Rendered => ({
  kind: 'page',
  title,
  body,
  ...extra,
});

export const redirect = (location: string, notice?: Notice): Redirect => ({ kind: 'redirect', location, ...(notice ? { notice } : {}) });

export const json = (body: unknown, status?: number): JsonResult => ({ kind: 'json', body, ...(status ? { status } : {}) });

/** The request asks for JSON (a page script's fetch) rather than a page. */
export const wantsJson = (ctx: Pick<PageContext, 'accept'>): boolean => /\bapplication\/json\b/.test(ctx.accept ?? '');

/** Thrown by a handler that needs a signed-in person; the portal sends them to sign in and back. */
export class SignInRequired extends Error {}

/** Thrown when the signed-in person lacks the role a page is for. */
export class NotForYou extends Error {}

/** A path parameter of the page's route: Hono gives every one the route names; '' names nothing. */
export const param = (ctx: Pick<PageContext, 'params'>, name: string): string => ctx.params[name] ?? '';

/** A posted choice that must be one of `choices` (an enum of the API); anything else is refused as invalid input. */
export function choice<T extends string>(value: string | null | undefined, choices: readonly T[], what: string): T {
  const found = choices.find((c) => c === value);
  if (found === undefined) throw new ApiError('INVALID_INPUT', `Choose ${what}: ${choices.join(', ')}.`);
  return found;
}

export function requireViewer(ctx: PageContext): PortalViewer {
  if (!ctx.viewer) throw new SignInRequired();
  return ctx.viewer;
}

export function requireRole(ctx: PageContext, ...roles: string[]): PortalViewer {
  const viewer = requireViewer(ctx);
  if (!viewer.roles.some((r) => roles.includes(r))) throw new NotForYou(`This page is for ${roles.join(' or ')}.`);
  return viewer;
}

export const hasRole = (viewer: PortalViewer | null, ...roles: string[]): boolean => viewer?.roles.some((r) => roles.includes(r)) ?? false;

/** A portal page: method, a path with `:name` segments (Hono's syntax), and its handler. */
export interface Route<H = PageHandler> {
  method: 'GET' | 'POST';
  path: string;
  handler: H;
  /** A POST that takes multipart/form-data (file uploads) as well as an ordinary form. */
  multipart?: boolean;
  /**
   * A POST that takes one data file into memory (multipart), up to `maxBytes`: imports, not evidence.
   * Only people with one of `roles` get their body read at all.
   */
  dataFile?: { maxBytes: number; roles: string[] };
}
