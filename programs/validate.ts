import Ajv2020 from 'ajv/dist/2020.js';
import { addIsoDuration } from '../domain/duration.js';
import { isCalendarDate } from '../rules/facts.js';
import { childPath } from '../rules/rule-set.js';
import { type DocumentProblem, schemaErrors, suggest } from '../rules/schema-errors.js';
import { responseTimesOf } from '../domain/response-times.js';
import { formatAllowsAnonymity } from '../domain/anonymity.js';
import type { CompetencyDefinition, ProgramDocument, RubricDefinition } from './document.js';
import { parseProgramText } from './parse.js';
import schema from './program.schema.json' with { type: 'json' };

// Validation of a program document: the JSON Schema for shape, then meaning: references between parts
// (criterion → competency and indicators, pathway → rubric and rule sets, prerequisites → programs),
// thresholds inside the level scale, durations that can happen in the order the journey needs them, and
// coverage (every competency assessed; an indicator no criterion looks for is a warning). Every problem is
// reported at once, at a JSON path and, for text, a line, with a suggestion where one exists.

export type ProgramProblem = DocumentProblem;

export type ProgramValidation =
  | { ok: true; value: ProgramDocument; warnings: ProgramProblem[] }
  | { ok: false; errors: ProgramProblem[]; warnings: ProgramProblem[] };

/** What the document may refer to outside itself; a check whose part is absent is skipped (offline use). */
export interface ProgramCatalog {
  /** Published (or, offline, on-disk) rule sets by key. */
  ruleSets?: ReadonlyMap<string, { kind: string; programId: string; facts: readonly string[] }>;
  /** Ids of the other programs (prerequisites). */
  programs?: ReadonlySet<string>;
  /** Ids of the people in the directory (owners, committee). */
  people?: ReadonlySet<string>;
}

// Compiled on first use: every process that imports the services would otherwise pay for it at start.
let compiled: ReturnType<Ajv2020['compile']> | undefined;
const schemaCheck = () => {
  compiled ??= new Ajv2020({ allErrors: true, verbose: true }).compile(schema);
  return compiled;
};

export function validateProgram(json: unknown, catalog: ProgramCatalog = {}): ProgramValidation {
  const matchesSchema = schemaCheck();
  if (!matchesSchema(json)) {
    // Meaning cannot be checked on a document of the wrong shape; the shape problems come first.
    return { ok: false, errors: oneErrorPerMisspelling(schemaErrors(matchesSchema.errors ?? [])), warnings: [] };
  }
  const document = structuredClone(json) as unknown as ProgramDocument;
  const errors: ProgramProblem[] = [];
  const warnings: ProgramProblem[] = [];
  checkMeaning(document, catalog, errors, warnings);
  return errors.length > 0 ? { ok: false, errors, warnings } : { ok: true, value: document, warnings };
}

/** A program document as text (YAML or JSON): problems carry the line they were found at. */
export function validateProgramText(text: string, catalog: ProgramCatalog = {}): ProgramValidation {
  const parsed = parseProgramText(text);
  if (!parsed.ok) return { ok: false, errors: parsed.problems, warnings: [] };
  const { value, lineOf } = parsed.parsed;
  const withLine = (p: ProgramProblem): ProgramProblem => ({ path: p.path, line: lineOf(p.path), message: p.message, ...(p.suggestion ? { suggestion: p.suggestion } : {}) });
  const result = validateProgram(value, catalog);
  return result.ok ? { ...result, warnings: result.warnings.map(withLine) } : { ok: false, errors: result.errors.map(withLine), warnings: result.warnings.map(withLine) };
}

/**
 * A misspelt property ("pathway") also leaves the real one ("pathways") missing: one mistake, said once,
 * where it was made.
 */
