import { describe, expect, it } from 'vitest';
import { approvalLinkUrl, deriveApprovalToken, hashToken, tokenMatchesHash } from '../../services/approval-links.js';

const SECRET = 'unit-test-link-secret-0123456789abcdef';
const OTHER_SECRET = 'unit-test-link-secret-fedcba9876543210';
const ID = '6f1c2b1e-0000-4000-8000-000000000001';
const OTHER_ID = '6f1c2b1e-0000-4000-8000-000000000002';

describe('deriveApprovalToken', () => {
  it('is the same for the same secret and approval id', () => {
    expect(deriveApprovalToken(SECRET, ID)).toBe(deriveApprovalToken(SECRET, ID));
  });

  it('differs by approval id and by secret', () => {
    const token = deriveApprovalToken(SECRET, ID);
    expect(deriveApprovalToken(SECRET, OTHER_ID)).not.toBe(token);
    expect(deriveApprovalToken(OTHER_SECRET, ID)).not.toBe(token);
  });

  it('does not contain the approval id or the secret', () => {
    const token = deriveApprovalToken(SECRET, ID);
    expect(token).not.toContain(ID);
    expect(token).not.toContain(SECRET);
  });

  it('is URL-safe: 256 bits as unpadded base64url', () => {
    for (const id of [ID, OTHER_ID, 'a', 'ünïcödé/?&=#', '']) {
      const token = deriveApprovalToken(SECRET, id);
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(encodeURIComponent(token)).toBe(token);
    }
  });
});

describe('hashToken', () => {
  it('is the hex sha256 of the token', () => {
    // FIPS 180-2 test vector.
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('is 64 lowercase hex characters and differs from the token', () => {
    const token = deriveApprovalToken(SECRET, ID);
    const hash = hashToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toBe(token);
    expect(hashToken(token)).toBe(hash);
  });
});

describe('tokenMatchesHash', () => {
  const token = deriveApprovalToken(SECRET, ID);
  const hash = hashToken(token);

  it('accepts the token the hash was made from', () => {
    expect(tokenMatchesHash(token, hash)).toBe(true);
  });

  it('rejects a tampered token', () => {
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    expect(tokenMatchesHash(token.slice(0, -1) + last, hash)).toBe(false);
    expect(tokenMatchesHash(token.slice(0, -1), hash)).toBe(false);
    expect(tokenMatchesHash(`${token}x`, hash)).toBe(false);
    expect(tokenMatchesHash(token.toLowerCase(), hash)).toBe(false);
    expect(tokenMatchesHash('', hash)).toBe(false);
  });

  it('rejects a token for another approval or made with another secret', () => {
    expect(tokenMatchesHash(deriveApprovalToken(SECRET, OTHER_ID), hash)).toBe(false);
    expect(tokenMatchesHash(deriveApprovalToken(OTHER_SECRET, ID), hash)).toBe(false);
  });

  it('rejects the hash itself used as the token', () => {
    expect(tokenMatchesHash(hash, hash)).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['truncated', hash.slice(0, 62)],
    ['one byte longer', `${hash}00`],
    ['one digit longer', `${hash}0`],
    ['followed by non-hex characters', `${hash}zz`],
    ['half of it', hash.slice(0, 32)],
  ])('rejects a hash that is %s', (_case, wrong) => {
    expect(tokenMatchesHash(token, wrong)).toBe(false);
  });

  it('rejects a hash of the right length that is not hex', () => {
    expect(tokenMatchesHash(token, `${hash.slice(0, 62)}zz`)).toBe(false);
    expect(tokenMatchesHash(token, 'g'.repeat(64))).toBe(false);
  });
});

describe('approvalLinkUrl', () => {
  const token = deriveApprovalToken(SECRET, ID);

  it('points at /approvals/<id> with the token as ?token=', () => {
    const url = new URL(approvalLinkUrl('https://certiflow.example.com', ID, token));
    expect(url.origin).toBe('https://certiflow.example.com');
    expect(url.pathname).toBe(`/approvals/${ID}`);
    expect([...url.searchParams.keys()]).toEqual(['token']);
    expect(url.searchParams.get('token')).toBe(token);
    expect(url.hash).toBe('');
  });

  it('keeps the port of the public URL and ignores a trailing slash', () => {
    expect(approvalLinkUrl('http://localhost:4000/', ID, token)).toBe(
      `http://localhost:4000/approvals/${ID}?token=${token}`,
    );
  });

  it('encodes the approval id so it stays one path segment', () => {
    const url = new URL(approvalLinkUrl('https://certiflow.example.com', 'a b/c?d#e', token));
    expect(url.pathname).toBe('/approvals/a%20b%2Fc%3Fd%23e');
    expect(decodeURIComponent(url.pathname.split('/')[2]!)).toBe('a b/c?d#e');
    expect(url.searchParams.get('token')).toBe(token);
  });

  it('round-trips any token through the query string', () => {
    const odd = 'a+b/c=d&e';
    expect(new URL(approvalLinkUrl('https://certiflow.example.com', ID, odd)).searchParams.get('token')).toBe(odd);
  });
});
