import type { IncomingMessage, ServerResponse } from 'node:http';

// Server-rendered pages that people reach from an email link (approvals, surveys): a small form body
// read with a hard limit, and pages sent with headers that keep them out of caches, frames and referrers.

export const MAX_FORM_BYTES = 16 * 1024;

/** The posted form, or null when the body is larger than the limit. */
export async function readForm(req: IncomingMessage, maxBytes = MAX_FORM_BYTES): Promise<URLSearchParams | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return null;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export function sendPage(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
  });
  res.end(res.req.method === 'HEAD' ? undefined : html);
}
