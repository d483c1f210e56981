import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { ProgramDocument } from '../programs/document.js';
import { programTerms, rubricOf } from '../programs/terms.js';

// The demo programs are documents (demo/programs/*.yaml), loaded by the seed through the program service
// like any company's. This module only reads the first one for code that needs its terms without a
// database (unit tests of the journey state, benchmarks): the document is the single source.

export const DEMO_PROGRAM_FILES = ['cloud-architecture-practitioner', 'facilitation-and-coaching'].map((id) =>
  fileURLToPath(new URL(`./programs/${id}.yaml`, import.meta.url)),
);

export const readDemoProgram = (file: string): ProgramDocument => parse(readFileSync(file, 'utf8')) as ProgramDocument;

const document = readDemoProgram(DEMO_PROGRAM_FILES[0]!);

export const PROGRAM_ID = document.id;
export const ELIGIBILITY_RULE_SET_KEY = `${PROGRAM_ID}.eligibility`;
export const RECERTIFICATION_RULE_SET_KEY = `${PROGRAM_ID}.recertification`;

/** The program's terms as a journey carries them, its rule sets at their first published versions. */
export const program = programTerms(document, (key) => `${key}@1`);
export const pathways = document.pathways;
export const rubric = rubricOf(document, document.pathways[0]!);
export const competencies = document.competencies;
export const cohorts = document.cohorts ?? [];