function oneErrorPerMisspelling(problems: ProgramProblem[]): ProgramProblem[] {
  const meant = new Set(
    problems.flatMap((p) => {
      const name = p.message === 'is not a known property here' ? /^did you mean (.+)\?$/.exec(p.suggestion ?? '')?.[1] : undefined;
      return name ? [childPath(p.path.slice(0, p.path.lastIndexOf('.')) || '$', name)] : [];
    }),
  );
  return problems.filter((p) => !(p.message === 'is required' && meant.has(p.path)));
}

/** "line 12, $.pathways[0].rubric: unknown rubric "x" (did you mean y?)" one per line. */
export function formatProgramProblems(problems: ProgramProblem[]): string {
  return problems.map((p) => `${p.line ? `line ${p.line}, ` : ''}${p.path}: ${p.message}${p.suggestion ? ` (${p.suggestion})` : ''}`).join('\n');
}

// ---- Meaning

const REFERENCE = '2001-01-01T00:00:00.000Z';
/** A duration's length in milliseconds from a fixed reference (months and years by the calendar). */
const lengthOf = (duration: string) => Date.parse(addIsoDuration(REFERENCE, duration)) - Date.parse(REFERENCE);

function checkMeaning(doc: ProgramDocument, catalog: ProgramCatalog, errors: ProgramProblem[], warnings: ProgramProblem[]): void {
  const error = (path: string, message: string, hint: { suggestion?: string } = {}) => errors.push({ path, message, ...hint });
  const warn = (path: string, message: string, hint: { suggestion?: string } = {}) => warnings.push({ path, message, ...hint });

  unique(doc.competencies.map((c) => c.key), (i, key) => error(`$.competencies[${i}].key`, `repeats the competency key "${key}"`));
  const codes = doc.competencies.flatMap((c, ci) => c.indicators.map((ind, ii) => ({ code: ind.code, path: `$.competencies[${ci}].indicators[${ii}].code` })));
  unique(codes.map((c) => c.code), (i, code) => error(codes[i]!.path, `repeats the indicator code "${code}"; codes are unique across the program`));
  unique(doc.rubrics.map((r) => r.key), (i, key) => error(`$.rubrics[${i}].key`, `repeats the rubric key "${key}"`));
  unique(doc.pathways.map((p) => p.id), (i, id) => error(`$.pathways[${i}].id`, `repeats the pathway id "${id}"`));
  unique((doc.cohorts ?? []).map((c) => c.id), (i, id) => error(`$.cohorts[${i}].id`, `repeats the cohort id "${id}"`));
  unique((doc.committee ?? []).map((t) => `${t.person} from ${t.startsOn}`), (i, term) => error(`$.committee[${i}]`, `repeats the committee term of ${term}`));

  const competencies = new Map(doc.competencies.map((c) => [c.key, c]));
  const assessed = new Set<string>();
  const lookedFor = new Set<string>();
  const usedRubrics = new Set(doc.pathways.map((p) => p.rubric));
  for (const [ri, rubric] of doc.rubrics.entries()) {
    const path = `$.rubrics[${ri}]`;
    checkRubric(rubric, path, competencies, error);
    if (!usedRubrics.has(rubric.key)) {
      warn(`${path}.key`, `no pathway is assessed by rubric "${rubric.key}"`, { suggestion: 'name it in a pathway\'s "rubric", or remove it' });
    }
    // Coverage counts every rubric: a pathway naming a misspelt rubric is one error, not one per competency.
    for (const criterion of rubric.criteria) {
      // A misspelt competency is one error (at the criterion), not a second for the competency it meant.
      const meant = competencies.has(criterion.competency) ? undefined : /^did you mean (.+)\?$/.exec(suggest(criterion.competency, [...competencies.keys()], 'competencies').suggestion ?? '')?.[1];
      const competency = competencies.get(meant ?? criterion.competency);
      if (!competency) continue;
      assessed.add(competency.key);
      for (const code of criterion.indicators ?? competency.indicators.map((i) => i.code)) lookedFor.add(code);
    }
  }
  for (const [ci, competency] of doc.competencies.entries()) {
    if (!assessed.has(competency.key)) {
      error(`$.competencies[${ci}]`, `no rubric criterion assesses the competency "${competency.key}"`, {
        suggestion: 'add a criterion naming it to the rubric of a pathway, or remove the competency',
      });
      continue;
    }
    for (const [ii, indicator] of competency.indicators.entries()) {
      if (!lookedFor.has(indicator.code)) {
        warn(`$.competencies[${ci}].indicators[${ii}]`, `no rubric criterion looks for the indicator ${indicator.code}`, {
          suggestion: `list ${indicator.code} in the "indicators" of a criterion that assesses ${competency.key}`,
        });
      }
    }
  }

  const rubricKeys = doc.rubrics.map((r) => r.key);
  for (const [pi, pathway] of doc.pathways.entries()) {
    const path = `$.pathways[${pi}]`;
    if (!rubricKeys.includes(pathway.rubric)) error(`${path}.rubric`, `names no rubric of this program: "${pathway.rubric}"`, suggest(pathway.rubric, rubricKeys, 'rubrics'));
    checkRuleSet(catalog, doc.id, pathway.eligibilityRuleSet, 'eligibility', `${path}.eligibilityRuleSet`, error);
    if (pathway.checkInCadence) {
      positive(pathway.checkInCadence, `${path}.checkInCadence`, error);
      if (lengthOf(doc.mentoring.checkInReminder) >= lengthOf(pathway.checkInCadence)) {
        error(`${path}.checkInCadence`, `must be longer than the check-in reminder ${doc.mentoring.checkInReminder}, or the reminder would come before the period starts`);
      }
    }
    // A prerequisite naming no program is reported as that (checkPeopleAndPrograms), not as a rule gap.
    const known = (c: string) => c !== doc.id && (!catalog.programs || catalog.programs.has(c));
    for (const credential of (doc.prerequisites?.credentials ?? []).filter(known)) {
      const facts = catalog.ruleSets?.get(pathway.eligibilityRuleSet)?.facts;
      if (facts && !facts.includes('heldCredentials')) {
        error(`${path}.eligibilityRuleSet`, `does not check the prerequisite credential "${credential}"`, {
          suggestion: `add a condition { "fact": "heldCredentials", "operator": "contains", "value": "${credential}" } to ${pathway.eligibilityRuleSet}`,
        });
      }
    }
  }
  checkRuleSet(catalog, doc.id, doc.credential.recertification.ruleSet, 'recertification', '$.credential.recertification.ruleSet', error);

  checkTiming(doc, error);
  checkPeopleAndPrograms(doc, catalog, error);
  // Anonymity holds only for formats that do not show the person (domain/anonymity.ts).
  if (doc.panel.anonymised && !doc.pathways.some((p) => p.evidenceFormats.some(formatAllowsAnonymity))) {
    warn('$.panel.anonymised', 'has no effect on first certification: no pathway accepts a written report or reflective write-up, and a video or live demonstration shows the candidate');
  }
}

