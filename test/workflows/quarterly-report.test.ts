
import { describe, expect, it } from 'vitest';
import { PROGRAM_ID } from '../../demo/program.js';
import { previousQuarter } from '../../domain/quarter.js';
import { mintDevToken } from '../../http/auth/tokens.js';
import { createGraphQLHandler } from '../../http/graphql.js';
import { reportRoutes } from '../../http/files/reports.js';
import { viewerMiddleware } from '../../http/auth/viewer.js';
import { serveRoutes } from '../harness/edge.js';
import { createServices } from '../../services/index.js';
import type { QuarterlyReport } from '../../services/reports/quarterly.js';
import { createReportService } from '../../services/reports/service.js';
import type { QuarterlyReportResult } from '../../workflows/reports/quarterly-report.js';
import { useTestApp } from '../harness/fixture.js';

// The quarterly report end to end: HR asks for it through GraphQL, the workflow builds and stores it,
// each committee member with a current term gets the email once, and HR downloads the HTML and CSV.


const { env, app } = useTestApp({ temporal: 'time-skipping', per: 'test' });


const ACTIVE_COMMITTEE = ['dana', 'felix', 'ines', 'mira'];
const quarter = previousQuarter(new Date());
const DAY = 86_400_000;

/** Seven decided journeys in the quarter (five passed, two not) on the portfolio pathway. */
async function seedDecidedJourneys(): Promise<string[]> {
  const prisma = app.db.prisma;
  const start = Date.parse(quarter.start);
  const ids: string[] = [];
  for (let i = 1; i <= 7; i++) {
    const personId = `report-cand-${i}`;
    const journeyId = `journey:${PROGRAM_ID}:${personId}`;
    const passed = i <= 5;
    const decidedAt = new Date(start + (10 + i) * DAY);
    await prisma.person.create({
      data: { id: personId, email: `${personId}@example.com`, name: `Candidate ${i}`, department: 'Engineering', title: 'Engineer', roles: ['candidate'], hiredAt: new Date(start - 900 * DAY) },
    });
    await prisma.journey.create({
      data: {
        id: journeyId, programId: PROGRAM_ID, pathwayId: 'cap-portfolio', candidateId: personId,
        stage: passed ? 'certified' : 'not_passed', enrolledAt: new Date(start - 60 * DAY), updatedAt: decidedAt,
      },
    });
    await prisma.assessment.create({
      data: { id: `assessment-${personId}`, journeyId, submissionId: `submission-${personId}`, scores: {}, average: passed ? 3.5 : 1.5, outcome: passed ? 'passed' : 'not_passed', rationale: 'Seeded', decidedAt },
    });
    if (passed) {
      await prisma.credential.create({
        data: { id: `credential-${personId}`, number: `CAP-T-${i}`, journeyId, cycle: 1, personId, programId: PROGRAM_ID, issuedAt: decidedAt, expiresAt: new Date(decidedAt.getTime() + 730 * DAY), status: 'active' },
      });
    }
    ids.push(journeyId);
  }
  return ids;
}

interface GqlResult {
  data?: { generateQuarterlyReport?: { data?: { workflowId: string } }; programReports?: unknown };
  errors?: { extensions?: { code?: string } }[];
}

async function graphqlAs(personId: string, query: string, variables: Record<string, unknown>) {
  const services = {
    ...createServices({ prisma: app.db.prisma, client: env.client, taskQueue: app.taskQueue }),
    reports: createReportService({ prisma: app.db.prisma, client: env.client, taskQueue: app.taskQueue }),
  };
  const yoga = createGraphQLHandler({ services, jwtSecret: app.config.AUTH_JWT_SECRET, production: false, rateLimit: false });
  const token = await mintDevToken(app.config.AUTH_JWT_SECRET, personId);
  const response = await yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GqlResult;
}

const GENERATE = `mutation ($input: GenerateQuarterlyReportInput!) {
  generateQuarterlyReport(input: $input) {
    __typename
    ... on MutationGenerateQuarterlyReportSuccess { data { workflowId quarter started } }
    ... on CertiflowError { code path }
  }
}`;

async function withReportRoute<T>(fn: (base: string) => Promise<T>): Promise<T> {
  const served = await serveRoutes((edge) => {
    edge.use(viewerMiddleware(app.db.prisma, { secret: app.config.AUTH_JWT_SECRET }));
    edge.route('/', reportRoutes(app.db.prisma));
  });
  try {
    return await fn(served.baseUrl);
  } finally {
    await served.close();
  }
}

