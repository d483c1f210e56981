import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_PROGRAM_FILES } from '../../demo/program.js';
import { people } from '../../demo/people.js';
import { parseProgramText } from '../../programs/parse.js';
import { type ProgramCatalog, validateProgram, validateProgramText } from '../../programs/validate.js';
import { forEachLeaf } from '../../rules/rule-set.js';
import { validateRuleSet } from '../../rules/validate.js';

// The validation corpus: broken program documents (test/programs/corpus/, each the valid.yaml there with one
// defect, said in its first line) and the first problem each must give: JSON path, line, message and,
// where there is one, the suggestion. The catalog stands for what the database knows.

const corpus = new URL('./corpus/', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, corpus), 'utf8');

const catalog: ProgramCatalog = {
  ruleSets: new Map([
    ['corpus-program.eligibility', { kind: 'eligibility', programId: 'corpus-program', facts: ['tenureMonths'] }],
    ['corpus-program.recertification', { kind: 'recertification', programId: 'corpus-program', facts: ['completedCourses'] }],
  ]),
  programs: new Set(['corpus-program', 'other-program']),
  people: new Set(['ines', 'ari']),
};

const EXPECTED: Record<string, { path: string; line: number; message: string; suggestion?: string }> = {
  'check-in-reminder-not-shorter-than-cadence': {"path": "$.mentoring.checkInReminder", "line": 45, "message": "must be shorter than the check-in cadence P14D"},
  'competency-with-no-criterion': {"path": "$.competencies[2]", "line": 23, "message": "no rubric criterion assesses the competency \"leadership\"", "suggestion": "add a criterion naming it to the rubric of a pathway, or remove the competency"},
  'criterion-names-no-competency': {"path": "$.rubrics[0].criteria[0].competency", "line": 31, "message": "names no competency of this program: \"core-practise\"", "suggestion": "did you mean core-practice?"},
  'duplicate-key': {"path": "$", "line": 7, "message": "is not valid YAML or JSON: Map keys must be unique"},
  'duplicate-pathway-id': {"path": "$.pathways[1].id", "line": 44, "message": "repeats the pathway id \"portfolio\""},
  'duration-not-iso': {"path": "$.submission.deadline", "line": 44, "message": "must be an ISO 8601 duration such as P14D, P3M or P2Y"},
  'indicator-of-another-competency': {"path": "$.rubrics[0].criteria[1].indicators[0]", "line": 32, "message": "is not an indicator of communication: \"CP-1\"", "suggestion": "did you mean CM-1?"},
  'missing-level-label': {"path": "$.rubrics[0].levels.labels", "line": 28, "message": "has no label for level 4", "suggestion": "add \"4\": \"<name>\" so assessors and candidates read a name for every level"},
  'not-yaml': {"path": "$", "line": 8, "message": "is not valid YAML or JSON: Flow sequence in block collection must be sufficiently indented and end with a ]"},
  'owner-not-in-directory': {"path": "$.owners[0]", "line": 7, "message": "names nobody in the directory: \"inez\"", "suggestion": "did you mean ines?"},
  'pass-average-outside-range': {"path": "$.rubrics[0].passAverage", "line": 29, "message": "must be within the level range 1–4; 4.5 can never be met"},
  'pathway-names-missing-rubric': {"path": "$.pathways[0].rubric", "line": 39, "message": "names no rubric of this program: \"pannel\"", "suggestion": "did you mean panel?"},
  'pathway-names-missing-rule-set': {"path": "$.pathways[0].eligibilityRuleSet", "line": 38, "message": "names no published rule set: \"corpus-program.entry\"", "suggestion": "known eligibility rule sets of corpus-program: corpus-program.eligibility"},
  'prerequisite-is-itself': {"path": "$.prerequisites.credentials[0]", "line": 9, "message": "is this program itself: a program cannot require its own credential"},
  'prerequisite-not-checked-by-rule-set': {"path": "$.pathways[0].eligibilityRuleSet", "line": 40, "message": "does not check the prerequisite credential \"other-program\"", "suggestion": "add a condition { \"fact\": \"heldCredentials\", \"operator\": \"contains\", \"value\": \"other-program\" } to corpus-program.eligibility"},
  'recertification-window-longer-than-validity': {"path": "$.credential.recertification.window", "line": 50, "message": "opens re-certification P3Y before expiry, which is before a P2Y credential is even issued", "suggestion": "make it shorter than the validity"},
  'reminder-before-window-opens': {"path": "$.credential.recertification.reminders[0]", "line": 50, "message": "reminds P90D before expiry, before re-certification opens (P60D before expiry)"},
  'rule-set-of-wrong-kind': {"path": "$.pathways[0].eligibilityRuleSet", "line": 38, "message": "must name an eligibility rule set; corpus-program.recertification is recertification"},
  'submission-reminder-after-deadline': {"path": "$.submission.reminders[0]", "line": 44, "message": "reminds P120D before the deadline, but evidence is only due P90D after approval"},
  'threshold-above-level-range': {"path": "$.rubrics[0].criteria[0].threshold", "line": 31, "message": "must be a level from 1 to 4, not 5"},
  'unknown-property-misspelt': {"path": "$.pathway", "line": 33, "message": "is not a known property here", "suggestion": "did you mean pathways?"},
  'zero-validity': {"path": "$.credential.validity", "line": 49, "message": "must be longer than zero, not P0D"},
  'label-for-level-outside-scale': {"path": "$.rubrics[0].levels.labels[\"5\"]", "line": 33, "message": "labels a level outside 1–4"},
  'overlapping-committee-terms': {"path": "$.committee[1]", "line": 10, "message": "overlaps the term of ari from 2026-01-01 to 2026-12-31", "suggestion": "end one term before the next starts, or make them one term"},
  'pathway-cadence-shorter-than-reminder': {"path": "$.pathways[0].checkInCadence", "line": 40, "message": "must be longer than the check-in reminder P2D, or the reminder would come before the period starts"},
  'prerequisite-misspelt': {"path": "$.prerequisites.credentials[0]", "line": 9, "message": "names no program: \"other-programme\"", "suggestion": "did you mean other-program?"},
};