function checkRubric(rubric: RubricDefinition, path: string, competencies: Map<string, CompetencyDefinition>, error: (path: string, message: string, hint?: { suggestion?: string }) => void): void {
  const { min, max, labels } = rubric.levels;
  if (min >= max) {
    error(`${path}.levels.max`, `must be above the lowest level ${min}`);
    return;
  }
  const inRange = (level: number) => Number.isInteger(level) && level >= min && level <= max;
  for (let level = min; level <= max; level++) {
    if (!labels[String(level)]) error(`${path}.levels.labels`, `has no label for level ${level}`, { suggestion: `add "${level}": "<name>" so assessors and candidates read a name for every level` });
  }
  for (const key of Object.keys(labels)) {
    if (!inRange(Number(key))) error(childPath(`${path}.levels.labels`, key), `labels a level outside ${min}–${max}`);
  }
  if (rubric.passAverage < min || rubric.passAverage > max) error(`${path}.passAverage`, `must be within the level range ${min}–${max}; ${rubric.passAverage} can never be met`);
  unique(rubric.criteria.map((c) => c.key), (i, key) => error(`${path}.criteria[${i}].key`, `repeats the criterion key "${key}"`));
  const competencyKeys = [...competencies.keys()];
  for (const [ci, criterion] of rubric.criteria.entries()) {
    const at = `${path}.criteria[${ci}]`;
    if (!inRange(criterion.threshold)) error(`${at}.threshold`, `must be a level from ${min} to ${max}, not ${criterion.threshold}`);
    for (const key of Object.keys(criterion.descriptors ?? {})) {
      if (!inRange(Number(key))) error(childPath(`${at}.descriptors`, key), `describes a level outside ${min}–${max}`);
    }
    const competency = competencies.get(criterion.competency);
    if (!competency) {
      error(`${at}.competency`, `names no competency of this program: "${criterion.competency}"`, suggest(criterion.competency, competencyKeys, 'competencies'));
      continue;
    }
    const own = competency.indicators.map((i) => i.code);
    for (const [ii, code] of (criterion.indicators ?? []).entries()) {
      if (!own.includes(code)) error(`${at}.indicators[${ii}]`, `is not an indicator of ${competency.key}: "${code}"`, suggest(code, own, `indicators of ${competency.key}`));
    }
  }
}

