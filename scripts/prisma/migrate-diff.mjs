#!/usr/bin/env node
// Migration SQL between two Prisma schemas, offline: `node scripts/prisma/migrate-diff.mjs [<from schema>] <to schema>`
// (no <from schema>: from an empty database). Runs Prisma 6.19.3 (npm alias `prisma6`), whose WebAssembly
// schema engine needs no download; Prisma 6 wants `url` in the datasource block, Prisma 7 refuses it, so
// each schema is copied with the line added.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
if (args.length < 1 || args.length > 2) {
  console.error('usage: node scripts/prisma/migrate-diff.mjs [<from schema>] <to schema>');
  process.exit(2);
}
const dir = mkdtempSync(path.join(tmpdir(), 'certiflow-diff-'));
const withUrl = (file, name) => {
  const text = readFileSync(file, 'utf8').replace(/(datasource\s+\w+\s*\{[^}]*?provider\s*=\s*"[^"]+")/, '$1\n  url = env("DATABASE_URL")');
  const out = path.join(dir, name);
  writeFileSync(out, text);
  return out;
};
const to = withUrl(args.at(-1), 'to.prisma');
const from = args.length === 2 ? ['--from-schema-datamodel', withUrl(args[0], 'from.prisma')] : ['--from-empty'];
// Paths from the repository root, where `npm run db:diff` runs it.
const here = path.join('scripts', 'prisma');
const stub = path.join(here, 'engine-unavailable.sh');
const cli = path.join('node_modules', 'prisma6', 'build', 'index.js');
const result = spawnSync(
  process.execPath,
  [cli, 'migrate', 'diff', '--config', path.join(here, 'prisma6-diff.config.ts'), ...from, '--to-schema-datamodel', to, '--script'],
  { stdio: 'inherit', env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', PRISMA_QUERY_ENGINE_LIBRARY: stub, PRISMA_SCHEMA_ENGINE_BINARY: stub } },
);
rmSync(dir, { recursive: true, force: true });
process.exit(result.status ?? 1);
