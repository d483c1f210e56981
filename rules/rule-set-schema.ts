import Ajv2020 from 'ajv/dist/2020.js';
import schema from './rule-set.schema.json' with { type: 'json' };

// The JSON Schema check of a rule-set file (rules/validate.ts adds the catalog's). Alone in its module
// because the CLI's prebuilt bundle (scripts/cli/bundle.mjs) replaces it with the same validator made
// ahead of time by ajv's standalone code from these options and this schema, so `certiflow rules
// validate` starts without compiling the schema.

/** allErrors: every problem at once; verbose: each error carries its schema, where hints come from. */
export const RULE_SET_AJV_OPTIONS = { allErrors: true, verbose: true } as const;

export const ruleSetSchema = schema;

export const matchesRuleSetSchema = new Ajv2020(RULE_SET_AJV_OPTIONS).compile(schema);