function checkRuleSet(catalog: ProgramCatalog, programId: string, key: string, kind: string, path: string, error: (path: string, message: string, hint?: { suggestion?: string }) => void): void {
  if (!catalog.ruleSets) return;
  const ruleSet = catalog.ruleSets.get(key);
  if (!ruleSet) {
    const known = [...catalog.ruleSets].filter(([, r]) => r.kind === kind && r.programId === programId).map(([k]) => k);
    const hint = known.length > 0 ? suggest(key, known, `${kind} rule sets of ${programId}`) : { suggestion: `publish the rule set ${key} first (certiflow rules publish)` };
    error(path, `names no published rule set: "${key}"`, hint);
    return;
  }
  if (ruleSet.kind !== kind) error(path, `must name ${kind === 'eligibility' ? 'an' : 'a'} ${kind} rule set; ${key} is ${ruleSet.kind}`);
  if (ruleSet.programId !== programId) error(path, `names a rule set of another program (${ruleSet.programId})`);
}

function checkTiming(doc: ProgramDocument, error: (path: string, message: string, hint?: { suggestion?: string }) => void): void {
  const { submission, mentoring, appeals, credential } = doc;
  const { recertification } = credential;
  positive(credential.validity, '$.credential.validity', error);
  positive(submission.deadline, '$.submission.deadline', error);
  positive(submission.approvalLinkTtl, '$.submission.approvalLinkTtl', error);
  positive(mentoring.checkInCadence, '$.mentoring.checkInCadence', error);
  positive(appeals.window, '$.appeals.window', error);
  positive(recertification.window, '$.credential.recertification.window', error);
  if (lengthOf(credential.validity) > 0 && lengthOf(recertification.window) >= lengthOf(credential.validity)) {
    error('$.credential.recertification.window', `opens re-certification ${recertification.window} before expiry, which is before a ${credential.validity} credential is even issued`, { suggestion: 'make it shorter than the validity' });
  }
  for (const [i, reminder] of (recertification.reminders ?? []).entries()) {
    if (lengthOf(reminder) > lengthOf(recertification.window)) {
      error(`$.credential.recertification.reminders[${i}]`, `reminds ${reminder} before expiry, before re-certification opens (${recertification.window} before expiry)`);
    }
  }
  for (const [i, reminder] of (submission.reminders ?? []).entries()) {
    if (lengthOf(reminder) >= lengthOf(submission.deadline)) {
      error(`$.submission.reminders[${i}]`, `reminds ${reminder} before the deadline, but evidence is only due ${submission.deadline} after approval`);
    }
  }
  if (lengthOf(mentoring.checkInReminder) >= lengthOf(mentoring.checkInCadence)) {
    error('$.mentoring.checkInReminder', `must be shorter than the check-in cadence ${mentoring.checkInCadence}`);
  }
  const times = responseTimesOf(doc.responseTimes);
  for (const task of ['scoring', 'moderation', 'appealVote'] as const) {
    const path = `$.responseTimes.${task}`;
    if (doc.responseTimes?.[task]) positive(times[task], path, error);
    if (lengthOf(times.reminder) >= lengthOf(times[task])) {
      error(doc.responseTimes?.reminder ? '$.responseTimes.reminder' : path, `reminds ${times.reminder} before the time is up, but ${task} only has ${times[task]}`, { suggestion: 'make the reminder shorter than every response time' });
    }
  }
  const narrowest = doc.rubrics.find((r) => r.levels.max > r.levels.min && doc.panel.moderationSpread >= r.levels.max - r.levels.min);
  if (doc.panel.size > 1 && narrowest) {
    const { min, max } = narrowest.levels;
    error('$.panel.moderationSpread', `is ${doc.panel.moderationSpread}: no two scores on rubric "${narrowest.key}" (levels ${min}–${max}) can differ by more, so nothing would ever be moderated`, { suggestion: `use a spread below ${max - min}` });
  }
}

