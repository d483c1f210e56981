import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { credentialNumber, credentialNumberKey } from '../../activities/credentials.js';
import { PROGRAM_ID } from '../../demo/program.js';
import { journeyWorkflowId } from '../../domain/workflow-ids.js';

const JOURNEY = journeyWorkflowId(PROGRAM_ID, 'emp-ada');
const ISSUED = '2026-03-15T10:00:00.000Z';
const KEY = credentialNumberKey('credential-number-test-secret');

describe('credentialNumber', () => {
  it('reads like CAP-2026-XXXXXXXX: program initials, year of issue, eight hex digits', () => {
    expect(credentialNumber(KEY, PROGRAM_ID, JOURNEY, 1, ISSUED)).toMatch(/^CAP-2026-[0-9A-F]{8}$/);
  });

  it('is the same for the same journey cycle', () => {
    expect(credentialNumber(KEY, PROGRAM_ID, JOURNEY, 1, ISSUED)).toBe(credentialNumber(KEY, PROGRAM_ID, JOURNEY, 1, ISSUED));
  });

  it('keeps its digits when a retry issues it at a later instant', () => {
    const first = credentialNumber(KEY, PROGRAM_ID, JOURNEY, 1, ISSUED);
    const retry = credentialNumber(KEY, PROGRAM_ID, JOURNEY, 1, '2026-03-15T10:00:07.250Z');
    expect(retry).toBe(first);
  });

  it('has further numbers of its own for a cycle whose first is taken, in the same form', () => {
    const numbers = [0, 1, 2, 7].map((attempt) => credentialNumber(KEY, PROGRAM_ID, JOURNEY, 1, ISSUED, attempt));
    expect(numbers[0]).toBe(credentialNumber(KEY, PROGRAM_ID, JOURNEY, 1, ISSUED));
    expect(new Set(numbers).size).toBe(4);
    for (const number of numbers) expect(number).toMatch(/^CAP-2026-[0-9A-F]{8}$/);
  });

  it('differs by cycle', () => {
    const numbers = [1, 2, 3, 4].map((cycle) => credentialNumber(KEY, PROGRAM_ID, JOURNEY, cycle, ISSUED));
    expect(new Set(numbers).size).toBe(4);
  });

  it('differs by journey', () => {
    const other = journeyWorkflowId(PROGRAM_ID, 'emp-grace');
    expect(credentialNumber(KEY, PROGRAM_ID, other, 1, ISSUED)).not.toBe(credentialNumber(KEY, PROGRAM_ID, JOURNEY, 1, ISSUED));
  });

  it('takes the year from the issue date', () => {
    expect(credentialNumber(KEY, PROGRAM_ID, JOURNEY, 2, '2028-01-20T08:00:00.000Z')).toMatch(/^CAP-2028-[0-9A-F]{8}$/);
  });

  it.each([
    ['data-science', 'DS'],
    ['Site_Reliability engineering', 'SRE'],
    ['a-b-c-d-e-f', 'ABCD'],
    ['ml-ops-101', 'MO1'],
    ['--security--', 'S'],
  ])('abbreviates program %j as %s, at most four letters', (programId, prefix) => {
    expect(credentialNumber(KEY, programId, JOURNEY, 1, ISSUED)).toMatch(new RegExp(`^${prefix}-2026-[0-9A-F]{8}$`));
  });

  it('cannot be computed from the journey without the server secret', () => {
    // A journey id names its candidate: an unkeyed digest would let anyone find a number's holder.
    const number = credentialNumber(KEY, PROGRAM_ID, JOURNEY, 1, ISSUED);
    const unkeyed = createHash('sha256').update(`${JOURNEY}#1`).digest('hex').slice(0, 8).toUpperCase();
    expect(number).not.toContain(unkeyed);
    expect(credentialNumber(credentialNumberKey('another-deployment-secret'), PROGRAM_ID, JOURNEY, 1, ISSUED)).not.toBe(number);
  });
});
