import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveApprovalToken } from '../../services/approval-links.js';
import { ErrorCode } from '../../domain/errors.js';
import { createApiServer } from '../../http/app.js';
import { createApprovalService } from '../../services/approvals.js';
import { createServices } from '../../services/index.js';
import { getJourneyQuery } from '../../workflows/journey/messages.js';
import { useTestApp } from '../harness/fixture.js';
import { approvalLinkFor, enroll, waitForStage } from '../harness/journey-driver.js';

// Hostile and mistaken uses of a manager's approval link, each through the real HTTP route (or the
// signed-in GraphQL path) against a journey that really waits on the Temporal dev server. In every
// case: no decision, a page (or typed error) that says why, and an audit row with the outcome.
// The emailed link is a bearer credential: whoever holds it is taken to be the approver. Identity is
// checked where there is one: the signed-in path, and a link use that names the person using it.

let worker: Worker;
let running: Promise<void>;
let later: { server: Server; baseUrl: string };
let journeyId: string;
let link: URL;
let approvalId: string;
let token: string;

interface Answer {
  status: number;
  html: string;
}

async function request(url: string | URL, method: 'GET' | 'HEAD' | 'POST', form?: Record<string, string>): Promise<Answer> {
  const response = await fetch(url, {
    method,
    ...(form ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() } : {}),
  });
  return { status: response.status, html: await response.text() };
}

/** The link's URL with another id, token or base; the pathname is left as given (not re-encoded). */
const linkWith = ({ base = app.baseUrl, id = encodeURIComponent(approvalId), tokenValue = token } = {}) => `${base}/approvals/${id}?token=${encodeURIComponent(tokenValue)}`;

/** Runs `act` and returns the audit rows it wrote. */
async function audited<T>(act: () => Promise<T>): Promise<{ result: T; audit: { approvalId: string | null; method: string; outcome: string; detail: string }[] }> {
  const before = new Set((await app.db.prisma.linkAudit.findMany({ select: { id: true } })).map((r) => r.id));
  const result = await act();
  const audit = (await app.db.prisma.linkAudit.findMany({ orderBy: { at: 'asc' } })).filter((r) => !before.has(r.id));
  return { result, audit };
}

async function expectNoDecision(): Promise<void> {
  const state = await env.client.workflow.getHandle(journeyId).query(getJourneyQuery);
  expect(state.stage).toBe('awaiting_manager_approval');
  expect(state.approval?.decision).toBeUndefined();
  expect(await app.db.prisma.approval.findUniqueOrThrow({ where: { id: approvalId } })).toMatchObject({ decidedAt: null, decision: null });
  expect(await app.db.prisma.journeyEvent.count({ where: { journeyId, type: { in: ['manager_approved', 'manager_declined'] } } })).toBe(0);
}

const refusedPage = (heading: string) => expect.stringMatching(new RegExp(`<h1>${heading}</h1>[\\s\\S]*Nothing was changed`));

