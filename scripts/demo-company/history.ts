import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities/index.js';
import type { Config } from '../../config/index.js';
import { COMPANY_EMAIL_DOMAIN, companyRoster, certificationsCsv, coursesCsv, PEOPLE_MAPPING, peopleCsv } from '../../demo/company/roster.js';
import { seededRandom } from '../../demo/company/random.js';
import { DEMO_PROGRAM_FILES } from '../../demo/program.js';
import { seedDemoData } from '../../demo/seed.js';
import { EvidenceFormat, FINAL_STAGES, HOLDING_STAGES, type JourneyStage } from '../../domain/journey.js';
import { quarterOf } from '../../domain/quarter.js';
import { journeyWorkflowId } from '../../domain/workflow-ids.js';
import { createApp } from '../../http/app.js';
import { mintDevToken } from '../../http/auth/tokens.js';
import { startInbox } from '../../mail/inbox.js';
import { createSmtpTransport } from '../../mail/transport.js';
import type { PrismaClient } from '../../prisma/client.js';
import { createServices, type Services } from '../../services/index.js';
import { getJourneyQuery } from '../../workflows/journey/messages.js';
import type { JourneyInput, JourneyState } from '../../workflows/journey/types.js';
import { createJourneyWorker } from '../../worker/create-worker.js';
import { findOrInstallClockedTestServer } from '../test-server.js';
import {
  appealVote,
  CLOUD_PROGRAM,
  assessorSeverity,
  type CandidatePlan,
  delayDays,
  FACILITATION_PATHWAY,
  FACILITATION_PROGRAM,
  levelFor,
  managerApproves,
  planCandidates,
  surveyRating,
} from './behaviour.js';

// The demo company's year of history, made by running the real journey workflows: the company's HR
// export is imported, then for 365 simulated days its people enrol, managers approve, candidates submit,
// panels score, moderators moderate, candidates appeal and committees vote, all through the GraphQL API
// and the emailed links, on Temporal's time-skipping test server whose clock starts a year back. Every
// row in the read model is written by the workflows' own activities. At the end, journeys that hold a
// credential move to the real Temporal server (continue-as-new state, as each certification cycle
// starts), so their renewals come due there; every other historical journey has ended by then.

const DAY = 86_400_000;
const PEOPLE_FILE = 'northwind-hris-export.csv';
const TASK_QUEUE = 'demo-history';
const ENROLLED_TODAY = 10;
/** Journeys acted on at once: the API, the worker and the database share this process. */
const DRIVER_CONCURRENCY = 6;

type Step = () => Promise<boolean>;

async function inPool<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) await run(items[next++]!);
  }));
}

export interface DemoHistoryOptions {
  prisma: PrismaClient;
  config: Config;
  /** Where the history ends: now. */
  end?: Date;
  /** The real Temporal server: credential holders go on there. */
  handOver: { client: Client; taskQueue: string };
  log: (message: string) => void;
  /**
   * A shorter history with fewer candidates, for the test that runs it inside `npm test`; the demo
   * itself is a year with about a hundred candidates.
   */
  scale?: { days: number; candidates: number };
}

export interface DemoHistorySummary {
  people: number;
  journeys: number;
  byStage: Record<string, number>;
  handedOver: number;
  /** Enrolled on the real server at the end, still in progress there. */
  enrolledToday: number;
  actions: number;
  refused: number;
  seconds: number;
}

/** True once the company's people were imported: the history is made once per database. */
export async function hasDemoCompany(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.person.count({ where: { email: { endsWith: `@${COMPANY_EMAIL_DOMAIN}` } } })) > 0;
}

type GraphQLResult = { data?: Record<string, { __typename: string; code?: string; message?: string } | null>; errors?: { message: string }[] };

