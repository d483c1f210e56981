import type { Client } from '@temporalio/client';
import type { JourneyStage } from '../../domain/journey.js';
import { getJourneyQuery } from '../../workflows/journey/messages.js';
import type { JourneyState } from '../../workflows/journey/types.js';
import type { TestApp } from './app.js';

// Steps a person takes in a journey, done the way they are done in production: GraphQL mutations and
// the approval link from the real email.

export async function waitForStage(client: Client, journeyId: string, stage: JourneyStage | JourneyStage[], timeoutMs = 30_000): Promise<JourneyState> {
  const wanted = Array.isArray(stage) ? stage : [stage];
  const deadline = Date.now() + timeoutMs;
  let last: JourneyState | undefined;
  while (Date.now() < deadline) {
    try {
      last = await client.workflow.getHandle(journeyId).query(getJourneyQuery);
      if (wanted.includes(last.stage)) return last;
    } catch {
      // The workflow may not have started its first task yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Journey ${journeyId} did not reach ${stage} in ${timeoutMs} ms (last stage: ${last?.stage})`);
}

/**
 * Waits until the read model holds every event the workflow had recorded in `state`. The workflow moves
 * its stage as it starts writing an event, and the API decides who may act on a journey from the read
 * model (a panel member once panel_assigned is recorded), as people do who act from their email.
 */
export async function readModelCaughtUp(app: TestApp, state: JourneyState, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const row = await app.db.prisma.journey.findUnique({ where: { id: state.journeyId }, select: { lastEventSeq: true } });
    if ((row?.lastEventSeq ?? -1) >= state.seq) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`The read model of ${state.journeyId} did not reach event ${state.seq} in ${timeoutMs} ms`);
}

export async function enroll(app: TestApp, personId: string, pathwayId = 'cap-portfolio') {
  const result = await app.graphql<{ enroll: { __typename: string; journeyId?: string; created?: boolean; code?: string } }>(
    personId,
    `mutation($input: EnrollInput!) { enroll(input: $input) {
      __typename
      ... on MutationEnrollSuccess { data { journeyId created } }
      ... on CertiflowError { code message path }
    } }`,
    { input: { programId: 'cloud-architecture-practitioner', pathwayId } },
  );
  const payload = result.data?.enroll as unknown as { data?: { journeyId: string; created: boolean }; code?: string };
  if (!payload?.data) throw new Error(`enroll failed: ${JSON.stringify(result)}`);
  return payload.data;
}

/** The approval link from the newest approval email sent to `to`. */
export async function approvalLinkFor(app: TestApp, to: string, count = 1): Promise<string> {
  const deadline = Date.now() + 20_000;
  let approvals = [] as ReturnType<TestApp['smtp']['messages']>;
  while (Date.now() < deadline) {
    approvals = app.smtp.messages().filter((m) => m.to.includes(to) && /approv/i.test(m.subject));
    if (approvals.length >= count) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const link = approvals.at(-1)?.links.find((l) => l.includes('/approvals/'));
  if (!link) throw new Error(`no approval link in the email to ${to}`);
  return link;
}

/** What the manager's browser does: GET the confirmation page, then POST its form. */
export async function clickApproval(link: string, decision: 'approve' | 'decline', comment = '') {
  const page = await fetch(link);
  const html = await page.text();
  const url = new URL(link);
  const token = url.searchParams.get('token') ?? '';
  const response = await fetch(new URL(url.pathname, url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, decision, comment }).toString(),
  });
  return { getStatus: page.status, getHtml: html, postStatus: response.status, postHtml: await response.text() };
}

export const rubricScores = (levels: [number, number, number, number]) => [
  { criterion: 'architecture-design', level: levels[0] },
  { criterion: 'security', level: levels[1] },
  { criterion: 'cost-optimisation', level: levels[2] },
  { criterion: 'communication', level: levels[3] },
];

