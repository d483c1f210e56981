#!/usr/bin/env node
// Builds the `certiflow` CLI bundle (dist/cli/; scripts/cli/bundle.mjs). npm runs it after installing
// (package.json "postinstall"); run it again after changing the CLI's sources, or the CLI keeps running
// from the sources through tsx, correct but slower to start. Offline: esbuild comes with tsx.
// A failed build never fails the install: the CLI then runs from the sources.
import { buildBundle } from './bundle.mjs';

const started = performance.now();
try {
  const { dir, files, sources } = await buildBundle();
  console.log(`certiflow CLI: built ${dir} (${files} files from ${sources} sources) in ${Math.round(performance.now() - started)} ms`);
} catch (error) {
  console.warn(`certiflow CLI: no prebuilt bundle (${error instanceof Error ? error.message : error}); the CLI runs from its TypeScript sources.`);
}
