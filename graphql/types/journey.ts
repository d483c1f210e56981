import { JOURNEY_STAGES, type JourneyStage } from '../../domain/journey.js';
import { assessmentScoresVisible, evidenceFileVisible, journeyVisible } from '../../services/access.js';
import { canSeeJourney, redactEventData } from '../../domain/access.js';
import { showsMoreThanFacts } from '../../domain/read-audit.js';
import { anonymousFileName } from '../../domain/anonymity.js';
import { ANONYMISED_JUDGE_VIEW, judgesViewOfTrail, type TrailEvent } from '../../domain/anonymised-trail.js';
import { WITHHELD_UNTIL, withoutWithheld } from '../../domain/event-audiences.js';
import { type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import type { Person, Prisma } from '../../prisma/client.js';
import { builder, enumValues } from '../builder.js';
import { conflictedWithHolder, isHrOrSittingCommittee } from '../committee-access.js';
import type { GraphQLContext } from '../context.js';
import { noteRead } from '../read-audit.js';
import { candidateHidden, journeyNamed, shownPerson, withoutCandidateIds } from './journey-anonymity.js';
import { PersonObject } from './person.js';

export const JourneyStageEnum = builder.enumType('JourneyStage', { values: enumValues(JOURNEY_STAGES) });

builder.prismaObject('Journey', {
  description: 'One candidate on one program: where they are, what happened, and under which rules.',
  // Select mode: a query reads the columns its fields ask for (a list of 50 reads no JSON it does not
  // show), besides the journey's parties, which decide who sees it, and the small columns every list
  // row shows. Those are plain fields over the base selection: Pothos checks an exposed field's own
  // selection row by row, which costs more than reading them.
  select: { id: true, candidateId: true, mentorId: true, assessorId: true, panel: true, stage: true, cycle: true, enrolledAt: true },
  // Decided without the database for HR and the journey's own people, as a plain answer: a list of
  // journeys awaits no promise per row. Only committee members may need a query (journeyVisible).
  authScopes: (journey, ctx) => canSeeJourney(ctx.viewer, journey) || journeyVisible(ctx, journey),
  fields: (t) => ({
    stage: t.field({ type: JourneyStageEnum, resolve: (j) => j.stage as JourneyStage }),
    cycle: t.int({ resolve: (j) => j.cycle }),
    program: t.relation('program'),
    pathway: t.relation('pathway'),
    // An anonymised assessment's assessors get a stand-in named by a pseudonym (journey-anonymity.ts).
    // Selected with the journey (no query per row in a list), then swapped for the stand-in if hidden.
    candidate: t.field({
      type: PersonObject,
      select: (_args, _ctx, nestedSelection) => ({ candidate: nestedSelection(true) }),
      resolve: async (j, _args, ctx) => (await shownPerson(ctx, (j as typeof j & { candidate: Person }).candidate, j))!,
    }),
    enrolledAt: t.field({ type: 'DateTime', resolve: (j) => j.enrolledAt }),
    // The time of the newest event, which an anonymised assessment's judge may not see (a credential's
    // issue, which the public celebration feed dates): for them, that of the newest event they see.
    updatedAt: t.field({
      type: 'DateTime',
      select: { updatedAt: true },
      resolve: async (j, _args, ctx) => ((await candidateHidden(ctx, j.id, j)) ? lastJudgedActivity(ctx, j) : j.updatedAt),
    }),
    ruleSetId: t.exposeString('ruleSetId', { nullable: true, description: 'The eligibility rule-set version pinned at enrolment.' }),
    outcome: t.exposeString('outcome', { nullable: true }),
    eligibility: t.field({
      type: 'JSON',
      nullable: true,
      description: "The last eligibility evaluation: every condition with expected and actual values, and the reasons. Null for an anonymised assessment's assessors: the values describe the candidate.",
      select: { eligibility: true },
      resolve: async (j, _args, ctx) => ((await candidateHidden(ctx, j.id)) ? null : j.eligibility),
    }),
    events: t.field({
      type: [JourneyEventObject],
      description:
        "The audit trail, oldest first. A revocation proposed and not yet confirmed shows only to HR and the sitting committee; an anonymised assessment's judges see the assessment's own events (domain/anonymised-trail.ts).",
      select: (_args, _ctx, nestedSelection) => ({ events: nestedSelection({ orderBy: [{ at: 'asc' as const }, { seq: 'asc' as const }] }) }),
      resolve: (j, _args, ctx) => shownTrail(ctx, j, j.events),
    }),
    submissions: t.relation('submissions', { query: { orderBy: { submittedAt: 'asc' } } }),
    assessments: t.relation('assessments', { query: { orderBy: { decidedAt: 'asc' } } }),
    // A credential's number and id lead to its holder (verification, celebrations): not for an anonymised assessment's judges.
    credentials: t.field({
      type: [CredentialObject],
      select: (_args, _ctx, nestedSelection) => ({ credentials: nestedSelection({ orderBy: { cycle: 'asc' as const } }) }),
      resolve: async (j, _args, ctx) => ((await candidateHidden(ctx, j.id, j)) ? [] : j.credentials),
    }),
  }),
});

/** The trail as this viewer may see it: withheld events left out, and an anonymised assessment's judges' view. */
async function shownTrail<E extends TrailEvent & { seq: number }>(
  ctx: GraphQLContext,
  journey: { id: string; candidateId: string; mentorId: string | null; assessorId: string | null; panel: string[] },
  events: E[],
): Promise<E[]> {
  const withheld = events.some((e) => Object.hasOwn(WITHHELD_UNTIL, e.type));
  // HR and the sitting committee, unless the viewer is the holder or has a conflict of interest with them.
  const seesWithheld = withheld && (await isHrOrSittingCommittee(ctx)) && !(await conflictedWithHolder(ctx, journey.candidateId));
  const settled = withheld && !seesWithheld ? withoutWithheld(events) : events;
  const shown = (await candidateHidden(ctx, journey.id, journey)) ? judgesViewOfTrail(settled, journey) : settled;
  // Numbered as seen: gaps in the numbers would say how many events are kept from the viewer.
  return shown.length === events.length ? shown : shown.map((event, index) => ({ ...event, seq: index + 1 }));
}

/** The last activity an anonymised assessment's judge may know of: that of the last event on their trail. */
async function lastJudgedActivity(ctx: GraphQLContext, journey: { id: string; enrolledAt: Date }): Promise<Date> {
  const last = await ctx.prisma.journeyEvent.findFirst({
    where: { journeyId: journey.id, type: { in: Object.keys(ANONYMISED_JUDGE_VIEW) } },
    orderBy: [{ at: 'desc' }, { seq: 'desc' }],
    select: { at: true },
  });
  return last?.at ?? journey.enrolledAt;
}

const JourneyEventObject = builder.prismaObject('JourneyEvent', {
  // Reachable only through a Journey, whose own scopes decide who sees it.
  authScopes: { authenticated: true },
  description: 'An entry of the journey audit trail.',
  fields: (t) => ({
    id: t.exposeID('id'),
    seq: t.exposeInt('seq'),
    type: t.exposeString('type'),
    at: t.expose('at', { type: 'DateTime' }),
    stage: t.exposeString('stage'),
    actor: t.prismaField({
      type: 'Person',
      nullable: true,
      resolve: async (query, event, _args, ctx) => {
        const actor = event.actorId ? await ctx.prisma.person.findUnique({ ...query, where: { id: event.actorId } }) : null;
        // The journey's parties are read only for an anonymised assessor (candidateHidden is asked once per journey).
        if (!actor || !(await candidateHidden(ctx, event.journeyId))) return actor;
        const journey = await ctx.prisma.journey.findUniqueOrThrow({ where: { id: event.journeyId }, select: { id: true, candidateId: true } });
        return shownPerson(ctx, actor, journey);
      },
    }),
    ruleSetId: t.exposeString('ruleSetId', { nullable: true }),
    data: t.field({
      type: 'JSON',
      description:
        'Each key only for its audience (docs/api.md, "Who sees what"): scores, rationales, appeal grounds and reasons people give for HR and the candidate; check-in notes and the learning plan also for the manager and mentor; approval ids and unclassified keys for HR only.',
      select: { journey: { select: { candidateId: true, mentorId: true, candidate: { select: { managerId: true } } } } },
      resolve: async (e, _args, ctx) => {
        const redacted = redactEventData(ctx.viewer, e.journey, e.type, e.data);
        const hidden = await candidateHidden(ctx, e.journeyId);
        const shown = hidden ? withoutCandidateIds(redacted, [e.journey.candidateId, e.journey.candidate.managerId]) : redacted;
        // The journey's facts are what a journey read covers; scores, grounds, reasons and notes are more.
        if (showsMoreThanFacts(e.type, shown)) noteRead(ctx, { kind: 'audit_trail', subjectId: e.journey.candidateId, journeyId: e.journeyId });
        return shown;
      },
    }),
  }),
});

const evidenceParties = { journey: { select: { id: true, candidateId: true, assessorId: true, panel: true } } } as const;
type SubmissionRow = { journey: { id: string; candidateId: string; assessorId: string | null; panel: string[] } };

// Four fields of each submission ask the same question, which may cost a committee member two queries:
// asked once per request and journey.
const evidenceAnswers = new WeakMap<GraphQLContext, Map<string, Promise<boolean>>>();
function evidenceVisibleOnce(ctx: GraphQLContext, journey: SubmissionRow['journey']): Promise<boolean> {
  const answers = evidenceAnswers.get(ctx) ?? new Map<string, Promise<boolean>>();
  evidenceAnswers.set(ctx, answers);
  const answer = answers.get(journey.id) ?? evidenceFileVisible(ctx, journey);
  answers.set(journey.id, answer);
  return answer;
}

builder.prismaObject('Submission', {
  // Reachable only through a Journey, whose own scopes decide who sees it.
  authScopes: { authenticated: true },
  fields: (t) => {
    // The work itself (report text, reflection, video link, file name) only for the people who judge it,
    // like the file download (evidenceFileVisible): a reflection can be as personal as an appeal.
    // Managers and mentors see that evidence went in, its title, format and dates.
    const evidence = (field: 'content' | 'reflection' | 'url' | 'fileName', description: string) =>
      t.string({
        nullable: true,
        description: `${description} Only for HR, the candidate and the people who judge the work (assessor, panel, moderator, appeal reviewers).`,
        select: { [field]: true, ...evidenceParties },
        resolve: async (s, _args, ctx) => {
          const row = s as unknown as SubmissionRow & Record<typeof field, string | null>;
          if (!(await evidenceVisibleOnce(ctx, row.journey)) || row[field] === null) return null;
          noteRead(ctx, { kind: 'evidence', subjectId: row.journey.candidateId, journeyId: row.journey.id });
          // A file name often carries its author's name; an anonymised assessor gets a neutral one.
          if (field === 'fileName' && (await candidateHidden(ctx, row.journey.id))) return anonymousFileName(row[field]);
          return row[field];
        },
      });
    return {
      id: t.exposeID('id'),
      format: t.exposeString('format'),
      title: t.exposeString('title'),
      content: evidence('content', 'The report text, or what was shown.'),
      reflection: evidence('reflection', 'The reflective note that accompanies every submission.'),
      contentHash: t.exposeString('contentHash'),
      submittedAt: t.expose('submittedAt', { type: 'DateTime' }),
      url: evidence('url', 'A video by https link.'),
      fileName: evidence('fileName', 'An uploaded evidence file: its name as uploaded.'),
      fileSha256: t.exposeString('fileSha256', { nullable: true, description: 'An uploaded evidence file, by content hash.' }),
      fileSize: t.exposeInt('fileSize', { nullable: true, description: 'An uploaded evidence file: its size in bytes.' }),
      mimeType: t.exposeString('mimeType', { nullable: true, description: 'An uploaded evidence file: its media type.' }),
      scheduledAt: t.expose('scheduledAt', { type: 'DateTime', nullable: true, description: 'A live demonstration: when it takes place.' }),
    };
  },
});

const scoreParties = {
  id: true,
  assessorId: true,
  panel: true,
  moderatedBy: true,
  journey: { select: { candidateId: true, assessorId: true } },
} as const;

type AssessmentRow = { id: string; assessorId: string | null; panel: string[]; moderatedBy: string | null; journey: { candidateId: string; assessorId: string | null } };
const scoresVisible = (ctx: GraphQLContext, a: AssessmentRow) =>
  assessmentScoresVisible(ctx, a.id, { candidateId: a.journey.candidateId, assessorId: a.assessorId ?? a.journey.assessorId, panel: a.panel, moderatedBy: a.moderatedBy });

/** The value when the viewer may see the scores, noted in the read audit when one goes out. */
async function shownScore<T>(ctx: GraphQLContext, a: AssessmentRow & { journeyId: string }, value: T | null): Promise<T | null> {
  if (value === null || !(await scoresVisible(ctx, a))) return null;
  noteRead(ctx, { kind: 'scores', subjectId: a.journey.candidateId, journeyId: a.journeyId });
  return value;
}

builder.prismaObject('Assessment', {
  // Reachable only through a Journey, whose own scopes decide who sees it.
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    outcome: t.exposeString('outcome'),
    // The rationale quotes the average, each failed criterion's level and the assessors' comments.
    rationale: t.string({
      nullable: true,
      description: 'Why: the average, criteria below their threshold and the assessors\' comments. Visible to whoever sees the scores.',
      select: scoreParties,
      resolve: (a, _args, ctx) => shownScore(ctx, a, a.rationale),
    }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime' }),
    average: t.float({
      nullable: true,
      description: 'Visible to the candidate, the assessors who decided, appeal reviewers and HR.',
      select: scoreParties,
      resolve: (a, _args, ctx) => shownScore(ctx, a, a.average),
    }),
    scores: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Level per rubric criterion. Visible to the candidate, the assessors who decided, appeal reviewers and HR.',
      select: scoreParties,
      resolve: (a, _args, ctx) => shownScore(ctx, a, a.scores),
    }),
  }),
});

