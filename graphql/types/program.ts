import type { Rubric } from '../../domain/rubric.js';
import { builder } from '../builder.js';
import {
  describeAppeal,
  describeConditions,
  describeModeration,
  describePrerequisites,
  describeProgramDecisionRule,
} from '../plain-language.js';
// The program family spans these modules; importing them here registers their types with the schema.
import './competency.js';
import './pathway.js';

interface ProgramAssessment {
  panelSize: number;
  moderationSpread: number;
  appealReviewers: number;
  maxResubmissions: number;
  appealWindow: string;
  pathways: { name: string; rubric: unknown }[];
}

const ProgramAssessmentRef = builder.objectRef<ProgramAssessment>('ProgramAssessment').implement({
  description: 'How evidence is judged: the panel, the decision rule, moderation and appeal, in numbers and words.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    panelSize: t.exposeInt('panelSize', { description: 'Assessors who score each submission independently.' }),
    moderationSpread: t.exposeFloat('moderationSpread', {
      description: 'Largest difference in levels between panel members on one criterion before a moderator decides.',
    }),
    appealReviewers: t.exposeInt('appealReviewers', { description: 'Committee members who review an appeal.' }),
    maxResubmissions: t.exposeInt('maxResubmissions', { description: 'Further submissions allowed after one that did not pass.' }),
    decisionRule: t.string({
      description: 'When a submission passes, in words.',
      resolve: (a) => describeProgramDecisionRule(a.pathways.map((p) => ({ name: p.name, rubric: p.rubric as Rubric }))),
    }),
    moderationRule: t.string({ resolve: (a) => describeModeration(a.panelSize, a.moderationSpread) }),
    appealRule: t.string({ resolve: (a) => describeAppeal(a.appealWindow, a.appealReviewers) }),
  }),
});

const duration = (description: string) => ({ description: `${description} (ISO 8601 duration).` });
const durations = (description: string) => ({ description: `${description} (ISO 8601 durations).` });

builder.prismaObject('Program', {
  description: 'A certification program: its published criteria, competencies, pathways, assessment and timing.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    validity: t.exposeString('validity', duration('How long a credential is valid')),
    recertificationWindow: t.exposeString('recertificationWindow', duration('How long before expiry re-certification opens')),
    recertificationReminders: t.exposeStringList('recertificationReminders', durations('Reminders before a credential expires')),
    gracePeriod: t.exposeString('gracePeriod', duration('Time after expiry before the credential lapses')),
    submissionDeadline: t.exposeString('submissionDeadline', duration('Time from manager approval to the evidence deadline')),
    submissionReminders: t.exposeStringList('submissionReminders', durations('Reminders before the submission deadline')),
    checkInCadence: t.exposeString('checkInCadence', duration('Time between mentor check-ins')),
    checkInReminder: t.exposeString('checkInReminder', duration('How long before a check-in is due its reminder goes out')),
    appealWindow: t.exposeString('appealWindow', duration('Time after a decision during which it may be appealed')),
    approvalLinkTtl: t.exposeString('approvalLinkTtl', duration("How long a manager's approval link stays valid")),
    pathways: t.relation('pathways', { description: 'The pathways open to enrolment (a version that drops one retires it).', query: { where: { retiredAt: null }, orderBy: { id: 'asc' } } }),
    competencies: t.relation('competencies', { query: { orderBy: { position: 'asc' } } }),
    cohorts: t.relation('cohorts', { query: { orderBy: { startsOn: 'asc' } } }),
    prerequisites: t.stringList({
      description: 'What a candidate needs before enrolling, in plain language: the eligibility conditions of its pathways.',
      select: { pathways: { select: { name: true, eligibilityRuleSetId: true, retiredAt: true }, orderBy: { id: 'asc' } } },
      resolve: async (program, _args, ctx) => {
        const open = program.pathways.filter((p) => !p.retiredAt);
        const ruleSets = await ctx.prisma.ruleSet.findMany({ where: { id: { in: open.map((p) => p.eligibilityRuleSetId) } }, select: { id: true, definition: true } });
        return describePrerequisites(open, ruleSets);
      },
    }),
    recertificationRuleSetId: t.exposeString('recertificationRuleSetId', { nullable: true }),
    recertificationCriteria: t.stringList({
      description: 'What a credential holder needs to re-certify, in plain language.',
      resolve: async (program, _args, ctx) => {
        const id = program.recertificationRuleSetId;
        return describeConditions(id ? ((await ctx.prisma.ruleSet.findUnique({ where: { id }, select: { definition: true } }))?.definition ?? null) : null);
      },
    }),
    assessment: t.field({
      type: ProgramAssessmentRef,
      select: { pathways: { select: { name: true, rubric: true }, orderBy: { id: 'asc' } } },
      resolve: (program) => program,
    }),
  }),
});

export const CohortObject = builder.prismaObject('Cohort', {
  description: 'A group of candidates who start together; a pilot cohort tries the program out first.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    pilot: t.exposeBoolean('pilot'),
    startsOn: t.expose('startsOn', { type: 'DateTime' }),
  }),
});

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
