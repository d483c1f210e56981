import { DEMOGRAPHIC_OPTIONS, PREFER_NOT_TO_SAY } from '../../services/people/demographics.js';
import { builder } from '../builder.js';
import { unwrap } from './errors.js';

// A person's own demographic declaration: readable and changeable by them alone. Analytics never read it
// per person (the adverse-impact audit reports groups); HR does not see it here either.

type DeclarationRow = { personId: string; gender: string | null; ethnicity: string | null; ageBand: string | null; disability: string | null; source: string; recordedAt: Date };

const options = (attribute: keyof typeof DEMOGRAPHIC_OPTIONS) => `One of: ${DEMOGRAPHIC_OPTIONS[attribute].join(', ')}; null when the person preferred not to say.`;

const DeclarationRef = builder.objectRef<DeclarationRow>('DemographicDeclaration').implement({
  description: "The signed-in person's own answers for equality monitoring; only they can read them.",
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('personId', { description: 'The person it belongs to.' }),
    gender: t.exposeString('gender', { nullable: true, description: options('gender') }),
    ethnicity: t.exposeString('ethnicity', { nullable: true, description: options('ethnicity') }),
    ageBand: t.exposeString('ageBand', { nullable: true, description: options('ageBand') }),
    disability: t.exposeString('disability', { nullable: true, description: options('disability') }),
    source: t.exposeString('source', { description: 'self (declared here) or import:<where consent was recorded>.' }),
    recordedAt: t.expose('recordedAt', { type: 'DateTime' }),
  }),
});

// A root field of the viewer's own, never a field of Person: no path through the graph leads from a
// person to their demographics (test/services/analytics.test.ts keeps it so).
builder.queryFields((t) => ({
  myDemographics: t.field({
    type: DeclarationRef,
    nullable: true,
    description: "The signed-in person's own equality-monitoring answers, or null when they have not answered.",
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) => ctx.demographics.mine(ctx.viewer!.personId),
  }),
}));

const DeclareDemographicsInput = builder.inputType('DeclareDemographicsInput', {
  description: `Each answer is one of the offered options or "${PREFER_NOT_TO_SAY}" (or left out, the same).`,
  fields: (t) => ({
    gender: t.string(),
    ethnicity: t.string(),
    ageBand: t.string(),
    disability: t.string(),
  }),
});

builder.mutationFields((t) => ({
  declareDemographics: t.field({
    type: DeclarationRef,
    description: "Records the signed-in person's own answers (replacing earlier ones). Read only by the adverse-impact audit, in groups.",
    authScopes: { authenticated: true },
    errors: {},
    args: { input: t.arg({ type: DeclareDemographicsInput, required: true }) },
    resolve: async (_root, { input }, ctx) => unwrap(await ctx.demographics.declare(ctx.viewer!.personId, input)),
  }),
  withdrawDemographics: t.boolean({
    description: "Deletes the signed-in person's answers; true when there were some.",
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) => ctx.demographics.withdraw(ctx.viewer!.personId),
  }),
}));
