import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintDevToken } from '../../http/auth/tokens.js';
import { type CliApi, runCli, startCliApi } from './run-cli.js';

// `certiflow import` as an HR person runs it against the API: a rejected file names file, row and
// column and applies nothing (exit 1); a good one is applied (exit 0); a candidate may not import.

const SECRET = 'cli-import-test-secret';
let api: CliApi;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'certiflow-import-cli-'));

beforeAll(async () => {
  api = await startCliApi(SECRET, '2026-11-25T09:00:00.000Z');
});

afterAll(async () => {
  await api?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const as = async (personId: string) => ({ CERTIFLOW_API_URL: api.apiUrl, CERTIFLOW_TOKEN: await mintDevToken(SECRET, personId) });

function file(name: string, text: string): string {
  const at = path.join(tmp, name);
  writeFileSync(at, text);
  return at;
}

describe('certiflow import', () => {
  it('rejects a file with file:row:column problems and applies nothing, then applies a good one', async () => {
    const bad = file('people.csv', 'Email,Name,Start Date\nnew.hire@example.com,New Hire,2026-02-30\n');
    const rejected = await runCli(['import', 'people', bad], tmp, await as('hana'));
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toContain(`${bad}:2:Start Date:`);
    expect(rejected.stdout).toContain('Rejected, nothing applied. 1 row(s): 0 created, 0 updated, 0 unchanged, 1 rejected.');
    expect(await api.db.prisma.person.count({ where: { email: 'new.hire@example.com' } })).toBe(0);

    const good = file('people-good.csv', 'Email,Name,Start Date\nnew.hire@example.com,New Hire,2026-02-03\n');
    const dry = await runCli(['import', 'people', good, '--dry-run'], tmp, await as('hana'));
    expect(dry).toMatchObject({ code: 0 });
    expect(dry.stdout).toContain('Dry run, nothing applied. 1 row(s): 1 created');
    const applied = await runCli(['import', 'people', good], tmp, await as('hana'));
    expect(applied.stdout).toContain('Applied. 1 row(s): 1 created, 0 updated, 0 unchanged, 0 rejected.');
    expect(await api.db.prisma.person.count({ where: { email: 'new.hire@example.com' } })).toBe(1);

    const candidate = await runCli(['import', 'people', good], tmp, await as('alex'));
    expect(candidate.code).toBe(1);
    expect(candidate.stderr).toContain('FORBIDDEN');
    expect((await runCli(['import', 'staff', good], tmp, await as('hana'))).code).toBe(2);
  });
});
