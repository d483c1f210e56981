import { builder } from '../builder.js';

builder.prismaObject('Program', {
  description: 'A certification program: its published criteria, pathways and timing.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    validity: t.exposeString('validity', { description: 'How long a credential is valid (ISO 8601 duration).' }),
    recertificationWindow: t.exposeString('recertificationWindow', {
      description: 'How long before expiry re-certification opens (ISO 8601 duration).',
    }),
    submissionDeadline: t.exposeString('submissionDeadline', {
      description: 'Time from manager approval to the evidence deadline (ISO 8601 duration).',
    }),
    pathways: t.relation('pathways', { query: { orderBy: { id: 'asc' } } }),
  }),
});

builder.prismaObject('Pathway', {
  description: 'A route to the credential, with the evidence it requires and the rubric it is assessed by.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    kind: t.exposeString('kind'),
    description: t.exposeString('description'),
    evidenceFormats: t.exposeStringList('evidenceFormats'),
    rubric: t.field({ type: 'JSON', description: 'Criteria, levels and pass thresholds.', resolve: (p) => p.rubric }),
    eligibilityRuleSetId: t.exposeString('eligibilityRuleSetId'),
    eligibilityCriteria: t.field({
      type: ['String'],
      description: 'The published eligibility conditions in plain language, as a candidate reads them before enrolling.',
      resolve: async (pathway, _args, ctx) => {
        const ruleSet = await ctx.prisma.ruleSet.findUnique({ where: { id: pathway.eligibilityRuleSetId } });
        return ruleSet ? describeConditions(ruleSet.definition) : [];
      },
    }),
  }),
});

/**
 * The published conditions in plain language, in rule order. Alternatives stay together
 * ("One of: A; or B"), so a candidate reads the same logic the engine applies.
 */
function describeConditions(definition: unknown): string[] {
  const describe = (node: unknown): string[] => {
    if (!node || typeof node !== 'object') return [];
    const record = node as Record<string, unknown>;
    if (typeof record.fact === 'string') return typeof record.description === 'string' ? [record.description] : [];
    if (Array.isArray(record.all)) return record.all.flatMap(describe);
    if (Array.isArray(record.any)) {
      const options = record.any.flatMap(describe);
      return options.length > 1 ? [`One of: ${options.join('; or ')}`] : options;
    }
    if (record.not) return describe(record.not).map((text) => `Not: ${text}`);
    return [];
  };
  const rules = (definition as { rules?: { conditions?: unknown }[] } | null)?.rules ?? [];
  return rules.flatMap((rule) => describe(rule.conditions));
}

builder.queryFields((t) => ({
  programs: t.prismaField({
    type: ['Program'],
    authScopes: { authenticated: true },
    resolve: (query, _root, _args, ctx) => ctx.prisma.program.findMany({ ...query, orderBy: { name: 'asc' } }),
  }),
  program: t.prismaField({
    type: 'Program',
    nullable: true,
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.program.findUnique({ ...query, where: { id: String(args.id) } }),
  }),
}));
