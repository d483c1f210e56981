import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../demo/seed.js';
import { mintDevToken } from '../../http/auth/tokens.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import type { RuleSetError } from '../../rules/validate.js';
import { type CliApi, root, runCli, startCliApi } from './run-cli.js';
import { AS_OF, eligibilityFile, KEY, seedPopulation, withTenure } from '../rules/rule-set-fixtures.js';

// The `certiflow` CLI as CI runs it: a child process through scripts/certiflow.mjs, judged by exit code
// (0 ok, 1 invalid or failed, 2 usage) and output.

const corpus = path.join(root, 'test/rules/invalid');
const sets = readdirSync(path.join(root, 'rules/sets')).map((file) => `rules/sets/${file}`);
const invalidCases = readdirSync(corpus).filter((file) => file.endsWith('.json') && !file.endsWith('.expected.json'));
const tmp = mkdtempSync(path.join(tmpdir(), 'certiflow-cli-'));
const emptyDataDir = path.join(tmp, 'empty');

const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, emptyDataDir, env);

const writeRuleFile = (name: string, content: unknown) => {
  const file = path.join(tmp, name);
  writeFileSync(file, JSON.stringify(content, null, 2));
  return file;
};

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('certiflow rules validate', () => {
  it('exits 0 for the published rule sets', async () => {
    const run = await cli(['rules', 'validate', ...sets]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain(`rules/sets/cloud-architecture-practitioner.eligibility.json: valid (${KEY}@1)`);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(`${sets.length} of ${sets.length} valid`);
  });

  it('exits 1 for every file of the invalid corpus, printing each "path: message (suggestion)"', async () => {
    const files = invalidCases.map((file) => `test/rules/invalid/${file}`);
    const run = await cli(['rules', 'validate', ...files]);
    expect(run.code).toBe(1);
    for (const file of invalidCases) {
      const expected = JSON.parse(readFileSync(path.join(corpus, file.replace(/\.json$/, '.expected.json')), 'utf8')) as RuleSetError[];
      const block = [
        `test/rules/invalid/${file}: ${expected.length} problem${expected.length === 1 ? '' : 's'}`,
        ...expected.map((e) => `  ${e.path}: ${e.message}${e.suggestion ? ` (${e.suggestion})` : ''}`),
      ].join('\n');
      expect(run.stdout).toContain(`${block}\n`);
    }
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(`0 of ${invalidCases.length} valid`);
  });

  it('exits 1 when one file of several is invalid or cannot be read', async () => {
    const broken = path.join(tmp, 'broken.json');
    writeFileSync(broken, '{ "id": ');
    const run = await cli(['rules', 'validate', sets[0]!, broken, path.join(tmp, 'missing.json')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/broken\.json: 1 problem\n {2}\$: is not valid JSON: /);
    expect(run.stdout).toContain('missing.json: 1 problem\n  $: cannot be read: ENOENT');
  });

  it('exits 2 on usage errors', async () => {
    expect((await cli(['rules', 'validate'])).code).toBe(2);
    expect((await cli(['rules', 'validate', '--strict', sets[0]!])).code).toBe(2);
    expect((await cli(['rules', 'frobnicate'])).code).toBe(2);
    expect(await cli(['--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: certiflow') });
  });
});

describe('certiflow rules diff', () => {
  it('prints each change with its JSON path', async () => {
    const run = await cli(['rules', 'diff', eligibilityFile, writeRuleFile('v2.json', withTenure(12))]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(
      [
        `${KEY}@1 → ${KEY}@2: 2 changes`,
        '~ $.version: version changed: 1 → 2',
        `~ $.rules[0].conditions.all[0]: Rule "tenure-and-cloud-foundation": condition "At least 6 months' tenure" changed: value 6 → 12, description "At least 6 months' tenure" → "At least 12 months' tenure"`,
        '',
      ].join('\n'),
    );
    const json = await cli(['rules', 'diff', '--json', eligibilityFile, writeRuleFile('v2.json', withTenure(12))]);
    expect(JSON.parse(json.stdout)).toMatchObject({ from: `${KEY}@1`, to: `${KEY}@2`, changes: [{ path: '$.version' }, { kind: 'changed', path: '$.rules[0].conditions.all[0]' }] });
  });

  it('exits 1 when either file is invalid', async () => {
    const run = await cli(['rules', 'diff', eligibilityFile, 'test/rules/invalid/unknown-fact.json']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('$.rules[0].conditions.all[0].fact: unknown fact "tenureMonth" (did you mean tenureMonths?)');
  });
});

describe('certiflow rules simulate', () => {
  const dataDir = path.join(tmp, 'data');
  const draft = () => writeRuleFile('tenure-18.json', withTenure(18));

  beforeAll(async () => {
    const db = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
    await db.migrate();
    await seedDemoData(db.prisma, AS_OF);
    await seedPopulation(db.prisma);
    await db.close();
  });

  it('reports who would lose eligibility, and why, from the embedded database', async () => {
    const run = await cli(['rules', 'simulate', draft(), '--as-of', AS_OF], { DATA_DIR: dataDir });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain(`${KEY}@2 simulated for 4 people as of ${AS_OF}`);
    expect(run.stdout).toContain(
      `Would lose eligibility (1):\n  Jordan Lee (jordan; in flight, awaiting_manager_approval; today under ${KEY}@1)\n    - Now in the way: At least 18 months' tenure: you have 14\n`,
    );
    expect(run.stdout).toContain('Would gain eligibility (0): nobody');
    expect(run.stdout).toContain('Unchanged: 3');
  });

  it('fails the pipeline on a loss when asked, and prints JSON', async () => {
    expect((await cli(['rules', 'simulate', draft(), '--as-of', '2026-11-25', '--fail-on-loss'], { DATA_DIR: dataDir })).code).toBe(1);
    const json = await cli(['rules', 'simulate', draft(), '--as-of', AS_OF, '--json'], { DATA_DIR: dataDir });
    expect(JSON.parse(json.stdout)).toMatchObject({ population: 4, loses: [{ personId: 'jordan', change: 'loses' }], gains: [] });
  });

  it('says so when the embedded database is owned by another process, such as npm run dev', async () => {
    const owner = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
    try {
      const run = await cli(['rules', 'simulate', draft()], { DATA_DIR: dataDir });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('is in use: a running "npm run dev" (or another Certiflow process) owns it');
    } finally {
      await owner.close();
    }
  });

  it('explains a missing database, and refuses a date it cannot read', async () => {
    const missing = await cli(['rules', 'simulate', draft()]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`There is no embedded database in ${path.join(emptyDataDir, 'pglite')}`);
    expect((await cli(['rules', 'simulate', draft(), '--as-of', 'next tuesday'])).code).toBe(2);
  });
});

describe('certiflow rules publish (through the GraphQL API)', () => {
  const SECRET = 'cli-publish-test-secret';
  let api: CliApi;
  let db: Database;
  let apiUrl: string;

  beforeAll(async () => {
    api = await startCliApi(SECRET, AS_OF);
    ({ db, apiUrl } = api);
  });

  afterAll(async () => {
    await api?.close();
  });

  const publish = async (file: string, personId: string, ...options: string[]) =>
    cli(['rules', 'publish', file, '--reason', 'Tenure raised to a year for the 2027 intake.', ...options], {
      CERTIFLOW_API_URL: apiUrl,
      CERTIFLOW_TOKEN: await mintDevToken(SECRET, personId),
    });

  it('publishes the next version as the token holder, and refuses the same version again', async () => {
    const file = writeRuleFile('publish-v2.json', withTenure(12));
    const run = await publish(file, 'ari', '--policy', 'keep');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    // Four eyes: the request waits for a second admin or program owner.
    const draftId = /Asked for publication of draft (\S+):/.exec(run.stdout)?.[1];
    expect(draftId).toBeDefined();
    expect(await db.prisma.ruleSet.findUnique({ where: { id: `${KEY}@2` } })).toBeNull();
    const self = await cli(['rules', 'approve', draftId!], { CERTIFLOW_API_URL: apiUrl, CERTIFLOW_TOKEN: await mintDevToken(SECRET, 'ari') });
    expect(self.code).toBe(1);
    expect(self.stderr).toContain('FORBIDDEN');
    const approved = await cli(['rules', 'approve', draftId!], { CERTIFLOW_API_URL: apiUrl, CERTIFLOW_TOKEN: await mintDevToken(SECRET, 'ines') });
    expect(approved).toMatchObject({ code: 0, stderr: '' });
    expect(approved.stdout).toMatch(new RegExp(`^Published ${KEY}@2 by ari, approved by ines, at \\S+; review due \\d{4}-\\d{2}-\\d{2}\\n`));
    expect(approved.stdout).toContain(`Journeys in flight on ${KEY}@1: 0; 0 accepted the keep policy`);
    expect(await db.prisma.ruleSet.findUnique({ where: { id: `${KEY}@2` } })).toMatchObject({ publishedBy: 'ari', approvedBy: 'ines', reason: 'Tenure raised to a year for the 2027 intake.' });

    const again = await publish(file, 'ari', '--policy', 'keep');
    expect(again.code).toBe(1);
    expect(again.stdout).toContain(`$.version: must be 3, the next version after ${KEY}@2, the latest published (write 3)`);
    expect(await db.prisma.ruleSetDraft.count()).toBe(0);
  });

  it('fails for a non-admin, and exits 2 without a token or with a policy that needs a period', async () => {
    const file = writeRuleFile('publish-v3.json', withTenure(18, 3));
    const forbidden = await publish(file, 'hana', '--policy', 'immediate');
    expect(forbidden.code).toBe(1);
    expect(forbidden.stderr).toContain('FORBIDDEN');
    expect((await publish(file, 'ari', '--policy', 'transition')).code).toBe(2);
    expect((await publish(file, 'ari', '--policy', 'sometimes')).code).toBe(2);
    expect((await cli(['rules', 'publish', file, '--reason', 'x', '--policy', 'keep'])).code).toBe(2);
  });
});