export async function createDemoHistory(options: DemoHistoryOptions): Promise<DemoHistorySummary> {
  const started = Date.now();
  const { prisma, config, log } = options;
  const end = options.end ?? new Date();
  const HISTORY_DAYS = options.scale?.days ?? 365;
  const start = new Date(end.getTime() - HISTORY_DAYS * DAY);
  start.setUTCHours(8, 0, 0, 0);
  const random = seededRandom(4242);

  // The programs were published before the year began; the cast of demo/people.ts is relative to today.
  await seedDemoData(prisma, end.toISOString(), { publishedAt: start.toISOString() });

  process.env.TEMPORAL_TEST_SERVER_START_AT = start.toISOString();
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: await findOrInstallClockedTestServer(log) } } });
  const inbox = await startInbox({ smtpPort: 0, httpPort: 0, host: '127.0.0.1' });
  let clock = await env.currentTimeMs();
  const now = () => new Date(clock);
  const historyConfig: Config = { ...config, SMTP_HOST: '127.0.0.1', SMTP_PORT: inbox.smtpPort, SMTP_SECURE: 'false', SMTP_USER: undefined, SMTP_PASS: undefined, TEMPORAL_TASK_QUEUE: TASK_QUEUE };
  const transport = createSmtpTransport(historyConfig);
  const uploadsDir = path.join(config.DATA_DIR, 'uploads');
  /** The API in this process, never listening: people act through it as they would over HTTP. */
  const inProcessApi = (client: Client, taskQueue: string, clock?: () => Date) => {
    const services = createServices({ prisma, client, taskQueue, uploadsDir, linkSecret: config.APPROVAL_LINK_SECRET, ...(clock ? { now: clock } : {}) });
    return { services, app: createApp({ services, jwtSecret: config.AUTH_JWT_SECRET, production: false, log: (message, error) => log(`${message}: ${String(error)}`), linkRateLimit: false }) };
  };
  const { services, app } = inProcessApi(env.client, TASK_QUEUE, now);
  const worker = await createJourneyWorker({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue: TASK_QUEUE, activities: createActivities({ prisma, transport, config: historyConfig }) });
  const running = worker.run();
  const tokens = new Map<string, Promise<string>>();
  let actions = 0;
  let refused = 0;

  async function graphql(personId: string, query: string, variables: Record<string, unknown>, api = app): Promise<GraphQLResult> {
    if (!tokens.has(personId)) tokens.set(personId, mintDevToken(config.AUTH_JWT_SECRET, personId));
    const response = await api.fetch(
      new Request('http://demo.history/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokens.get(personId)}` },
        body: JSON.stringify({ query, variables }),
      }),
    );
    return (await response.json()) as GraphQLResult;
  }

  /** One person's action; a refusal (the workflow moved on, a rule said no) is counted, not fatal. */
  async function act(personId: string, mutation: string, input: Record<string, unknown>, api = app): Promise<boolean> {
    const inputType = `${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input`;
    const result = await graphql(personId, `mutation($input: ${inputType}!) { ${mutation}(input: $input) { __typename ... on CertiflowError { code message } } }`, { input }, api);
    const payload = result.data?.[mutation];
    actions++;
    if (result.errors || !payload || payload.__typename === 'CertiflowError') {
      refused++;
      log(`  day ${day}: ${mutation} by ${personId} refused: ${payload?.message ?? JSON.stringify(result.errors)}`);
      return false;
    }
    return true;
  }

  let day = 0;
  try {
    // --- The company arrives as HR would bring it: its HRIS and LMS exports, then role assignments. ---
    const roster = companyRoster();
    const hr = { id: 'hana', source: 'csv' as const };
    for (const [kind, content, fileName, mapping] of [
      ['people', peopleCsv(roster, end), PEOPLE_FILE, PEOPLE_MAPPING],
      ['courses', coursesCsv(roster, end), 'northwind-lms-completions.csv', undefined],
      ['certifications', certificationsCsv(roster, end), 'northwind-certifications.csv', undefined],
    ] as const) {
      const summary = await services.imports.run({ kind, content, fileName, dryRun: false, actor: hr, ...(mapping ? { mapping } : {}) });
      if (!summary.applied) throw new Error(`the demo company's ${fileName} was refused: ${summary.problems.slice(0, 5).map((p) => `row ${p.row} ${p.column ?? ''}: ${p.message}`).join('; ')}`);
      log(`imported ${fileName}: ${summary.created} created, ${summary.updated} updated`);
    }
    const ids = new Map((await prisma.person.findMany({ where: { email: { in: roster.map((p) => p.email) } }, select: { id: true, email: true } })).map((p) => [p.email, p.id]));
    const idOf = (email: string) => {
      const id = ids.get(email);
      if (!id) throw new Error(`the demo company's ${email} was not imported`);
      return id;
    };
    const admin = { id: 'ari', source: 'admin' as const };
    for (const person of roster.filter((p) => p.roles.length > 0)) {
      const changed = await services.people.update(idOf(person.email), { assignedRoles: ['candidate', ...person.roles], mentorCapacity: person.mentorCapacity }, admin);
      if (!changed.ok) throw new Error(`roles of ${person.email}: ${changed.error.message}`);
    }

    await appointProgramCommittee(services, roster.filter((p) => p.roles.includes('committee')).map((p) => idOf(p.email)), start);

    const plans = planCandidates(roster, random, { lastEnrolmentDay: HISTORY_DAYS - 150, limit: options.scale?.candidates });
    const severity = new Map<string, number>();
    const severityOf = (assessorId: string) => {
      if (!severity.has(assessorId)) severity.set(assessorId, assessorSeverity(random));
      return severity.get(assessorId)!;
    };
    const journeys = new Map<string, { plan: CandidatePlan; candidateId: string }>();
    const due = new Map<string, number>();
    /** The day an action becomes due: decided the first time it is seen, then kept. */
    const dueDay = (key: string, delay: () => number) => {
      if (!due.has(key)) due.set(key, day + delay());
      return due.get(key)!;
    };
    const states = new Map<string, JourneyState>();
    const surveysSeen = new Set<string>();
    const quartersReported = new Set<string>();
    /** Why a journey was passed over on its last look, for the error when one never ends. */
    const lagging = new Map<string, string>();
    let nextPlan = 0;
    const facilitationDays = new Map<string, number>();

    log(`simulating ${HISTORY_DAYS} days from ${start.toISOString().slice(0, 10)} for ${plans.length} planned candidates ...`);
    const startMs = clock;
    let lastReport = 0;
    let lastRefresh = 0;
    for (day = 0; day <= HISTORY_DAYS; day++) {
      const actionsAtDayStart = actions;
      const refreshAll = day - lastRefresh >= 7;
      if (refreshAll) lastRefresh = day;
      // Enrolments planned for today; the rules decide who is eligible.
      for (; nextPlan < plans.length && plans[nextPlan]!.enrolDay <= day; nextPlan++) {
        const plan = plans[nextPlan]!;
        const candidateId = idOf(plan.email);
        if (await act(candidateId, 'enroll', { programId: plan.programId, pathwayId: plan.pathwayId })) {
          journeys.set(journeyWorkflowId(plan.programId, candidateId), { plan, candidateId });
        }
      }
      // Certified early in the year, some holders go on to coach others.
      for (const [journeyId, enrolDay] of facilitationDays) {
        if (enrolDay > day) continue;
        facilitationDays.delete(journeyId);
        const { plan, candidateId } = journeys.get(journeyId)!;
        const next = { ...plan, programId: FACILITATION_PROGRAM, pathwayId: FACILITATION_PATHWAY, submitAfterDays: 30, withdraws: false };
        if (await act(candidateId, 'enroll', { programId: FACILITATION_PROGRAM, pathwayId: FACILITATION_PATHWAY })) {
          journeys.set(journeyWorkflowId(FACILITATION_PROGRAM, candidateId), { plan: next, candidateId });
        }
      }

      await runScheduledJobs();
      await settle(prisma);
      const rows = await prisma.journey.findMany({ where: { id: { in: [...journeys.keys()] } }, select: { id: true, stage: true, lastEventSeq: true } });
      const today: { journeyId: string; steps: Step[] }[] = [];
      for (const row of rows) {
        if (FINAL_STAGES.includes(row.stage as JourneyStage)) continue;
        let state = states.get(row.id);
        if (!state || state.seq !== row.lastEventSeq || refreshAll) {
          state = await env.client.workflow
            .getHandle(row.id)
            .query(getJourneyQuery)
            .catch((error: unknown) => {
              lagging.set(row.id, `query failed: ${String(error)}`);
              return undefined;
            });
          if (!state) continue;
          states.set(row.id, state);
        }
        if (state.seq > row.lastEventSeq) {
          lagging.set(row.id, `read model at event ${row.lastEventSeq}, workflow at ${state.seq}`);
          continue; // the read model is still catching up
        }
        lagging.delete(row.id);
        const journey = journeys.get(row.id)!;
        const steps = stepsFor(state, journey);
        if (steps.length) today.push({ journeyId: row.id, steps });
        if (state.stage === 'certified' && state.programId !== FACILITATION_PROGRAM && journey.plan.ability > 0.75 && !facilitationDays.has(row.id) && day < HISTORY_DAYS - 180) {
          facilitationDays.set(row.id, day + 20 + Math.floor(random() * 40));
        }
      }
      // Each journey's steps in order, journeys side by side: people act independently of each other.
      await inPool(today, DRIVER_CONCURRENCY, async ({ journeyId, steps }) => {
        for (const step of steps) await step();
        states.delete(journeyId);
      });
      await answerSurveys();
      if (Math.floor(day / 30) > Math.floor(lastReport / 30)) {
        log(`  day ${day} (${now().toISOString().slice(0, 10)}): ${journeys.size} journeys, ${actions} actions`);
        lastReport = day;
      }
      if (day < HISTORY_DAYS) {
        // A quiet day lets the clock run to the next thing anyone or any timer does (the server fires
        // every timer on the way); a busy one goes day by day, as what was done may start something.
        const next = actions > actionsAtDayStart ? day + 1 : nextEventfulDay();
        await env.sleep((next - day) * DAY);
        clock = await env.currentTimeMs();
        day = next - 1;
      }
    }

    /**
     * What the dev server's schedules do (scripts/report-schedule.ts), which the test server lacks: the
     * satisfaction-survey sweep on each day the history stops at (it looks back 30 days), and each
     * program's quarterly report when a quarter has begun.
     */
    async function runScheduledJobs(): Promise<void> {
      const today = now().toISOString().slice(0, 10);
      await env.client.workflow.start('surveyDispatchWorkflow', { taskQueue: TASK_QUEUE, workflowId: `survey-dispatch:${today}`, args: [{ version: 1 }] });
      const quarter = quarterOf(now()).name;
      if (day > 0 && !quartersReported.has(quarter)) {
        for (const { id: programId } of await prisma.program.findMany({ select: { id: true } })) {
          const args = [{ version: 1, programId, requestedBy: 'schedule' }];
          await env.client.workflow.start('quarterlyReportWorkflow', { taskQueue: TASK_QUEUE, workflowId: `quarterly-report:${programId}:${today}`, args });
        }
      }
      quartersReported.add(quarter);
    }

    function nextEventfulDay(): number {
      const dayOf = (iso: string) => Math.ceil((Date.parse(iso) - startMs) / DAY);
      const days = [
        ...(nextPlan < plans.length ? [plans[nextPlan]!.enrolDay] : []),
        ...facilitationDays.values(),
        ...due.values(),
        ...[...states.values()].flatMap((state) => [...Object.values(state.deadlines ?? {}), ...(state.submission?.scheduledAt ? [state.submission.scheduledAt] : [])].map(dayOf)),
        // Nobody is idle for long in a company: a weekly look catches what no deadline announces.
        lastRefresh + 7,
      ].filter((d) => d > day && Number.isFinite(d));
      return Math.min(HISTORY_DAYS, ...days);
    }

    /**
     * What the people whose turn it is do today, if anything: decided here in a fixed order (so the seeded
     * generator gives the same year every time), done afterwards, journeys side by side.
     */
    function stepsFor(state: JourneyState, { plan, candidateId }: { plan: CandidatePlan; candidateId: string }): Step[] {
      const id = state.journeyId;
      const rubric = state.context?.pathway.rubric;
      const finishing = day > HISTORY_DAYS - 60; // the year's last weeks: everyone answers promptly
      switch (state.stage) {
        case 'awaiting_manager_approval': {
          const approval = state.approval;
          if (!approval || approval.decision) return [];
          if (day < dueDay(`approval:${approval.approvalId}`, () => delayDays(random, 'approval'))) return [];
          const decision = managerApproves(random) ? 'APPROVE' : 'DECLINE';
          const comment = decision === 'APPROVE' ? 'Good timing: this fits your development plan.' : 'Not this quarter: the migration needs you; let us revisit in the spring.';
          return [() => act(approval.approverId, 'decideApproval', { approvalId: approval.approvalId, decision, comment })];
        }
        case 'awaiting_submission': {
          const checkIn = mentorCheckIn(state);
          const attempt = state.attempt ?? 1;
          const wait = attempt === 1 ? plan.submitAfterDays : 25;
          const when = dueDay(`submit:${id}:${attempt}`, () => (finishing ? Math.min(wait, 10) : wait));
          if (plan.withdraws && attempt === 1 && day >= when - Math.floor(wait / 2)) {
            return [() => act(candidateId, 'withdrawJourney', { journeyId: id, reason: 'Moved to a new role; will enrol again next year.' })];
          }
          if (day < when) return checkIn;
          const evidence = { journeyId: id, ...evidenceFor(state.context?.pathway.evidenceFormats ?? [], attempt, clock) };
          return [...checkIn, () => act(candidateId, 'submitEvidence', evidence)];
        }
        case 'awaiting_assessment':
        case 'recertification_review': {
          if (!rubric) return [];
          // A live demonstration is scored once it has taken place.
          const scheduledAt = state.submission?.scheduledAt;
          if (scheduledAt && Date.parse(scheduledAt) > clock) return [];
          return (state.panel ?? []).flatMap((member): Step[] => {
            if (state.panelScores?.[member.id]) return [];
            if (day < dueDay(`score:${id}:${state.panelRound ?? 1}:${member.id}`, () => (finishing ? 1 : delayDays(random, 'score')))) return [];
            const bias = severityOf(member.id);
            const scores = rubric.criteria.map((c) => ({ criterion: c.key, level: levelFor(random, plan.ability + ((state.attempt ?? 1) - 1) * 0.12, bias, rubric.levels) }));
            return [() => act(member.id, 'scoreSubmission', { journeyId: id, scores, comment: 'Scored against the published descriptors; see the criteria notes.' })];
          });
        }
        case 'in_moderation': {
          const moderatorId = state.moderatorId;
          if (!moderatorId || !rubric || day < dueDay(`moderate:${id}:${state.panelRound ?? 1}`, () => delayDays(random, 'moderation'))) return [];
          const panel = Object.values(state.panelScores ?? {});
          const scores = rubric.criteria.map((c) => {
            const levels = panel.map((p) => p.scores[c.key] ?? rubric.levels.min).sort((a, b) => a - b);
            return { criterion: c.key, level: levels[Math.floor(levels.length / 2)] ?? rubric.levels.min };
          });
          return [() => act(moderatorId, 'moderateAssessment', { journeyId: id, scores, rationale: 'Read the evidence again against the descriptors; the median view holds.' })];
        }
        case 'appeal_window': {
          if (!plan.appeals || day < dueDay(`appeal:${id}:${state.assessment?.assessmentId}`, () => delayDays(random, 'appeal'))) return [];
          plan.appeals = false; // once per journey
          return [() => act(candidateId, 'fileAppeal', { journeyId: id, grounds: 'The panel did not consider the cost model in the appendix, which answers the cost criterion.' })];
        }
        case 'under_appeal': {
          const appeal = state.appeal;
          if (!appeal) return [];
          return appeal.reviewers.flatMap((reviewer): Step[] => {
            if (appeal.votes?.[reviewer] || day < dueDay(`vote:${appeal.appealId}:${reviewer}`, () => delayDays(random, 'vote'))) return [];
            const outcome = appealVote(random).toUpperCase();
            return [() => act(reviewer, 'decideAppeal', { journeyId: id, outcome, rationale: 'Reviewed the evidence, the scores and the grounds against the published criteria.' })];
          });
        }
        default:
          return mentorCheckIn(state);
      }
    }

    /** The mentor records a due check-in, most of the time. */
    function mentorCheckIn(state: JourneyState): Step[] {
      const open = state.checkIns?.find((c) => !c.recordedAt && !c.missed);
      const mentor = state.mentor;
      if (!mentor || !open || Date.parse(open.dueAt) > clock) return [];
      const key = `check-in:${open.checkInId}`;
      if (!due.has(key) && random() < 0.1) due.set(key, Number.POSITIVE_INFINITY); // this one is missed
      if (day < dueDay(key, () => delayDays(random, 'check-in'))) return [];
      return [
        () =>
          act(mentor.id, 'recordCheckIn', {
            journeyId: state.journeyId,
            progress: 'Reviewed the draft design and the threat model together.',
            blockers: 'Finding time beside the on-call rota.',
            nextSteps: 'Finish the cost estimate and ask a colleague to review the diagrams.',
          }),
      ];
    }

    /** Candidates answer the satisfaction survey from its emailed link, as the link's page posts it. */
    async function answerSurveys(): Promise<void> {
      for (const message of inbox.messages()) {
        const link = message.links.find((l) => l.includes('/surveys/'));
        if (!link || surveysSeen.has(link)) continue;
        const url = new URL(link);
        const assessmentId = decodeURIComponent(url.pathname.split('/').at(-1) ?? '');
        if (day < dueDay(`survey:${assessmentId}`, () => delayDays(random, 'survey'))) continue;
        surveysSeen.add(link);
        if (random() > 0.6) continue; // not everyone answers
        const assessment = await prisma.assessment.findUnique({ where: { id: assessmentId }, select: { outcome: true } });
        const body = new URLSearchParams({ token: url.searchParams.get('token') ?? '', rating: String(surveyRating(random, assessment?.outcome === 'passed')), comment: '' });
        await app.fetch(new Request(new URL(url.pathname, 'http://demo.history'), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() }));
        actions++;
      }
    }

    // --- The year is over: holders go on under the real server; nothing else may still be running. ---
    await settle(prisma);
    const open = await prisma.journey.findMany({ where: { id: { in: [...journeys.keys()] }, stage: { notIn: [...FINAL_STAGES] } }, select: { id: true } });
    const stuck: string[] = [];
    const holders: JourneyState[] = [];
    for (const row of open) {
      const state = await env.client.workflow.getHandle(row.id).query(getJourneyQuery);
      if (HOLDING_STAGES.includes(state.stage)) {
        holders.push(state);
        continue;
      }
      const { raw } = await env.client.workflow.getHandle(row.id).describe();
      const pending = (raw.pendingActivities ?? []).map((a) => `${a.activityType?.name}: ${a.lastFailure?.message ?? 'no failure'}`);
      const recent = await prisma.journeyEvent.findMany({ where: { journeyId: row.id }, orderBy: { seq: 'desc' }, take: 40, select: { seq: true, type: true, at: true, data: true } });
      const detail = { events: recent.reverse().map((e) => `${e.seq} ${e.at.toISOString().slice(0, 10)} ${e.type} ${JSON.stringify(e.data).slice(0, 80)}`), lastLook: lagging.get(row.id) ?? 'acted on', deadlines: state.deadlines, panel: state.panel?.map((p) => p.id), scored: Object.keys(state.panelScores ?? {}), submission: state.submission, seq: state.seq, incidents: Object.keys(state.incidents ?? {}) };
      stuck.push(`${row.id} in ${state.stage} (${JSON.stringify(detail)}; pending activities: ${pending.join(', ') || 'none'})`);
    }
    // Only a holder's state can start a new run (journeyWorkflow resumes in holdCredential).
    if (stuck.length) throw new Error(`the demo history ended with journeys still in progress:\n${stuck.join('\n')}`);
    for (const state of holders) {
      const input: JourneyInput = {
        version: 1,
        journeyId: state.journeyId,
        programId: state.programId,
        pathwayId: state.pathwayId,
        candidateId: state.candidateId,
        enrolledAt: state.enrolledAt,
        enrolledBy: state.candidateId,
        cycle: state.cycle,
        ...(state.cohortId ? { cohortId: state.cohortId } : {}),
        resume: state,
      };
      await env.client.workflow.getHandle(state.journeyId).terminate('the demo history moved this journey to the real Temporal server');
      await options.handOver.client.workflow.start('journeyWorkflow', { workflowId: state.journeyId, taskQueue: options.handOver.taskQueue, args: [input], workflowIdConflictPolicy: 'USE_EXISTING' });
    }

    // --- Today: a few people have just enrolled, through the API on the real server, so the HR list and
    // the managers' approvals show journeys in flight. The real worker takes them from here.
    const todayApi = inProcessApi(options.handOver.client, options.handOver.taskQueue).app;
    const enrolledToday: string[] = [];
    for (const plan of planCandidates(roster, random, { lastEnrolmentDay: 0 }).filter((p) => !plans.some((q) => q.email === p.email)).slice(0, ENROLLED_TODAY)) {
      const candidateId = idOf(plan.email);
      if (await act(candidateId, 'enroll', { programId: plan.programId, pathwayId: plan.pathwayId }, todayApi)) enrolledToday.push(journeyWorkflowId(plan.programId, candidateId));
    }

    const stages = await prisma.journey.groupBy({ by: ['stage'], where: { id: { in: [...journeys.keys()] } }, _count: { _all: true } });
    return {
      people: roster.length,
      journeys: journeys.size,
      byStage: Object.fromEntries(stages.map((s) => [s.stage, s._count._all])),
      handedOver: holders.length,
      enrolledToday: enrolledToday.length,
      actions,
      refused,
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    worker.shutdown();
    await running.catch(() => undefined);
    transport.close();
    await inbox.close();
    await env.teardown();
    delete process.env.TEMPORAL_TEST_SERVER_START_AT;
  }
}