const CredentialObject = builder.prismaObject('Credential', {
  // Reachable only through a Journey, whose own scopes decide who sees it.
  authScopes: { authenticated: true },
  description: 'A credential issued at the end of a successful cycle.',
  fields: (t) => ({
    id: t.exposeID('id'),
    number: t.exposeString('number'),
    status: t.exposeString('status'),
    issuedAt: t.expose('issuedAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    program: t.relation('program'),
    holder: t.prismaField({
      type: 'Person',
      select: { journeyId: true, journey: { select: { id: true, candidateId: true } } },
      resolve: async (query, c, _args, ctx) => (await shownPerson(ctx, await ctx.prisma.person.findUniqueOrThrow({ ...query, where: { id: c.personId } }), c.journey))!,
    }),
  }),
});

const JourneyFilterInput = builder.inputType('JourneyFilter', {
  description: 'Every given filter must hold.',
  fields: (t) => ({
    programId: t.id(),
    pathwayId: t.id(),
    stage: t.field({ type: [JourneyStageEnum], description: 'Any of these stages.' }),
    cohortId: t.id(),
    department: t.string({ description: "The candidate's department." }),
    managerId: t.id({ description: "The candidate's manager." }),
    credentialExpiringBefore: t.field({ type: 'DateTime', description: 'An active credential that expires before this instant.' }),
    overdueCheckIns: t.boolean({ description: 'true: a check-in past its due date is unrecorded; false: none is.' }),
  }),
});

const JourneySortField = builder.enumType('JourneySortField', { values: enumValues(['enrolled_at', 'updated_at', 'stage'] as const) });
const SortDirection = builder.enumType('SortDirection', { values: enumValues(['asc', 'desc'] as const) });

const JourneyOrderInput = builder.inputType('JourneyOrder', {
  fields: (t) => ({
    field: t.field({ type: JourneySortField, required: true }),
    direction: t.field({ type: SortDirection, defaultValue: 'desc' }),
  }),
});

type JourneyFilter = typeof JourneyFilterInput.$inferInput;
const SORT_COLUMNS = { enrolled_at: 'enrolledAt', updated_at: 'updatedAt', stage: 'stage' } as const;

/** GraphQL filter → Prisma filter. An overdue check-in is one past its due date with nothing recorded. */
function journeyListWhere(filter: JourneyFilter, now: Date): Prisma.JourneyWhereInput {
  const overdue = { checkIns: { some: { recordedAt: null, dueAt: { lt: now } } } };
  return {
    ...(filter.programId ? { programId: String(filter.programId) } : {}),
    ...(filter.pathwayId ? { pathwayId: String(filter.pathwayId) } : {}),
    ...(filter.stage?.length ? { stage: { in: filter.stage } } : {}),
    ...(filter.cohortId ? { cohortId: String(filter.cohortId) } : {}),
    ...(filter.department || filter.managerId
      ? { candidate: { ...(filter.department ? { department: filter.department } : {}), ...(filter.managerId ? { managerId: String(filter.managerId) } : {}) } }
      : {}),
    ...(filter.credentialExpiringBefore ? { credentials: { some: { status: 'active', expiresAt: { lt: filter.credentialExpiringBefore } } } } : {}),
    ...(filter.overdueCheckIns === true ? overdue : filter.overdueCheckIns === false ? { NOT: overdue } : {}),
  };
}

/** Newest enrolment first by default; the id breaks ties so cursors are stable. */
function journeyListOrder(order: typeof JourneyOrderInput.$inferInput | null | undefined): Prisma.JourneyOrderByWithRelationInput[] {
  const column = SORT_COLUMNS[order?.field ?? 'enrolled_at'];
  return [{ [column]: order?.direction ?? 'desc' }, { id: 'asc' }];
}

// The list's total does not wait for its page: the count starts beside the page, under the same filter
// (and the same instant), and totalCount picks it up by the field's arguments object, which the
// connection hands to both.
const listTotals = new WeakMap<object, Promise<number>>();

function startedCount(ctx: GraphQLContext, where: Prisma.JourneyWhereInput): Promise<number> {
  const total = ctx.prisma.journey.count({ where });
  // Awaiting starts the query. When the page fails, nothing reads the total: its failure must not go
  // unhandled.
  total.catch(() => undefined);
  return total;
}

/** Whether the field's selection asks for `name` directly, in an inline fragment or a named one. */
function selects(info: GraphQLResolveInfo, name: string): boolean {
  const within = (set: SelectionSetNode | undefined): boolean =>
    set?.selections.some((s) =>
      s.kind === Kind.FIELD ? s.name.value === name : within(s.kind === Kind.INLINE_FRAGMENT ? s.selectionSet : info.fragments[s.name.value]?.selectionSet),
    ) ?? false;
  return info.fieldNodes.some((node) => within(node.selectionSet));
}

builder.queryFields((t) => ({
  journey: t.prismaField({
    type: 'Journey',
    nullable: true,
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const id = await journeyNamed(ctx, String(args.id));
      const journey = id === null ? null : await ctx.prisma.journey.findUnique({ ...query, where: { id } });
      // Someone else's journey is indistinguishable from a missing one.
      if (!journey || !(await journeyVisible(ctx, journey))) return null;
      noteRead(ctx, { kind: 'journey', subjectId: journey.candidateId, journeyId: journey.id });
      return journey;
    },
  }),
  myJourneys: t.prismaField({
    type: ['Journey'],
    authScopes: { authenticated: true },
    resolve: (query, _root, _args, ctx) =>
      ctx.prisma.journey.findMany({ ...query, where: { candidateId: ctx.viewer!.personId }, orderBy: { enrolledAt: 'desc' } }),
  }),
  journeys: t.prismaConnection(
    {
      type: 'Journey',
      cursor: 'id',
      description: 'Journeys for HR and program owners: filtered, sorted, and paged by cursor (at most 200 a page).',
      authScopes: { hr: true },
      defaultSize: 50,
      maxSize: 200,
      args: {
        filter: t.arg({ type: JourneyFilterInput }),
        orderBy: t.arg({ type: JourneyOrderInput }),
      },
      resolve: (query, _root, args, ctx, info) => {
        const where = journeyListWhere(args.filter ?? {}, new Date());
        // Started first (a Prisma query runs once awaited): the page takes three queries, the total one.
        const page = ctx.prisma.journey.findMany({ ...query, where, orderBy: journeyListOrder(args.orderBy) }).then((rows) => rows);
        if (selects(info, 'totalCount')) listTotals.set(args, startedCount(ctx, where));
        return page;
      },
      // Asked only when selected, after the page; the count the page started, or (total alone) a new one.
      totalCount: (_parent, args, ctx) => listTotals.get(args) ?? ctx.prisma.journey.count({ where: journeyListWhere(args.filter ?? {}, new Date()) }),
    },
  ),
}));