describe('the program validation corpus', () => {
  it('has an expectation for every broken document, and the base document is valid', () => {
    const files = readdirSync(corpus).filter((f) => f.endsWith('.yaml') && f !== 'valid.yaml').map((f) => f.slice(0, -5));
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(validateProgramText(read('valid.yaml'), catalog)).toMatchObject({ ok: true, warnings: [] });
  });

  it.each(Object.entries(EXPECTED))('%s', (name, expected) => {
    const result = validateProgramText(read(`${name}.yaml`), catalog);
    expect(result.ok).toBe(false);
    expect(result.ok ? null : result.errors[0]).toEqual(expected);
  });
});

describe('validation beyond the corpus', () => {
  it('accepts both demo programs against their own rule sets and people, with no warning', () => {
    const ruleSets = new Map<string, { kind: string; programId: string; facts: string[] }>();
    for (const file of readdirSync(new URL('../../rules/sets/', import.meta.url))) {
      const checked = validateRuleSet(JSON.parse(readFileSync(new URL(`../../rules/sets/${file}`, import.meta.url), 'utf8')));
      if (!checked.ok) throw new Error(file);
      const facts: string[] = [];
      forEachLeaf(checked.value, (leaf) => facts.push(leaf.fact));
      ruleSets.set(checked.value.id, { kind: checked.value.kind, programId: checked.value.programId, facts });
    }
    const demo = { ruleSets, people: new Set(people.map((p) => p.id)), programs: new Set(['cloud-architecture-practitioner', 'facilitation-and-coaching']) };
    for (const file of DEMO_PROGRAM_FILES) expect(validateProgramText(readFileSync(file, 'utf8'), demo), file).toMatchObject({ ok: true, warnings: [] });
  });

  it('warns, without refusing, about an indicator no criterion looks for', () => {
    const text = read('valid.yaml').replace('competency: communication, threshold: 2', 'competency: communication, indicators: [CM-1], threshold: 2');
    const result = validateProgramText(text, catalog);
    const line = text.split('\n').findIndex((l) => l.includes('code: CM-2')) + 1;
    expect(result).toMatchObject({ ok: true, warnings: [{ path: '$.competencies[1].indicators[1]', line, message: 'no rubric criterion looks for the indicator CM-2' }] });
  });

  it('places problems of a JSON document on the lines of the JSON text', () => {
    const parsed = parseProgramText(read('valid.yaml'));
    if (!parsed.ok) throw new Error('valid.yaml does not parse');
    const document = parsed.parsed.value as { submission: { deadline: string } };
    document.submission.deadline = 'P0D';
    const text = JSON.stringify(document, null, 2);
    const result = validateProgramText(text, catalog);
    const line = text.split('\n').findIndex((l) => l.includes('"deadline": "P0D"')) + 1;
    expect(result.ok ? null : result.errors[0]).toEqual({ path: '$.submission.deadline', line, message: 'must be longer than zero, not P0D' });
  });

  it('places a problem of an empty document on line 1', () => {
    expect(validateProgramText('', catalog)).toMatchObject({ ok: false, errors: [{ path: '$', line: 1, message: 'must be an object' }] });
  });

  it('reports every problem at once, and checks without a catalog what needs none', () => {
    const text = read('valid.yaml').replace('threshold: 3', 'threshold: 9').replace('passAverage: 2.5', 'passAverage: 0');
    const result = validateProgram(parseProgramText(text).ok ? (parseProgramText(text) as { parsed: { value: unknown } }).parsed.value : null);
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['$.rubrics[0].passAverage', '$.rubrics[0].criteria[0].threshold']);
  });
});
