import { readFile } from 'node:fs/promises';
import { ErrorCode } from '../domain/errors.js';
import { MAX_RULE_SET_DEPTH, pathBeyondDepth } from './depth.js';
import { BUILT_IN_FACTS, type FactCatalog, type FactType, isCalendarDate } from './facts.js';
import { describeValueType, isOperatorName, matchesValueType, OPERATOR_NAMES, operatorSpec } from './operators.js';
import { childPath, ELIGIBLE_EVENT, type RuleSetFile } from './rule-set.js';
import { matchesRuleSetSchema as matchesSchema } from './rule-set-schema.js';
import { type DocumentProblem, type SchemaErrorOverride, schemaErrors, suggest } from './schema-errors.js';

// Publish-time validation of a rule-set file: the JSON Schema for shape, then the fact catalog and the
// operators for meaning. Every problem is reported at once, each at the JSON path of the offending value,
// so an author can fix a file in one pass.

export type { RuleSetFile } from './rule-set.js';

export type RuleSetError = DocumentProblem;

export type RuleSetValidation = { ok: true; value: RuleSetFile } | { ok: false; errors: RuleSetError[] };

/** Thrown by loadRuleSetFile; `errors` holds every problem found. */
export class InvalidRuleSetError extends Error {
  readonly code = ErrorCode.InvalidRuleSet;
  readonly errors: RuleSetError[];
  constructor(source: string, errors: RuleSetError[]) {
    super(`${source} is not a valid rule set:\n${formatRuleSetErrors(errors)}`);
    this.name = 'InvalidRuleSetError';
    this.errors = errors;
  }
}

/** `catalog`: the facts a rule may use; the built-in ones unless the company declared more (rules/facts.ts). */
export function validateRuleSet(json: unknown, catalog: FactCatalog = BUILT_IN_FACTS): RuleSetValidation {
  const tooDeep = depthError(json);
  if (tooDeep) return { ok: false, errors: [tooDeep] };
  const errors = matchesSchema(json) ? [] : schemaErrors(matchesSchema.errors ?? [], ruleSetWording);
  for (const error of meaningErrors(json, catalog)) {
    if (!errors.some((known) => known.path === error.path && known.message === error.message)) errors.push(error);
  }
  if (errors.length > 0) return { ok: false, errors };
  // A copy, so later changes to the caller's object cannot alter what was validated.
  return { ok: true, value: structuredClone(json) as RuleSetFile };
}

/** A rule set nested too deeply to walk safely: reported alone, since nothing else can be checked. */
export function depthError(json: unknown): RuleSetError | null {
  const path = pathBeyondDepth(json);
  if (path === null) return null;
  return {
    path,
    message: `nests deeper than ${MAX_RULE_SET_DEPTH} levels, more than any rule needs`,
    suggestion: 'name repeated parts as shared conditions ("conditions") and refer to them',
  };
}

export async function loadRuleSetFile(path: string): Promise<RuleSetFile> {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidRuleSetError(path, [{ path: '$', message: `is not valid JSON: ${(error as Error).message}` }]);
  }
  const result = validateRuleSet(json);
  if (!result.ok) throw new InvalidRuleSetError(path, result.errors);
  return result.value;
}

/** One line per error: "$.rules[0].conditions.all[0].fact: unknown fact "x" (did you mean …?)". */
export function formatRuleSetErrors(errors: RuleSetError[]): string {
  return errors.map((e) => `${e.path}: ${e.message}${e.suggestion ? ` (${e.suggestion})` : ''}`).join('\n');
}

// ---- Schema errors: the shared wording (rules/schema-errors.ts) with the messages only rule sets need.

function requiredMessage(property: string, parentSchema: unknown): string {
  if (property === 'event') return 'is required: a rule must name the event it emits when its conditions hold';
  const properties = (parentSchema as { properties?: object } | undefined)?.properties ?? {};
  if (property === 'description' && 'fact' in properties) {
    return 'is required: candidates read it to see what they still need';
  }
  return 'is required';
}

const ruleSetWording: SchemaErrorOverride = (e, path) => {
  if (e.keyword === 'required') {
    const property = String((e.params as { missingProperty: unknown }).missingProperty);
    return { path: childPath(path, property), message: requiredMessage(property, e.parentSchema) };
  }
  if (e.keyword === 'anyOf') {
    return {
      path,
      message: 'must be a group ("all", "any" or "not") or a shared-condition reference ("condition"), not a single fact test',
      suggestion: 'wrap it: { "all": [ … ] }',
    };
  }
  return undefined;
};

// ---- Meaning: facts, operators and values against the catalogs; references; names; the eligible event.
// The walk tolerates malformed input, since the schema errors above are reported alongside.

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

interface WalkContext {
  shared: JsonObject;
  inShared: boolean;
  errors: RuleSetError[];
  catalog: FactCatalog;
}