export async function submitReport(app: TestApp, personId: string, journeyId: string) {
  return app.graphql(
    personId,
    `mutation($input: SubmitEvidenceInput!) { submitEvidence(input: $input) {
      __typename ... on CertiflowError { code message path } ... on MutationSubmitEvidenceSuccess { data { stage } } } }`,
    {
      input: {
        journeyId,
        format: 'WRITTEN_REPORT',
        title: 'Multi-region order platform',
        content: 'Design of an active-active order platform across two regions, with cost model and threat model.',
        reflection: 'I learned to justify consistency trade-offs to product owners.',
      },
    },
  );
}

export async function score(app: TestApp, assessorId: string, journeyId: string, levels: [number, number, number, number]) {
  return app.graphql(
    assessorId,
    `mutation($input: ScoreSubmissionInput!) { scoreSubmission(input: $input) {
      __typename ... on CertiflowError { code message path } ... on MutationScoreSubmissionSuccess { data { stage } } } }`,
    { input: { journeyId, scores: rubricScores(levels), comment: 'Clear trade-off analysis.' } },
  );
}

/** Every member of the current panel scores, each with their own levels (or the same for all). */
export async function scoreByPanel(
  app: TestApp,
  client: Client,
  journeyId: string,
  levels: [number, number, number, number] | [number, number, number, number][],
) {
  // A first assessment and a re-certification review are both scored by the panel of the moment.
  const state = await waitForStage(client, journeyId, ['awaiting_assessment', 'recertification_review']);
  await readModelCaughtUp(app, state);
  const panel = state.panel ?? [];
  const results = [];
  for (const [i, member] of panel.entries()) {
    const memberLevels = Array.isArray(levels[0]) ? (levels as [number, number, number, number][])[i]! : (levels as [number, number, number, number]);
    results.push(await score(app, member.id, journeyId, memberLevels));
  }
  return { panel: panel.map((m) => m.id), results };
}

/** Runs a mutation of the full lifecycle as `personId` and returns its typed result. */
export async function act(app: TestApp, personId: string, mutation: string, input: Record<string, unknown>) {
  const inputType = `${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input`;
  const successType = `Mutation${mutation[0]!.toUpperCase()}${mutation.slice(1)}Success`;
  const result = await app.graphql<Record<string, { __typename: string; code?: string; message?: string; data?: { stage: string } }>>(
    personId,
    `mutation($input: ${inputType}!) { ${mutation}(input: $input) {
      __typename ... on CertiflowError { code message path } ... on ${successType} { data { stage } } } }`,
    { input },
  );
  if (result.errors) throw new Error(`${mutation}: ${JSON.stringify(result.errors)}`);
  return result.data![mutation]!;
}

// Helpers for the full-lifecycle tests (test/workflows/lifecycle-*.test.ts).

