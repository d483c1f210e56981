// Request bodies on the edge are read with a limit, and never past it: a form larger than its route
// accepts is refused without buffering the rest. Files are streamed (http/portal/multipart.ts, POST
// /uploads), never read whole.

/** Email-link pages post a token, a choice and a comment. */
export const LINK_FORM_BYTES = 16 * 1024;
/** Portal forms: rule sets are edited as JSON in a form, so larger than the link pages'. */
export const PORTAL_FORM_BYTES = 512 * 1024;

/** The posted form, or 'too-large' as soon as more than `maxBytes` arrive (the rest is not read). */
export async function readForm(request: Request, maxBytes: number): Promise<URLSearchParams | 'too-large'> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) return 'too-large';
  if (!request.body) return new URLSearchParams();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return 'too-large';
    }
    chunks.push(value);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
