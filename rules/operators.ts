import type { Engine } from 'json-rules-engine';
import { type FactType, matchesFactType } from './facts.js';

// Every operator a rule may use, with the fact types it applies to and the value each expects. The engine
// factory registers all of them, json-rules-engine's own names included, so the engine and the
// evaluation of conditions it skipped (rules/evaluate.ts) run the very same functions. Decorated
// operators ("not:equal", "someFact:…") are deliberately absent: the validator rejects them.

/** The type of a condition's `value`: a fact type, a list of numbers, or a count (integer ≥ 0). */
export type ValueType = FactType | 'number[]' | 'count';

export interface OperatorSpec {
  description: string;
  /** For each fact type the operator applies to, the type its value must have. */
  accepts: Partial<Record<FactType, ValueType>>;
  /** Facts the operator is limited to, when its name only makes sense for them. */
  onlyFacts?: readonly string[];
  /** Fact value and condition value are already of the declared types (checked before evaluation). */
  evaluate(fact: unknown, value: unknown): boolean;
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

// Dates are calendar-date strings; comparing their instants keeps the ordering independent of format.
const ordinal = (value: unknown): number => (typeof value === 'number' ? value : Date.parse(String(value)));

const SCALARS = { number: 'number', string: 'string', boolean: 'boolean', date: 'date' } as const;
const ORDERED = { number: 'number', date: 'date' } as const;

export const OPERATORS = {
  equal: {
    description: 'Fact equals value (number, string, boolean or date fact; value of the same type).',
    accepts: SCALARS,
    evaluate: (fact, value) => fact === value,
  },
  notEqual: {
    description: 'Fact differs from value (number, string, boolean or date fact; value of the same type).',
    accepts: SCALARS,
    evaluate: (fact, value) => fact !== value,
  },
  in: {
    description: 'Fact is one of the listed values (string fact with string[] value, number fact with number[]).',
    accepts: { string: 'string[]', number: 'number[]' },
    evaluate: (fact, value) => list(value).includes(fact),
  },
  notIn: {
    description: 'Fact is none of the listed values (string fact with string[] value, number fact with number[]).',
    accepts: { string: 'string[]', number: 'number[]' },
    evaluate: (fact, value) => !list(value).includes(fact),
  },
  contains: {
    description: 'The string[] fact includes the string value.',
    accepts: { 'string[]': 'string' },
    evaluate: (fact, value) => list(fact).includes(value),
  },
  doesNotContain: {
    description: 'The string[] fact does not include the string value.',
    accepts: { 'string[]': 'string' },
    evaluate: (fact, value) => !list(fact).includes(value),
  },
  lessThan: {
    description: 'Fact < value (number fact with number value, or date fact with date value).',
    accepts: ORDERED,
    evaluate: (fact, value) => ordinal(fact) < ordinal(value),
  },
  lessThanInclusive: {
    description: 'Fact ≤ value (number fact with number value, or date fact with date value).',
    accepts: ORDERED,
    evaluate: (fact, value) => ordinal(fact) <= ordinal(value),
  },
  greaterThan: {
    description: 'Fact > value (number fact with number value, or date fact with date value).',
    accepts: ORDERED,
    evaluate: (fact, value) => ordinal(fact) > ordinal(value),
  },
  greaterThanInclusive: {
    description: 'Fact ≥ value (number fact with number value, or date fact with date value).',
    accepts: ORDERED,
    evaluate: (fact, value) => ordinal(fact) >= ordinal(value),
  },
  containsAny: {
    description: 'The string[] fact includes at least one of the string[] value (an empty value never holds).',
    accepts: { 'string[]': 'string[]' },
    evaluate: (fact, value) => list(value).some((item) => list(fact).includes(item)),
  },
  containsAll: {
    description: 'The string[] fact includes every item of the string[] value (an empty value always holds).',
    accepts: { 'string[]': 'string[]' },
    evaluate: (fact, value) => list(value).every((item) => list(fact).includes(item)),
  },
  holdsCertification: {
    description:
      'The certifications fact (string[]) includes the certification code given as a string value; reads better than contains.',
    accepts: { 'string[]': 'string' },
    onlyFacts: ['certifications'],
    evaluate: (fact, value) => list(fact).includes(value),
  },
  countAtLeast: {
    description: 'The string[] fact has at least value items; value is an integer ≥ 0.',
    accepts: { 'string[]': 'count' },
    evaluate: (fact, value) => typeof value === 'number' && list(fact).length >= value,
  },
} satisfies Record<string, OperatorSpec>;

export type OperatorName = keyof typeof OPERATORS;
export const OPERATOR_NAMES = Object.keys(OPERATORS) as OperatorName[];

export function isOperatorName(name: string): name is OperatorName {
  return Object.hasOwn(OPERATORS, name);
}

export function operatorSpec(name: OperatorName): OperatorSpec {
  return OPERATORS[name];
}

export function matchesValueType(type: ValueType, value: unknown): boolean {
  if (type === 'count') return typeof value === 'number' && Number.isInteger(value) && value >= 0;
  if (type === 'number[]') return Array.isArray(value) && value.every((item) => matchesFactType('number', item));
  return matchesFactType(type, value);
}

/** Phrase for messages: "a number", "a list of strings", "a whole number of at least 0". */
export function describeValueType(type: ValueType): string {
  const phrases: Record<ValueType, string> = {
    number: 'a number',
    string: 'a string',
    boolean: 'true or false',
    date: 'a calendar date YYYY-MM-DD',
    'string[]': 'a list of strings',
    'number[]': 'a list of numbers',
    count: 'a whole number of at least 0',
  };
  return phrases[type];
}

/** Registers every catalog operator on the engine, replacing json-rules-engine's same-named defaults. */
export function registerOperators(engine: Engine): void {
  for (const name of OPERATOR_NAMES) {
    engine.addOperator(name, (fact: unknown, value: unknown) => operatorSpec(name).evaluate(fact, value));
  }
}