/** Polls the workflow (its newest run) until `predicate` holds on its state; time stands still meanwhile. */
export async function waitForState(client: Client, journeyId: string, predicate: (state: JourneyState) => boolean, what: string, timeoutMs = 30_000): Promise<JourneyState> {
  const deadline = Date.now() + timeoutMs;
  let last: JourneyState | undefined;
  while (Date.now() < deadline) {
    try {
      last = await client.workflow.getHandle(journeyId).query(getJourneyQuery);
      if (predicate(last)) return last;
    } catch {
      // Between two runs of a continue-as-new the query may find no running task yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Journey ${journeyId}: ${what} not reached in ${timeoutMs} ms (last stage: ${last?.stage}, cycle ${last?.cycle})`);
}

/** The journey's audit trail in order, from the read model. */
export async function eventTypes(app: TestApp, journeyId: string): Promise<string[]> {
  const events = await app.db.prisma.journeyEvent.findMany({ where: { journeyId }, orderBy: { seq: 'asc' } });
  return events.map((e) => e.type);
}

/** Waits until the read model holds at least `count` events of `type` for the journey, and returns them. */
export async function waitForEvent(app: TestApp, journeyId: string, type: string, count = 1, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = await app.db.prisma.journeyEvent.findMany({ where: { journeyId, type }, orderBy: { seq: 'asc' } });
    if (events.length >= count) return events;
    if (Date.now() > deadline) throw new Error(`Journey ${journeyId}: ${count} ${type} event(s) not recorded in ${timeoutMs} ms (found ${events.length})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Enrols `personId` and has the manager approve by the link in the newest approval email. */
export async function enrolAndApprove(app: TestApp, client: Client, personId: string, managerEmail = 'maya@example.com', approvalEmails = 1) {
  const { journeyId } = await enroll(app, personId);
  await waitForStage(client, journeyId, 'awaiting_manager_approval');
  const click = await clickApproval(await approvalLinkFor(app, managerEmail, approvalEmails), 'approve');
  if (click.postStatus !== 200) throw new Error(`approval POST answered ${click.postStatus}`);
  return waitForStage(client, journeyId, 'awaiting_submission');
}

/**
 * The id of the journey's newest run once it is no longer `previousRunId`: after a continue-as-new or a
 * re-enrolment. It asks with describe, not a query: on the time-skipping test server a query that reaches
 * a run while it closes by continue-as-new can hang for a minute or more.
 */
export async function waitForNewRun(client: Client, journeyId: string, previousRunId: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { runId, status } = await client.workflow.getHandle(journeyId).describe();
    if (runId !== previousRunId && status.name === 'RUNNING') return runId;
    if (Date.now() > deadline) throw new Error(`Journey ${journeyId}: no run after ${previousRunId} in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Enrolment to credential: approval, a written report, and a panel that passes it. Returns the id of
 * the run that holds the credential (the certification run continues as new once it is issued).
 */
export async function certifyCandidate(app: TestApp, client: Client, personId: string, approvalEmails = 1): Promise<{ journeyId: string; runId: string }> {
  const { journeyId } = await enrolAndApprove(app, client, personId, 'maya@example.com', approvalEmails);
  const { runId: certificationRun } = await client.workflow.getHandle(journeyId).describe();
  const issued = (await app.db.prisma.journeyEvent.count({ where: { journeyId, type: 'credential_issued' } })) + 1;
  const submitted = await submitReport(app, personId, journeyId);
  if ((submitted.data as { submitEvidence?: { __typename: string } })?.submitEvidence?.__typename !== 'MutationSubmitEvidenceSuccess') {
    throw new Error(`submitEvidence failed: ${JSON.stringify(submitted)}`);
  }
  await scoreByPanel(app, client, journeyId, [4, 3, 3, 3]);
  await waitForEvent(app, journeyId, 'credential_issued', issued);
  return { journeyId, runId: await waitForNewRun(client, journeyId, certificationRun) };
}

/** Lighter re-certification evidence: a reflective write-up. */
export function submitRecertification(app: TestApp, personId: string, journeyId: string) {
  return act(app, personId, 'submitEvidence', {
    journeyId,
    format: 'REFLECTIVE_WRITE_UP',
    title: 'Two years of cloud architecture practice',
    content: 'Led the move of the billing platform to managed queues; ran two design reviews a quarter.',
    reflection: 'I now write the cost model before the diagram, and review threat models with the security team.',
  });
}

/** Event counts of every run of a workflow, oldest first, following continue-as-new back to the first run. */
export async function historyLengthsByRun(client: Client, workflowId: string): Promise<number[]> {
  const lengths: number[] = [];
  let runId: string | undefined;
  do {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    lengths.unshift(history.events?.length ?? 0);
    runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  } while (runId);
  return lengths;
}

/** Waits until an email to `to` with a subject matching `subject` has arrived, and returns the newest. */
export async function waitForEmail(app: TestApp, to: string, subject: RegExp, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = app.smtp.messages().filter((m) => m.to.includes(to) && subject.test(m.subject));
    if (found.length > 0) return found.at(-1)!;
    if (Date.now() > deadline) throw new Error(`no email to ${to} matching ${subject} in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
