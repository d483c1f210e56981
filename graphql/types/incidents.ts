import { builder } from '../builder.js';
import { unwrap } from './errors.js';
import { JourneyPayloadRef } from './journey-actions.js';

// Incidents: what a journey cannot get past without a person. HR, program owners and admins list
// them and resolve them; the journey then tries the failed step again. Nobody else sees them.

const IncidentStepEnum = builder.enumType('IncidentStep', {
  description: 'The step of the journey that could not be done.',
  values: {
    ELIGIBILITY: { value: 'eligibility', description: 'Checking the eligibility rules at enrolment.' },
    RECERTIFICATION: { value: 'recertification', description: 'Checking the re-certification rules for a renewal.' },
    RULE_TRANSITION: { value: 'rule_transition', description: 'Checking the new rules when a published rule change takes effect.' },
  },
});

builder.prismaObject('Incident', {
  description:
    'Something a journey cannot get past without a person: today, rules that cannot be evaluated (a rule set that is ' +
    'invalid, missing at the version the journey is pinned to, or whose condition fails on a fact). The journey waits, ' +
    'with incident_opened in its events, until `resolveIncident`; then it evaluates again and records incident_resolved.',
  authScopes: { hr: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    journey: t.relation('journey'),
    kind: t.exposeString('kind', { description: 'What kind of problem: "rules".' }),
    step: t.field({ type: IncidentStepEnum, resolve: (incident) => incident.step as 'eligibility' }),
    code: t.exposeString('code', { description: 'The failure as an error code: INVALID_RULE_SET, RULE_EVALUATION_FAILED or NOT_FOUND.' }),
    message: t.exposeString('message', { description: 'What failed, in words, e.g. which condition needs which fact.' }),
    ruleSetId: t.exposeString('ruleSetId', { nullable: true, description: 'The rule-set version that could not be evaluated.' }),
    openedAt: t.expose('openedAt', { type: 'DateTime' }),
    open: t.boolean({ description: 'True until someone resolves it.', resolve: (incident) => incident.resolvedAt === null }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
    resolvedBy: t.prismaField({
      type: 'Person',
      nullable: true,
      resolve: (query, incident, _args, ctx) => (incident.resolvedBy ? ctx.prisma.person.findUnique({ ...query, where: { id: incident.resolvedBy } }) : null),
    }),
    resolution: t.exposeString('resolution', { nullable: true, description: 'What the resolver said they did.' }),
    retryRuleSetId: t.exposeString('retryRuleSetId', { nullable: true, description: 'The rule-set version the resolver chose for the retry, if any.' }),
  }),
});

builder.prismaObjectFields('Journey', (t) => ({
  incidents: t.relation('incidents', {
    description: "The journey's incidents, newest first; for HR, program owners and admins.",
    authScopes: { hr: true },
    query: { orderBy: { openedAt: 'desc' } },
  }),
}));

builder.queryFields((t) => ({
  incidents: t.prismaField({
    type: ['Incident'],
    description: 'Incidents across journeys, newest first: the open ones by default. For HR, program owners and admins.',
    authScopes: { hr: true },
    args: {
      open: t.arg.boolean({ defaultValue: true, description: 'true: only open ones; false: only resolved ones; null: all.' }),
      programId: t.arg.id({ description: "Only this program's journeys." }),
      first: t.arg.int({ defaultValue: 100, description: 'At most this many (up to 500).' }),
    },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.incident.findMany({
        ...query,
        where: {
          ...(args.open === true ? { resolvedAt: null } : args.open === false ? { resolvedAt: { not: null } } : {}),
          ...(args.programId ? { journey: { programId: String(args.programId) } } : {}),
        },
        orderBy: { openedAt: 'desc' },
        take: Math.min(Math.max(args.first ?? 100, 1), 500),
      }),
  }),
}));

const ResolveIncidentInput = builder.inputType('ResolveIncidentInput', {
  fields: (t) => ({
    incidentId: t.id({ required: true }),
    note: t.string({ required: true, description: 'What was done about it (e.g. "fixed the rule set row"); kept in the audit trail.' }),
    ruleSetId: t.id({ description: 'Evaluate with this rule-set version of the same program and kind instead, e.g. when the pinned one is missing.' }),
  }),
});

builder.mutationFields((t) => ({
  resolveIncident: t.field({
    type: JourneyPayloadRef,
    description: 'Marks an open incident resolved so its journey tries the failed step again (opening a new incident if it fails again). For HR, program owners and admins.',
    authScopes: { hr: true },
    errors: {},
    args: { input: t.arg({ type: ResolveIncidentInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const request = { incidentId: String(input.incidentId), actorId: ctx.viewer!.personId, note: input.note, ruleSetId: input.ruleSetId ? String(input.ruleSetId) : undefined };
      return unwrap(await ctx.incidents.resolve(request));
    },
  }),
}));