/**
 * The program owner gives the cloud program a committee of its own from the company's leadership, as
 * version 2 of its document, published through four eyes like any change: the organisation-wide
 * committee of the small demo cast is too small to moderate and hear appeals for a whole company.
 */
async function appointProgramCommittee(services: Services, members: string[], start: Date): Promise<void> {
  const file = DEMO_PROGRAM_FILES.find((f) => f.endsWith(`${CLOUD_PROGRAM}.yaml`))!;
  const text = await readFile(file, 'utf8');
  const startsOn = new Date(start.getTime() - DAY).toISOString().slice(0, 10);
  const endsOn = new Date(start.getTime() + 3 * 365 * DAY).toISOString().slice(0, 10);
  const committee = members.map((person) => `  - { person: ${person}, role: member, startsOn: "${startsOn}", endsOn: "${endsOn}" }`).join('\n');
  const next = `${text.replace(/^version: 1$/m, 'version: 2').trimEnd()}\n\ncommittee:\n${committee}\n`;
  const draft = await services.programs.saveDraft({ text: next, author: 'ines' });
  if (!draft.ok) throw new Error(`the demo company's program committee: ${draft.error.message}`);
  const versionId = draft.value.version.id;
  const requested = await services.programs.requestPublication({ versionId, requestedBy: 'ines', reason: 'A program committee from Northwind leadership for moderation and appeals', policies: {} });
  if (!requested.ok) throw new Error(`the demo company's program committee: ${requested.error.message}`);
  if (requested.value.version.status === 'published') return;
  const approved = await services.programs.approve({ versionId, approver: { personId: 'ari', roles: ['admin'] } });
  if (!approved.ok) throw new Error(`the demo company's program committee: ${approved.error.message}`);
}