function checkPeopleAndPrograms(doc: ProgramDocument, catalog: ProgramCatalog, error: (path: string, message: string, hint?: { suggestion?: string }) => void): void {
  const person = (id: string, path: string) => {
    if (catalog.people && !catalog.people.has(id)) error(path, `names nobody in the directory: "${id}"`, suggest(id, [...catalog.people], 'people'));
  };
  for (const [i, owner] of doc.owners.entries()) person(owner, `$.owners[${i}]`);
  for (const [i, term] of (doc.committee ?? []).entries()) {
    const path = `$.committee[${i}]`;
    person(term.person, `${path}.person`);
    if (!isCalendarDate(term.startsOn)) error(`${path}.startsOn`, `is not a calendar date: "${term.startsOn}"`);
    else if (!isCalendarDate(term.endsOn)) error(`${path}.endsOn`, `is not a calendar date: "${term.endsOn}"`);
    else if (term.endsOn <= term.startsOn) error(`${path}.endsOn`, `must be after the term starts (${term.startsOn})`);
  }
  const terms = doc.committee ?? [];
  for (const [i, term] of terms.entries()) {
    const earlier = terms.slice(0, i).find((t) => t.person === term.person && t.startsOn < term.endsOn && term.startsOn < t.endsOn && t.startsOn !== term.startsOn);
    if (earlier) error(`$.committee[${i}]`, `overlaps the term of ${term.person} from ${earlier.startsOn} to ${earlier.endsOn}`, { suggestion: 'end one term before the next starts, or make them one term' });
  }
  for (const [i, cohort] of (doc.cohorts ?? []).entries()) {
    if (!isCalendarDate(cohort.startsOn)) error(`$.cohorts[${i}].startsOn`, `is not a calendar date: "${cohort.startsOn}"`);
  }
  for (const [i, credential] of (doc.prerequisites?.credentials ?? []).entries()) {
    const path = `$.prerequisites.credentials[${i}]`;
    if (credential === doc.id) error(path, 'is this program itself: a program cannot require its own credential');
    else if (catalog.programs && !catalog.programs.has(credential)) error(path, `names no program: "${credential}"`, suggest(credential, [...catalog.programs], 'programs'));
  }
}

function positive(duration: string, path: string, error: (path: string, message: string) => void): void {
  if (lengthOf(duration) <= 0) error(path, `must be longer than zero, not ${duration}`);
}

/** Calls `repeated` for every later occurrence of a value already seen. */
function unique(values: string[], repeated: (index: number, value: string) => void): void {
  const seen = new Set<string>();
  for (const [i, value] of values.entries()) {
    if (seen.has(value)) repeated(i, value);
    seen.add(value);
  }
}
