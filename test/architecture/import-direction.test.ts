import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

// The import-direction rules (.dependency-cruiser.cjs, docs/architecture.md "Layers") hold for the
// tree, and they do bite: a domain module importing workflow code, in a small tree of its own, is reported.

const root = fileURLToPath(new URL('../../', import.meta.url));
const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as { forbidden: unknown[]; options: Record<string, unknown> };
const SOURCE = ['domain', 'rules', 'prisma', 'services', 'workflows', 'activities', 'worker', 'graphql', 'http', 'html', 'mail', 'config', 'demo', 'scripts'];

async function violations(baseDir: string, paths: string[]) {
  const { output } = await cruise(
    paths,
    { baseDir, validate: true, ruleSet: { forbidden: config.forbidden } as never, tsPreCompilationDeps: true, doNotFollow: { path: 'node_modules' } },
    { extensions: ['.ts', '.js'] },
  );
  return (output as ICruiseResult).summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

describe('import direction', () => {
  it('has no import against the layer rules anywhere in the source tree', async () => {
    expect(await violations(root, SOURCE)).toEqual([]);
  });

  it('reports a domain module that imports workflow code', async () => {
    const fixture = fileURLToPath(new URL('./fixture/', import.meta.url));
    expect(await violations(fixture, ['domain'])).toEqual(['domain-is-the-core: domain/wrong-way.ts → workflows/journey.ts']);
  });

  it('runs in npm test, as npm run lint:imports', async () => {
    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'lint:imports'], { cwd: root });
    expect(stdout).toContain('no dependency violations found');
  });
});