/** A written report where the pathway takes one, otherwise a live demonstration a week ahead. */
function evidenceFor(formats: readonly EvidenceFormat[], attempt: number, clock: number): Record<string, unknown> {
  const reflection = attempt === 1 ? 'I learned to write down the options I rejected, not only the one I chose.' : 'After the panel feedback I quantified the recovery objectives and the cost model.';
  if (!formats.includes(EvidenceFormat.WrittenReport)) {
    return { format: 'LIVE_DEMONSTRATION', title: attempt === 1 ? 'Live walkthrough' : 'Second live walkthrough', content: 'A live session with the panel, questions included.', reflection, scheduledAt: new Date(clock + 7 * DAY).toISOString() };
  }
  return { format: 'WRITTEN_REPORT', title: attempt === 1 ? 'Order platform across two regions' : 'Order platform, revised', content: 'Design, requirements traced to components, options compared, threat model and monthly cost estimate.', reflection };
}

/** Waits until the workflows have written what the last day's timers and actions caused. */
async function settle(prisma: PrismaClient): Promise<void> {
  const snapshot = async () => {
    const [events, outbox] = await Promise.all([prisma.journeyEvent.count(), prisma.outboxEmail.count({ where: { status: 'pending' } })]);
    return `${events}/${outbox}`;
  };
  let last = await snapshot();
  let quiet = 0;
  for (let polls = 0; polls < 200 && quiet < 3; polls++) {
    await new Promise((resolve) => setTimeout(resolve, 40));
    const next = await snapshot();
    quiet = next === last ? quiet + 1 : 0;
    last = next;
  }
}
