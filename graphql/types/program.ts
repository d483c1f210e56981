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

/** Collects the `description` of every leaf condition, in rule order. */
function describeConditions(definition: unknown): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.fact === 'string' && typeof record.description === 'string') found.push(record.description);
      for (const key of ['rules', 'conditions', 'all', 'any', 'not']) if (key in record) visit(record[key]);
    }
  };
  visit(definition);
  return found;
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
