import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Calibration exercises judge assessors on a benchmark, never a candidate (docs/security.md): their
// tables must stay out of the figures of real panels and out of journeys. Prisma access is not an import
// dependency-cruiser can see, so this reads the sources of the modules that must not touch them.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const GUARDED = ['services/analytics', 'services/reports', 'activities', 'workflows'];
const EXERCISE_TABLES = /calibrationExercise|calibrationSheet|CalibrationExercise|CalibrationSheet|calibration-exercise/;

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

describe('calibration exercises stay apart', () => {
  it('are read by no analytics, report, activity or workflow module', () => {
    const files = GUARDED.flatMap(sources);
    expect(files.length).toBeGreaterThan(20);
    expect(files.filter((file) => EXERCISE_TABLES.test(readFileSync(path.join(root, file), 'utf8')))).toEqual([]);
  });
});
