import { createHmac } from 'node:crypto';
import { loadConfig } from '../config/index.js';

// Digests that stand in for an internal id where showing the id itself would let someone link two
// things (a pseudonym to a journey, a public feed entry to a credential). Each is keyed with a key
// derived from APPROVAL_LINK_SECRET for its purpose alone, so whoever holds the id cannot compute the
// digest to look for it; rotating the secret changes them all.

const keys = new Map<string, string>();

export function keyedDigest(purpose: string, value: string): string {
  let key = keys.get(purpose);
  if (!key) {
    key = createHmac('sha256', loadConfig().APPROVAL_LINK_SECRET).update(`certiflow:${purpose}`).digest('hex');
    keys.set(purpose, key);
  }
  return createHmac('sha256', key).update(value).digest('hex');
}
