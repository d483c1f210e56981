import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildWorkflowBundle } from '../worker/bundle.js';

// `npm run build:workflows [-- <file>]`: writes the journey workflow bundle (default
// dist/workflow-bundle.js) for production workers: `npm run worker -- --workflow-bundle <file>`. It holds the
// tracing interceptors too (worker/bundle.ts), which a worker given a bundle cannot add at start.

const target = path.resolve(process.argv[2] ?? 'dist/workflow-bundle.js');
const { code } = await buildWorkflowBundle();
await mkdir(path.dirname(target), { recursive: true });
await writeFile(target, code);
console.log(`workflow bundle written to ${target} (${(code.length / 1024 / 1024).toFixed(2)} MB); start workers with --workflow-bundle ${target}`);