describe('quarterly program-health report', () => {
  it('is generated on demand by HR, stored, and emailed once to each active committee member', async () => {
    await seedDecidedJourneys();
    const input = { programId: PROGRAM_ID, quarter: quarter.name };

    const denied = await graphqlAs('alex', GENERATE, { input });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const invalid = await graphqlAs('hana', GENERATE, { input: { ...input, quarter: 'last quarter' } });
    expect(invalid.data?.generateQuarterlyReport).toMatchObject({ __typename: 'CertiflowError', code: 'INVALID_INPUT', path: 'quarter' });

    const result = await app.withWorker(async () => {
      const started = await graphqlAs('hana', GENERATE, { input });
      expect(started.data?.generateQuarterlyReport).toMatchObject({
        __typename: 'MutationGenerateQuarterlyReportSuccess',
        data: { workflowId: `quarterly-report:${PROGRAM_ID}:${quarter.name}`, quarter: quarter.name, started: true },
      });
      const workflowId = started.data?.generateQuarterlyReport?.data?.workflowId ?? '';
      return (await env.client.workflow.getHandle(workflowId).result()) as QuarterlyReportResult;
    });
    expect(result.emailed).toEqual(ACTIVE_COMMITTEE);

    const stored = await app.db.prisma.programReport.findUniqueOrThrow({ where: { programId_quarter: { programId: PROGRAM_ID, quarter: quarter.name } } });
    const summary = stored.summary as unknown as QuarterlyReport;
    // No re-certification: a count below the minimum group size, zero included, is suppressed (were
    // zeros shown, the one small quarter left hidden would follow from the program's total).
    expect(summary.achievements).toMatchObject({ decided: 7, passed: 5, certified: 5, renewed: null });
    expect(summary.trend.at(-1)).toMatchObject({ quarter: quarter.name, decided: 7, passed: 5, passRate: 0.7143, suppressed: false });
    expect(stored.html).toContain(`program health, ${quarter.name}`);
    expect(stored.csv.split('\r\n')).toContain(`trend,pass_rate,${quarter.name},0.7143`);

    // Each active member exactly once; a member whose term ended and other people, never.
    const reportMails = app.smtp.messages().filter((m) => m.subject.includes(`program health report for ${quarter.name}`));
    for (const personId of ACTIVE_COMMITTEE) expect(reportMails.filter((m) => m.to.includes(`${personId}@example.com`))).toHaveLength(1);
    expect(reportMails).toHaveLength(ACTIVE_COMMITTEE.length);
    const link = reportMails[0]!.links.find((l) => l.endsWith('.csv'))!;
    expect(link).toContain(`/reports/${encodeURIComponent(stored.id)}.csv`);

    const listed = await graphqlAs('hana', `query ($id: ID!) { programReports(programId: $id) { quarter csvPath notes } }`, { id: PROGRAM_ID });
    expect(listed.data?.programReports).toEqual([{ quarter: quarter.name, csvPath: `/reports/${encodeURIComponent(stored.id)}.csv`, notes: summary.notes }]);

    await withReportRoute(async (base) => {
      const path = new URL(link).pathname;
      expect((await fetch(`${base}${path}`)).status).toBe(401);
      const asCandidate = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${await mintDevToken(app.config.AUTH_JWT_SECRET, 'alex')}` } });
      expect(asCandidate.status).toBe(403);
      const hr = { authorization: `Bearer ${await mintDevToken(app.config.AUTH_JWT_SECRET, 'hana')}` };
      const csv = await fetch(`${base}${path}`, { headers: hr });
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
      expect(await csv.text()).toBe(stored.csv);
      const html = await fetch(`${base}${path.replace(/\.csv$/, '.html')}`, { headers: hr });
      expect(await html.text()).toBe(stored.html);
    });
  });

  it('runs from the schedule action for the quarter just ended', async () => {
    await seedDecidedJourneys();
    const result = await app.withWorker(() =>
      env.client.workflow.execute('quarterlyReportWorkflow', {
        workflowId: `quarterly-report:${PROGRAM_ID}-scheduled`,
        taskQueue: app.taskQueue,
        args: [{ version: 1, programId: PROGRAM_ID, requestedBy: 'schedule' }],
      }),
    );
    expect(result).toMatchObject({ quarter: quarter.name, emailed: ACTIVE_COMMITTEE });
    expect(await app.db.prisma.programReport.count()).toBe(1);
  });
});
