import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintDevToken } from '../../http/auth/tokens.js';
import type { Database } from '../../prisma/client.js';
import { type CliApi, root, runCli, startCliApi } from './run-cli.js';

// `certiflow programs …` as a CI pipeline runs it on program documents kept in git: a child process,
// judged by exit code (0 ok, 1 invalid or refused, 2 usage) and output.

const tmp = mkdtempSync(path.join(tmpdir(), 'certiflow-programs-cli-'));
const demo = 'demo/programs/cloud-architecture-practitioner.yaml';
const demoText = readFileSync(path.join(root, demo), 'utf8');

const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, path.join(tmp, 'empty'), env);

/** The demo document as version 2, with `edit` applied to its text. */
function version2(name: string, edit: (text: string) => string = (t) => t): string {
  const file = path.join(tmp, name);
  writeFileSync(file, edit(demoText.replace(/^version: 1$/m, 'version: 2')));
  return file;
}

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('certiflow programs validate and diff (files only)', () => {
  it('accepts both demo programs, and exits 1 with the line, path and suggestion of each problem', async () => {
    const valid = await cli(['programs', 'validate', 'demo/programs/cloud-architecture-practitioner.yaml', 'demo/programs/facilitation-and-coaching.yaml']);
    expect(valid).toMatchObject({ code: 0, stderr: '' });
    expect(valid.stdout).toContain('2 of 2 valid');

    const broken = version2('broken.yaml', (t) => t.replace('        competency: security\n', '        competency: securty\n'));
    const run = await cli(['programs', 'validate', broken]);
    expect(run.code).toBe(1);
    const line = demoText.split('\n').indexOf('        competency: security') + 1;
    expect(run.stdout).toContain(`line ${line}, $.rubrics[0].criteria[1].competency: names no competency of this program: "securty" (did you mean security?)`);
  });

  it('names a missing rule set, and takes rule sets from --rules', async () => {
    const renamed = version2('renamed.yaml', (t) => t.replace('ruleSet: cloud-architecture-practitioner.recertification', 'ruleSet: cloud-architecture-practitioner.renewal'));
    const run = await cli(['programs', 'validate', renamed]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/\$\.credential\.recertification\.ruleSet: names no published rule set: "cloud-architecture-practitioner\.renewal" \(did you mean cloud-architecture-practitioner\.recertification\?\)/);
    // With a folder of rule sets that has it, the name is known.
    const rules = mkdtempSync(path.join(tmp, 'rules-'));
    for (const key of ['cloud-architecture-practitioner.eligibility', 'cloud-architecture-practitioner.recertification']) {
      const ruleSet = JSON.parse(readFileSync(path.join(root, `rules/sets/${key}.json`), 'utf8'));
      const id = key.replace('recertification', 'renewal');
      writeFileSync(path.join(rules, `${id}.json`), JSON.stringify({ ...ruleSet, id }));
    }
    expect((await cli(['programs', 'validate', renamed, '--rules', rules])).code).toBe(0);
  });

  it('prints the diff area by area, and exits 2 on a usage error', async () => {
    const longer = version2('longer.yaml', (t) => t.replace('  validity: P2Y', '  validity: P3Y'));
    const run = await cli(['programs', 'diff', demo, longer]);
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toContain('[recertification] $.credential.validity: P2Y → P3Y');
    expect(run.stdout).toContain('Publication needs a policy (keep, transition, immediate) for: recertification');
    expect((await cli(['programs', 'diff', demo])).code).toBe(2);
  });
});

describe('certiflow programs plan, apply and approve (through the GraphQL API)', () => {
  const SECRET = 'cli-programs-test-secret';
  let api: CliApi;
  let db: Database;
  let apiUrl: string;

  beforeAll(async () => {
    api = await startCliApi(SECRET, '2026-11-25T09:00:00.000Z');
    ({ db, apiUrl } = api);
  });

  afterAll(async () => {
    await api?.close();
  });

  const as = async (personId: string) => ({ CERTIFLOW_API_URL: apiUrl, CERTIFLOW_TOKEN: await mintDevToken(SECRET, personId) });

  it('plans: exit 0 with the change and who it reaches, exit 1 on problems, exit 2 without a token', async () => {
    const longer = version2('plan.yaml', (t) => t.replace('  validity: P2Y', '  validity: P3Y'));
    const run = await cli(['programs', 'plan', longer], await as('ines'));
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('cloud-architecture-practitioner@1 → cloud-architecture-practitioner@2: 1 change');
    expect(run.stdout).toContain('Journeys in flight: 0; current holders: 0');
    expect(run.stdout).toContain('cloud-architecture-practitioner@2 can be published.');

    const wrongVersion = path.join(tmp, 'v3.yaml');
    writeFileSync(wrongVersion, demoText.replace(/^version: 1$/m, 'version: 3'));
    const refused = await cli(['programs', 'plan', wrongVersion], await as('ines'));
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('$.version: must be 2, the next version of cloud-architecture-practitioner (1 is published)');

    expect((await cli(['programs', 'plan', longer], { CERTIFLOW_API_URL: apiUrl })).code).toBe(2);
    // A candidate may not plan program changes.
    expect((await cli(['programs', 'plan', longer], await as('alex'))).code).toBe(1);
  });

  it('applies as a request for approval; the author cannot approve it, a second admin can; both names kept', async () => {
    const longer = version2('apply.yaml', (t) => t.replace('  validity: P2Y', '  validity: P3Y'));
    expect((await cli(['programs', 'apply', longer, '--reason', 'Credentials now last three years.'], await as('ines'))).code).toBe(1);
    const applied = await cli(['programs', 'apply', longer, '--reason', 'Credentials now last three years.', '--policy', 'recertification=transition', '--notice-period', 'P30D'], await as('ines'));
    expect(applied).toMatchObject({ code: 0 });
    expect(applied.stdout).toContain('cloud-architecture-practitioner@2 is waiting for a second admin or program owner to approve it');
    expect(await db.prisma.program.findUniqueOrThrow({ where: { id: 'cloud-architecture-practitioner' }, select: { validity: true } })).toEqual({ validity: 'P2Y' });

    const self = await cli(['programs', 'approve', 'cloud-architecture-practitioner@2'], await as('ines'));
    expect(self.code).toBe(1);
    expect(self.stderr).toContain('FORBIDDEN');

    const approved = await cli(['programs', 'approve', 'cloud-architecture-practitioner@2'], await as('ari'));
    expect(approved).toMatchObject({ code: 0, stderr: '' });
    expect(approved.stdout).toContain('approved by ari (written by ines, requested by ines)');
    const program = await db.prisma.program.findUniqueOrThrow({ where: { id: 'cloud-architecture-practitioner' } });
    expect(program).toMatchObject({ validity: 'P3Y', currentVersion: 2 });
    expect((await cli(['programs', 'apply', longer, '--reason', 'Again.', '--policy', 'rubric=sometimes'], await as('ines'))).code).toBe(2);
  });
});