const { env, app } = useTestApp({ temporal: 'dev-server' });
beforeAll(async () => {
  worker = await app.startWorker();
  running = worker.run();
  ({ journeyId } = await enroll(app, 'jordan'));
  await waitForStage(env.client, journeyId, 'awaiting_manager_approval');
  link = new URL(await approvalLinkFor(app, 'maya@example.com'));
  approvalId = decodeURIComponent(link.pathname.split('/').pop()!);
  token = link.searchParams.get('token')!;
  // The same API eight days on, when the link (valid for seven) has expired.
  const services = createServices({ prisma: app.db.prisma, client: env.client, taskQueue: app.taskQueue, linkSecret: app.config.APPROVAL_LINK_SECRET });
  const approvals = createApprovalService({ prisma: app.db.prisma, client: env.client, now: () => new Date(Date.now() + 8 * 86_400_000) });
  const server = createApiServer({ services: { ...services, approvals }, jwtSecret: app.config.AUTH_JWT_SECRET, production: false });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  later = { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
});

afterAll(async () => {
  await new Promise<void>((resolve) => (later?.server ? later.server.close(() => resolve()) : resolve()));
  worker?.shutdown();
  await running;
});

describe('approval links under attack', () => {
  it('lets a link scanner GET and HEAD the link: the confirmation page, nothing decided, both audited', async () => {
    const { result: get, audit: getAudit } = await audited(() => request(link, 'GET'));
    expect(get.status).toBe(200);
    expect(get.html).toContain("Approve Jordan Lee's enrolment?");
    expect(get.html).toContain('Nothing is decided until you press a button');
    expect(get.html).not.toContain('<script');
    const { result: head, audit: headAudit } = await audited(() => request(link, 'HEAD'));
    expect([head.status, head.html]).toEqual([200, '']);
    expect([...getAudit, ...headAudit].map((a) => [a.method, a.outcome])).toEqual([['GET', 'viewed'], ['HEAD', 'viewed']]);
    await expectNoDecision();
  });

  it.each([
    { what: 'a forged token (right id, another secret)', method: 'GET' as const, url: () => linkWith({ tokenValue: deriveApprovalToken('not-the-server-secret-at-all', approvalId) }) },
    { what: 'a forged token posted', method: 'POST' as const, url: () => linkWith({ tokenValue: deriveApprovalToken('not-the-server-secret-at-all', approvalId) }) },
    { what: "another approval's genuine token", method: 'POST' as const, url: () => linkWith({ tokenValue: deriveApprovalToken(app.config.APPROVAL_LINK_SECRET, 'another-approval') }) },
    { what: 'a tampered id with the right token', method: 'POST' as const, url: () => linkWith({ id: `${approvalId.slice(0, -1)}${approvalId.endsWith('0') ? '1' : '0'}` }) },
    { what: 'a mangled id that is not valid percent-encoding', method: 'GET' as const, url: () => linkWith({ id: `${approvalId}%E0%A4%A` }) },
    { what: 'no token at all', method: 'GET' as const, url: () => `${app.baseUrl}/approvals/${approvalId}` },
  ])('refuses $what: 404 "not valid", nothing decided, audited LINK_INVALID', async ({ method, url }) => {
    const { result, audit } = await audited(() => request(url(), method, method === 'POST' ? { token: new URL(url()).searchParams.get('token') ?? '', decision: 'approve' } : undefined));
    expect(result.status).toBe(404);
    expect(result.html).toEqual(refusedPage('This link is not valid'));
    expect(audit.map((a) => [a.method, a.outcome])).toEqual([[method, ErrorCode.LinkInvalid]]);
    await expectNoDecision();
  });

  it('refuses the link after it expired, to GET and POST: 410, nothing decided, audited LINK_EXPIRED', async () => {
    const expiredLink = linkWith({ base: later.baseUrl });
    const { result: get, audit: getAudit } = await audited(() => request(expiredLink, 'GET'));
    const { result: post, audit: postAudit } = await audited(() => request(expiredLink, 'POST', { token, decision: 'approve' }));
    for (const answer of [get, post]) {
      expect(answer.status).toBe(410);
      expect(answer.html).toEqual(refusedPage('This link has expired'));
    }
    expect([...getAudit, ...postAudit].map((a) => [a.method, a.outcome])).toEqual([['GET', ErrorCode.LinkExpired], ['POST', ErrorCode.LinkExpired]]);
    await expectNoDecision();
  });

  it('refuses the link of a manager who has left: 404 "not valid", nothing decided, audited LINK_INVALID', async () => {
    const leftAt = new Date();
    await app.db.prisma.person.update({ where: { id: 'maya' }, data: { leftAt } });
    try {
      const { result, audit } = await audited(() => request(link, 'POST', { token, decision: 'approve' }));
      expect(result.status).toBe(404);
      expect(audit.map((a) => [a.method, a.outcome])).toEqual([['POST', ErrorCode.LinkInvalid]]);
      await expectNoDecision();
    } finally {
      await app.db.prisma.person.update({ where: { id: 'maya' }, data: { leftAt: null } });
    }
  });

  it('refuses someone else: signed in as HR deciding the request, or using the link as another person', async () => {
    const mutation = `mutation($input: DecideApprovalInput!) { decideApproval(input: $input) {
      __typename ... on CertiflowError { code message } } }`;
    const { result, audit } = await audited(() => app.graphql<{ decideApproval: { __typename: string; code: string; message: string } }>('hana', mutation, { input: { approvalId, decision: 'APPROVE' } }));
    expect(result.data?.decideApproval).toMatchObject({ __typename: 'CertiflowError', code: ErrorCode.Forbidden, message: expect.stringMatching(/only the approver/i) });
    expect(audit.map((a) => [a.method, a.outcome, a.detail.split(':')[0]])).toEqual([['PORTAL', ErrorCode.Forbidden, 'hana']]);

    const services = createApprovalService({ prisma: app.db.prisma, client: env.client });
    const asHana = await audited(() => services.decide({ approvalId, token, method: 'POST' }, 'approve', undefined, 'hana'));
    expect(asHana.result).toMatchObject({ ok: false, error: { code: ErrorCode.LinkMismatch, message: expect.stringMatching(/sent to someone else/) } });
    expect(asHana.audit.map((a) => [a.method, a.outcome])).toEqual([['POST', ErrorCode.LinkMismatch]]);
    await expectNoDecision();
  });

  it('takes the manager\'s decision once; a replay of the link or a second decision changes nothing and is audited', async () => {
    const { result: decided } = await audited(() => request(link, 'POST', { token, decision: 'approve', comment: 'Go for it' }));
    expect(decided.status).toBe(200);
    expect(decided.html).toContain('You approved Jordan Lee');
    await waitForStage(env.client, journeyId, 'awaiting_submission');

    const replays = await audited(async () => [
      await request(link, 'POST', { token, decision: 'decline' }),
      await request(link, 'GET'),
      await request(link, 'HEAD'),
    ]);
    for (const replay of replays.result) expect(replay.status).toBe(409);
    expect(replays.result[0]!.html).toEqual(refusedPage('This link was already used'));
    expect(replays.audit.map((a) => [a.method, a.outcome])).toEqual([['POST', ErrorCode.LinkUsed], ['GET', ErrorCode.LinkUsed], ['HEAD', ErrorCode.LinkUsed]]);
    const mutation = `mutation($input: DecideApprovalInput!) { decideApproval(input: $input) { __typename ... on CertiflowError { code } } }`;
    const again = await audited(() => app.graphql<{ decideApproval: { code: string } }>('maya', mutation, { input: { approvalId, decision: 'DECLINE' } }));
    expect(again.result.data?.decideApproval.code).toBe(ErrorCode.ApprovalAlreadyDecided);
    expect(again.audit.map((a) => [a.method, a.outcome])).toEqual([['PORTAL', ErrorCode.ApprovalAlreadyDecided]]);

    // One decision, as first given, everywhere it is kept.
    expect(await app.db.prisma.approval.findUniqueOrThrow({ where: { id: approvalId } })).toMatchObject({ decision: 'approved', comment: 'Go for it' });
    expect(await app.db.prisma.journeyEvent.count({ where: { journeyId, type: { in: ['manager_approved', 'manager_declined'] } } })).toBe(1);
    const state = await env.client.workflow.getHandle(journeyId).query(getJourneyQuery);
    expect(state.approval?.decision).toBe('approved');
  });
});
