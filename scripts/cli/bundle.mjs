// The `certiflow` CLI prebuilt as JavaScript (dist/cli/), so that `npx certiflow …` starts without loading
// TypeScript through tsx: scripts/cli/build.mjs builds it when npm installs (postinstall), and
// scripts/certiflow.mjs runs it for as long as every source it was built from is unchanged, the sources
// through tsx otherwise. Plain JavaScript, because it runs before anything can compile TypeScript.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BUNDLE_DIR = path.join(ROOT, 'dist', 'cli');
const MANIFEST = 'manifest.json';
const ENTRY = 'scripts/cli/main.ts';
/** Replaced in the bundle by ajv's standalone code for the same schema and options (rules/rule-set-schema.ts). */
const SCHEMA_MODULE = 'rules/rule-set-schema.ts';

const sha256 = (content) => createHash('sha256').update(content).digest('hex');

/**
 * The URL of the bundle's entry module, or null when there is no bundle or a source it was built from
 * has changed since (then the CLI runs from the sources). A source whose time changed but not its
 * content (a checkout, a regenerated Prisma client) still counts as unchanged.
 */
export function freshBundle(dir = BUNDLE_DIR) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, MANIFEST), 'utf8'));
  } catch {
    return null; // not built, or a build that never finished: the sources it is
  }
  for (const [file, built] of Object.entries(manifest.inputs)) {
    const source = path.join(ROOT, file);
    let stat;
    try {
      stat = statSync(source);
    } catch {
      return null; // a source that is gone
    }
    if (stat.size !== built.size) return null;
    if (stat.mtimeMs !== built.mtimeMs && sha256(readFileSync(source)) !== built.sha256) return null;
  }
  return pathToFileURL(path.join(dir, manifest.entry)).href;
}

/**
 * Builds the bundle into `dir` with esbuild (which tsx brings): our modules in, npm packages left to
 * node_modules, one chunk per command module so a command loads only its own. The manifest records each
 * source exactly as esbuild read it. The bundle replaces `dir` only once complete.
 */
export async function buildBundle(dir = BUNDLE_DIR) {
  const { build } = await import('esbuild');
  const inputs = {};
  const staging = `${dir}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [ENTRY],
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    metafile: true,
    logLevel: 'warning',
    plugins: [recordSources(inputs)],
  });
  for (const file of Object.keys(result.metafile.inputs)) {
    if (!inputs[file]) throw new Error(`esbuild read ${file} without the manifest recording it`);
  }
  const entry = Object.entries(result.metafile.outputs).find(([, output]) => output.entryPoint === ENTRY)?.[0];
  if (!entry) throw new Error(`esbuild wrote no output for ${ENTRY}`);
  const manifest = { entry: path.relative(staging, path.resolve(ROOT, entry)), inputs: sorted(inputs) };
  writeFileSync(path.join(staging, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return { dir, files: Object.keys(result.metafile.outputs).length, sources: Object.keys(inputs).length };
}

/** Loads every source of the app itself, recording its size, time and hash as read. */
function recordSources(inputs) {
  return {
    name: 'record-sources',
    setup(build) {
      build.onLoad({ filter: /\.(ts|json)$/ }, async (args) => {
        const file = path.relative(ROOT, args.path).split(path.sep).join('/');
        if (file.startsWith('node_modules/')) return undefined;
        const stat = statSync(args.path);
        const content = readFileSync(args.path);
        inputs[file] = { size: stat.size, mtimeMs: stat.mtimeMs, sha256: sha256(content) };
        if (file === SCHEMA_MODULE) return { contents: await standaloneSchemaModule(), loader: 'js', resolveDir: path.dirname(args.path) };
        return { contents: content, loader: file.endsWith('.json') ? 'json' : 'ts' };
      });
    },
  };
}

/** rules/rule-set-schema.ts as ajv's standalone code: the validator compiled now rather than at every start. */
async function standaloneSchemaModule() {
  const { tsImport } = await import('tsx/esm/api');
  const { RULE_SET_AJV_OPTIONS, ruleSetSchema } = await tsImport(`../../${SCHEMA_MODULE}`, import.meta.url);
  const { default: Ajv2020 } = await import('ajv/dist/2020.js');
  const { default: standaloneCode } = await import('ajv/dist/standalone/index.js');
  const ajv = new Ajv2020({ ...RULE_SET_AJV_OPTIONS, code: { source: true, esm: true } });
  const code = standaloneCode(ajv, ajv.compile(ruleSetSchema));
  return [
    // ajv's standalone ESM still calls require() for its runtime helpers.
    "import { createRequire } from 'node:module';",
    'const require = createRequire(import.meta.url);',
    code.replace(/^"use strict";/, ''),
    `export const RULE_SET_AJV_OPTIONS = ${JSON.stringify(RULE_SET_AJV_OPTIONS)};`,
    "export { default as ruleSetSchema } from './rule-set.schema.json' with { type: 'json' };",
    'export const matchesRuleSetSchema = validate;',
  ].join('\n');
}

const sorted = (record) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