function meaningErrors(json: unknown, catalog: FactCatalog): RuleSetError[] {
  if (!isObject(json)) return [];
  const errors: RuleSetError[] = [];
  const { effectiveDate } = json;
  if (typeof effectiveDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(effectiveDate) && !isCalendarDate(effectiveDate)) {
    errors.push({ path: '$.effectiveDate', message: `must be a real calendar date; ${effectiveDate} does not exist` });
  }
  const shared = isObject(json.conditions) ? json.conditions : {};
  for (const [name, node] of Object.entries(shared)) {
    checkNode(node, childPath('$.conditions', name), { shared, inShared: true, errors, catalog });
  }
  const rules = Array.isArray(json.rules) ? json.rules : [];
  const firstWithName = new Map<string, string>();
  rules.forEach((rule, i) => {
    if (!isObject(rule)) return;
    const path = `$.rules[${i}]`;
    if (typeof rule.name === 'string' && rule.name !== '') {
      const earlier = firstWithName.get(rule.name);
      // Rule names key the engine's results, so two rules with one name would mix their outcomes.
      if (earlier) errors.push({ path: `${path}.name`, message: `duplicates the name of ${earlier}` });
      else firstWithName.set(rule.name, path);
    }
    checkNode(rule.conditions, `${path}.conditions`, { shared, inShared: false, errors, catalog });
  });
  const events = rules.map((rule) => (isObject(rule) && isObject(rule.event) ? rule.event.type : undefined));
  if (json.kind === 'eligibility' && events.length > 0 && events.every((type) => typeof type === 'string')) {
    if (!events.includes(ELIGIBLE_EVENT)) {
      errors.push({ path: '$.rules', message: `an eligibility rule set needs a rule whose event type is "${ELIGIBLE_EVENT}"` });
    }
  }
  return errors;
}

// Same precedence as the schema's if/else chain: all, any, not, condition, then a leaf.
function checkNode(node: unknown, path: string, context: WalkContext): void {
  if (!isObject(node)) return;
  const group = 'all' in node ? 'all' : 'any' in node ? 'any' : undefined;
  if (group !== undefined) {
    const children = node[group];
    if (!Array.isArray(children)) return;
    for (const [i, child] of children.entries()) checkNode(child, childPath(childPath(path, group), i), context);
  } else if ('not' in node) {
    checkNode(node.not, childPath(path, 'not'), context);
  } else if ('condition' in node) {
    checkReference(node.condition, childPath(path, 'condition'), context);
  } else {
    checkLeaf(node, path, context);
  }
}

function checkReference(name: unknown, path: string, { shared, inShared, errors }: WalkContext): void {
  if (typeof name !== 'string' || name === '') return;
  if (inShared) {
    // Keeping shared conditions flat rules out reference cycles without a cycle check.
    errors.push({ path, message: 'a shared condition cannot reference another shared condition' });
  } else if (!Object.hasOwn(shared, name)) {
    errors.push({ path, message: `unknown shared condition "${name}"`, ...suggest(name, Object.keys(shared), 'shared conditions') });
  }
}

function checkLeaf(node: JsonObject, path: string, { errors, catalog }: WalkContext): void {
  const fact = typeof node.fact === 'string' && node.fact !== '' ? node.fact : undefined;
  const operator = typeof node.operator === 'string' && node.operator !== '' ? node.operator : undefined;
  const factType: FactType | undefined = fact !== undefined ? catalog.spec(fact)?.type : undefined;
  if (fact !== undefined && factType === undefined) {
    errors.push({ path: `${path}.fact`, message: `unknown fact "${fact}"`, ...suggest(fact, [...catalog.names], 'facts') });
  }
  if (operator !== undefined && !isOperatorName(operator)) {
    errors.push({ path: `${path}.operator`, message: `unknown operator "${operator}"`, ...suggest(operator, OPERATOR_NAMES, 'operators') });
    return;
  }
  if (operator === undefined || fact === undefined || factType === undefined) return;
  const spec = operatorSpec(operator);
  if (spec.onlyFacts && !spec.onlyFacts.includes(fact)) {
    const message = `${operator} applies only to the ${spec.onlyFacts.join(', ')} fact, not ${fact}`;
    errors.push({ path: `${path}.operator`, message, ...(factType === 'string[]' ? { suggestion: 'use contains' } : {}) });
    return;
  }
  const valueType = spec.accepts[factType];
  if (valueType === undefined) {
    const fitting = OPERATOR_NAMES.filter((name) => operatorSpec(name).accepts[factType] !== undefined);
    errors.push({
      path: `${path}.operator`,
      message: `${operator} does not apply to ${fact}, a ${factType} fact`,
      suggestion: `operators for ${factType} facts: ${fitting.join(', ')}`,
    });
    return;
  }
  if ('value' in node && !matchesValueType(valueType, node.value)) {
    const message = `must be ${describeValueType(valueType)} for ${operator} on ${fact}, not ${JSON.stringify(node.value)}`;
    errors.push({ path: `${path}.value`, message, ...valueHint(valueType, node.value) });
  }
}

function valueHint(type: string, value: unknown): { suggestion?: string } {
  if ((type === 'number' || type === 'count') && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return { suggestion: `write ${Number(value)} without quotes` };
  }
  if (type === 'string[]' && typeof value === 'string') return { suggestion: `write [${JSON.stringify(value)}]` };
  return {};
}
