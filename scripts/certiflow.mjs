#!/usr/bin/env node
// `npx certiflow …` (package.json "bin"): runs the TypeScript CLI in scripts/cli/ through tsx's loader in
// this process, so its exit code (0 ok, 1 invalid or failed, 2 usage) is the process's own.
import { tsImport } from 'tsx/esm/api';

const { run } = await tsImport('./cli/main.ts', import.meta.url);
process.exitCode = await run(process.argv.slice(2));
