import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ProgramDocument } from '../../programs/document.js';
import { programTerms } from '../../programs/terms.js';
import { type ProgramCatalog, validateProgram, validateProgramText } from '../../programs/validate.js';

// The program option panel.anonymised: optional, a boolean, and snapshotted into the journey's terms.

const catalog: ProgramCatalog = {
  ruleSets: new Map([
    ['corpus-program.eligibility', { kind: 'eligibility', programId: 'corpus-program', facts: ['tenureMonths'] }],
    ['corpus-program.recertification', { kind: 'recertification', programId: 'corpus-program', facts: ['completedCourses'] }],
  ]),
  programs: new Set(['corpus-program', 'other-program']),
  people: new Set(['ines', 'ari']),
};

function base(): ProgramDocument {
  const result = validateProgramText(readFileSync(new URL('./corpus/valid.yaml', import.meta.url), 'utf8'), catalog);
  if (!result.ok) throw new Error('the corpus base document must be valid');
  return result.value;
}

const withPanel = (panel: Record<string, unknown>) => {
  const document = base();
  return { ...document, panel: { ...document.panel, ...panel } };
};

describe('the anonymised assessment option', () => {
  it('is optional: a program without it is valid and its terms do not ask for anonymity', () => {
    const document = base();
    expect(document.panel.anonymised).toBeUndefined();
    expect(programTerms(document, (key) => `${key}@1`).anonymisedAssessment).toBeUndefined();
  });

  it('when true, is valid and snapshotted into the journey terms', () => {
    const result = validateProgram(withPanel({ anonymised: true }), catalog);
    expect(result).toMatchObject({ ok: true, warnings: [] });
    if (!result.ok) return;
    expect(programTerms(result.value, (key) => `${key}@1`).anonymisedAssessment).toBe(true);
  });

  it('warns when no pathway accepts a format that hides the person', () => {
    const document = withPanel({ anonymised: true });
    const videoOnly = { ...document, pathways: document.pathways.map((p) => ({ ...p, evidenceFormats: ['video' as const] })) };
    const result = validateProgram(videoOnly, catalog);
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => w.path)).toEqual(['$.panel.anonymised']);
  });

  it('must be a boolean', () => {
    const result = validateProgram(withPanel({ anonymised: 'yes' }), catalog);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toContain('$.panel.anonymised');
  });
});
