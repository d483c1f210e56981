import type { Rubric as RubricData, RubricCriterion as RubricCriterionData } from '../../domain/rubric.js';
import { builder } from '../builder.js';
import { describeConditions, describeDecisionRule } from '../plain-language.js';

// A pathway and the rubric it is assessed by, typed so a candidate's client can render the criteria,
// levels and thresholds without knowing the stored JSON.

const RubricLevel = builder.objectRef<{ level: number; label: string }>('RubricLevel').implement({
  description: 'One level of the rubric scale, e.g. 3 "Proficient".',
  authScopes: { authenticated: true },
  fields: (t) => ({
    level: t.exposeInt('level'),
    label: t.exposeString('label'),
  }),
});

const RubricCriterion = builder.objectRef<RubricCriterionData>('RubricCriterion').implement({
  description: 'What is scored, the lowest level that meets it, and whether missing it fails the assessment.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    key: t.exposeString('key'),
    title: t.exposeString('title'),
    description: t.exposeString('description'),
    threshold: t.exposeInt('threshold', { description: 'Lowest level that meets the criterion.' }),
    critical: t.exposeBoolean('critical', { description: 'Below its threshold, the assessment fails whatever the average.' }),
    competency: t.string({
      nullable: true,
      description: 'Key of the program competency this criterion assesses.',
      resolve: (c) => c.competency ?? null,
    }),
  }),
});

export const RubricRef = builder.objectRef<RubricData>('Rubric').implement({
  description: 'Levels, criteria with their pass thresholds, and the overall decision rule.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    levels: t.field({
      type: [RubricLevel],
      resolve: ({ levels }) =>
        Array.from({ length: levels.max - levels.min + 1 }, (_, i) => levels.min + i).map((level) => ({
          level,
          label: levels.labels[String(level)] ?? String(level),
        })),
    }),
    criteria: t.field({ type: [RubricCriterion], resolve: (r) => r.criteria }),
    passAverage: t.exposeFloat('passAverage', { description: 'The average over all criteria must reach this.' }),
    decisionRule: t.string({ description: 'The overall decision rule in words.', resolve: describeDecisionRule }),
  }),
});

builder.prismaObject('Pathway', {
  description: 'A route to the credential, with the evidence it requires and the rubric it is assessed by.',
  // Select mode: the rubric and other JSON are read only when asked for; id and name always, as plain
  // fields (cheaper than Pothos checking an exposed field's selection for every row of a list).
  select: { id: true, name: true },
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.id({ resolve: (p) => p.id }),
    name: t.string({ resolve: (p) => p.name }),
    kind: t.exposeString('kind'),
    description: t.exposeString('description'),
    evidenceFormats: t.exposeStringList('evidenceFormats'),
    evidenceRequirements: t.exposeStringList('evidenceRequirements', {
      description: 'What the evidence must show, in plain language.',
    }),
    progression: t.exposeStringList('progression', {
      description: 'The steps from enrolment to credential on this pathway, in order.',
    }),
    rubric: t.field({ type: 'JSON', description: 'Criteria, levels and pass thresholds.', select: { rubric: true }, resolve: (p) => p.rubric }),
    rubricCriteria: t.field({
      type: RubricRef,
      description: 'The rubric, typed: levels, criteria mapped to competencies, pass average and decision rule.',
      select: { rubric: true },
      resolve: (p) => p.rubric as unknown as RubricData,
    }),
    eligibilityRuleSetId: t.exposeString('eligibilityRuleSetId'),
    eligibilityCriteria: t.field({
      type: ['String'],
      description: 'The published eligibility conditions in plain language, as a candidate reads them before enrolling.',
      select: { eligibilityRuleSetId: true },
      resolve: async (pathway, _args, ctx) => {
        const definition = await ctx.ruleSets.publishedDefinition(pathway.eligibilityRuleSetId);
        return definition === null ? [] : describeConditions(definition);
      },
    }),
  }),
});
