#!/usr/bin/env node
// `npx certiflow …` (package.json "bin"): runs the CLI in scripts/cli/ in this process, so its exit code
// (0 ok, 1 invalid or failed, 2 usage) is the process's own. From the prebuilt bundle (dist/cli/, made at
// npm install by scripts/cli/build.mjs) while it matches the sources, else from the TypeScript through
// tsx's loader, which costs about a second more at every start.
import { freshBundle } from './cli/bundle.mjs';

async function load() {
  const bundle = freshBundle();
  if (bundle) {
    try {
      return await import(bundle);
    } catch (error) {
      console.error(`certiflow: the prebuilt CLI would not load (${error.message}); running the sources. "node scripts/cli/build.mjs" rebuilds it.`);
    }
  }
  const { tsImport } = await import('tsx/esm/api');
  return tsImport('./cli/main.ts', import.meta.url);
}

const { run } = await load();
process.exitCode = await run(process.argv.slice(2));
