import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

// An approval link carries a token derived from a server secret and the approval id. The database keeps
// only its sha256, so a leaked table cannot approve anything; deriving (not storing) the token lets an
// email retry rebuild the same link without keeping the secret part anywhere.

export function deriveApprovalToken(secret: string, approvalId: string): string {
  return createHmac('sha256', secret).update(`approval-link:v1:${approvalId}`).digest('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function tokenMatchesHash(token: string, expectedHash: string): boolean {
  // Buffer.from(…, 'hex') stops at the first non-hex pair, so check the shape before decoding.
  if (!/^[0-9a-f]{64}$/i.test(expectedHash)) return false;
  const actual = Buffer.from(hashToken(token), 'hex');
  const expected = Buffer.from(expectedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function approvalLinkUrl(publicUrl: string, approvalId: string, token: string): string {
  const url = new URL(`/approvals/${encodeURIComponent(approvalId)}`, publicUrl);
  url.searchParams.set('token', token);
  return url.toString();
}
