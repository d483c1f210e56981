import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle, freshBundle } from '../../scripts/cli/bundle.mjs';
import { root, type Run, runNode } from './run-cli.js';

// scripts/certiflow.mjs runs the CLI from a bundle prebuilt at npm install while it matches the sources,
// and from the sources through tsx otherwise: both must behave exactly alike. This builds a bundle of its
// own (inside the checkout, where the bundle finds node_modules) and holds it against the sources.

const dist = path.join(root, 'dist');
let bundleDir: string;
let entry: string;

beforeAll(async () => {
  // A fresh clone has no dist/ until the install's build step has run.
  mkdirSync(dist, { recursive: true });
  bundleDir = path.join(mkdtempSync(path.join(dist, 'cli-test-')), 'cli');
  await buildBundle(bundleDir);
  entry = pathToFileURL(path.join(bundleDir, 'main.js')).href;
}, 60_000);

afterAll(() => {
  if (bundleDir) rmSync(path.dirname(bundleDir), { recursive: true, force: true });
});

function node(args: string[]): Promise<Run> {
  return runNode(args, { ...process.env, DATABASE_URL: '', CERTIFLOW_API_URL: '', CERTIFLOW_TOKEN: '' });
}

const fromBundle = (args: string[]) =>
  node(['--input-type=module', '-e', 'const { run } = await import(process.argv[1]); process.exitCode = await run(process.argv.slice(2));', entry, ...args]);
const fromSources = (args: string[]) => node(['--import', 'tsx', 'scripts/cli/main.ts', ...args]);

const invalidCorpus = readdirSync(path.join(root, 'test/rules/invalid'))
  .filter((file) => file.endsWith('.json') && !file.endsWith('.expected.json'))
  .map((file) => `test/rules/invalid/${file}`);
const ruleSets = readdirSync(path.join(root, 'rules/sets')).map((file) => `rules/sets/${file}`);

describe('the prebuilt CLI bundle', () => {
  it('answers as the sources do: same exit codes, same output', async () => {
    for (const args of [
      ['rules', 'validate', ...ruleSets],
      ['rules', 'validate', ...invalidCorpus, 'missing.json'],
      ['rules', 'diff', ruleSets[0]!, ruleSets[0]!],
      ['programs', 'validate', 'demo/programs/cloud-architecture-practitioner.yaml'],
      ['rules', 'validate'],
      ['rules', 'frobnicate'],
      ['--help'],
    ]) {
      const [bundled, sources] = await Promise.all([fromBundle(args), fromSources(args)]);
      expect({ args, ...bundled }).toEqual({ args, ...sources });
    }
    const invalid = await fromBundle(['rules', 'validate', ...invalidCorpus]);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toContain('$.rules[0].conditions.all[0].fact: unknown fact "tenureMonth" (did you mean tenureMonths?)');
  }, 60_000);

  it('is used only while every source is as it was built from', () => {
    expect(freshBundle(bundleDir)).toBe(entry);
    const copy = path.join(path.dirname(bundleDir), 'copy');
    cpSync(bundleDir, copy, { recursive: true });
    const manifestFile = path.join(copy, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { inputs: Record<string, { size: number; mtimeMs: number; sha256: string }> };
    expect(Object.keys(manifest.inputs)).toEqual(expect.arrayContaining(['scripts/cli/main.ts', 'rules/validate.ts', 'rules/rule-set.schema.json']));
    const write = (edit: (inputs: typeof manifest.inputs) => void) => {
      const inputs = structuredClone(manifest.inputs);
      edit(inputs);
      writeFileSync(manifestFile, JSON.stringify({ ...manifest, inputs }));
    };
    // Touched but unchanged (a checkout, a regenerated Prisma client): still the same sources.
    write((inputs) => {
      inputs['rules/validate.ts']!.mtimeMs -= 1000;
    });
    expect(freshBundle(copy)).not.toBeNull();
    write((inputs) => {
      inputs['rules/validate.ts']!.mtimeMs -= 1000;
      inputs['rules/validate.ts']!.sha256 = '0'.repeat(64);
    });
    expect(freshBundle(copy)).toBeNull();
    write((inputs) => {
      inputs['rules/validate.ts']!.size += 1;
    });
    expect(freshBundle(copy)).toBeNull();
    write((inputs) => {
      inputs['rules/gone.ts'] = { size: 1, mtimeMs: 1, sha256: '' };
    });
    expect(freshBundle(copy)).toBeNull();
    rmSync(manifestFile);
    expect(freshBundle(copy)).toBeNull();
  });
});
