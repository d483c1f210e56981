import { createHmac } from 'node:crypto';
import { loadConfig } from '../config/index.js';

// Digests that stand in for an internal id where showing the id itself would let someone link two
// things (a pseudonym to a journey, a public feed entry to a credential). Each is keyed with a key
// derived from APPROVAL_LINK_SECRET for its purpose alone, so whoever holds the id cannot compute the
// digest to look for it; rotating the secret changes them all.

/** The key for one purpose, derived from the secret: a digest made for one use is no use for another. */
export const purposeKey = (secret: string, purpose: string): string => createHmac('sha256', secret).update(`certiflow:${purpose}`).digest('hex');

const keys = new Map<string, string>();

/** A digest of `value` under the purpose's key from this process's APPROVAL_LINK_SECRET. */
export function keyedDigest(purpose: string, value: string): string {
  let key = keys.get(purpose);
  if (!key) {
    key = purposeKey(loadConfig().APPROVAL_LINK_SECRET, purpose);
    keys.set(purpose, key);
  }
  return createHmac('sha256', key).update(value).digest('hex');
}
