import { JourneyStage } from '../../domain/journey.js';
import type { Inbox } from '../../mail/inbox.js';
import type { PrismaClient } from '../../prisma/client.js';
import type { AppProcesses } from './app-processes.js';
import type { ChaosCandidate } from './chaos-candidates.js';
import { rubricScores } from './journey-driver.js';

// Many journeys driven at once the way people drive them (GraphQL as the candidate and the assessors,
// the manager's approval link from the real email), while processes die and come back. Each round
// reads the read model, and every journey that waits for a person gets that person's next step.
// A step that fails (connection refused, 503, a timeout) is simply tried again in a later round; a
// step that already happened is refused by the workflow, which is how the campaign stays idempotent.

const PROGRAM_ID = 'cloud-architecture-practitioner';
const journeyIdOf = (candidateId: string) => `journey:${PROGRAM_ID}:${candidateId}`;
const FINAL: Record<ChaosCandidate['outcome'], string> = { certified: JourneyStage.Certified, declined: JourneyStage.Declined };
const ENDED = new Set<string>([JourneyStage.Certified, JourneyStage.Declined, JourneyStage.Ineligible, JourneyStage.Withdrawn, JourneyStage.NotPassed]);

export interface CampaignOptions {
  app: AppProcesses;
  prisma: PrismaClient;
  smtp: Pick<Inbox, 'messages'>;
  candidates: ChaosCandidate[];
  /** Person steps in flight at once. */
  concurrency?: number;
}

export interface CampaignStats {
  steps: number;
  /** Steps that did not go through, by reason (HTTP status, error code or network error). */
  refusals: Record<string, number>;
  /** Journeys that stopped in a stage other than the planned one. */
  wrongEnds: Record<string, string>;
}

interface Track {
  candidate: ChaosCandidate;
  journeyId: string;
  busy: boolean;
  retryAt: number;
  failures: number;
  scored: Set<string>;
}

export function createCampaign({ app, prisma, smtp, candidates, concurrency = 8 }: CampaignOptions) {
  const tracks = new Map(candidates.map((c) => [journeyIdOf(c.id), { candidate: c, journeyId: journeyIdOf(c.id), busy: false, retryAt: 0, failures: 0, scored: new Set<string>() } as Track]));
  const stats: CampaignStats = { steps: 0, refusals: {}, wrongEnds: {} };
  const done = new Set<string>();
  let inFlight = 0;

  const refuse = (reason: string) => {
    stats.refusals[reason] = (stats.refusals[reason] ?? 0) + 1;
  };

  /** Runs one person's step; anything but success is counted and retried later with a back-off. */
  async function step(track: Track, action: () => Promise<string | null>): Promise<void> {
    track.busy = true;
    inFlight += 1;
    stats.steps += 1;
    try {
      const refusal = await action();
      if (refusal) throw new Error(refusal);
      track.failures = 0;
      track.retryAt = 0;
    } catch (error) {
      // fetch says only "fetch failed"; its cause says why (ECONNREFUSED while the API is down, …).
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      refuse(cause ? `fetch failed: ${cause}` : (error as Error).message.split(':')[0]!.slice(0, 60));
      track.failures += 1;
      track.retryAt = Date.now() + Math.min(5_000, 500 * 2 ** track.failures);
    } finally {
      track.busy = false;
      inFlight -= 1;
    }
  }

  async function graphqlStep(personId: string, field: string, query: string, input: Record<string, unknown>): Promise<string | null> {
    const answer = await app.graphql<Record<string, { __typename: string; code?: string }>>(personId, query, { input });
    if (answer.errors?.length) return String(answer.errors[0]?.extensions?.code ?? answer.status);
    const result = answer.data?.[field];
    // Refused because it already happened (a retry of a step whose answer was lost): that is success.
    if (result?.__typename === 'CertiflowError' && result.code !== 'NOT_ALLOWED_IN_STAGE') return result.code ?? 'CertiflowError';
    return null;
  }

  const enroll = (track: Track) =>
    graphqlStep(track.candidate.id, 'enroll', `mutation($input: EnrollInput!) { enroll(input: $input) { __typename ... on CertiflowError { code } } }`, { programId: PROGRAM_ID, pathwayId: 'cap-portfolio' });

  const submit = (track: Track) =>
    graphqlStep(track.candidate.id, 'submitEvidence', `mutation($input: SubmitEvidenceInput!) { submitEvidence(input: $input) { __typename ... on CertiflowError { code } } }`, {
      journeyId: track.journeyId,
      format: 'WRITTEN_REPORT',
      title: 'Multi-region order platform',
      content: 'Design of an active-active order platform across two regions, with cost model and threat model.',
      reflection: 'I learned to justify consistency trade-offs to product owners.',
    });

  async function scoreAll(track: Track, panel: string[]): Promise<string | null> {
    for (const assessor of panel.filter((id) => !track.scored.has(id))) {
      const refusal = await graphqlStep(assessor, 'scoreSubmission', `mutation($input: ScoreSubmissionInput!) { scoreSubmission(input: $input) { __typename ... on CertiflowError { code } } }`, {
        journeyId: track.journeyId,
        scores: rubricScores([4, 3, 3, 3]),
        comment: 'Clear trade-off analysis.',
      });
      if (refusal) return refusal;
      track.scored.add(assessor);
    }
    return null;
  }

  // Each manager's browser is its own machine behind the company's proxy (loopback here): with the API's
  // TRUST_PROXY set to loopback, the link pages' per-address limit sees one address per manager, as in
  // production, instead of one address for the whole campaign. (Documentation range: never contacted.)
  const browsers = new Map<string, string>();
  const browserOf = (track: Track) => {
    if (!browsers.has(track.candidate.id)) browsers.set(track.candidate.id, `198.51.100.${(browsers.size % 250) + 1}`);
    return { 'x-forwarded-for': browsers.get(track.candidate.id)! };
  };

  /** The manager's browser: GET the page from the email's link, then POST its form. */
  async function decide(track: Track, approvalId: string): Promise<string | null> {
    const link = smtp.messages().flatMap((m) => m.links).find((l) => l.includes(`/approvals/${encodeURIComponent(approvalId)}?`));
    if (!link) return 'approval email not arrived';
    const page = await fetch(link, { headers: browserOf(track), signal: AbortSignal.timeout(30_000) });
    await page.text();
    // 409: the link was used, by an earlier attempt whose answer was lost.
    if (page.status === 409) return null;
    if (page.status !== 200) return `approval page ${page.status}`;
    const url = new URL(link);
    const decision = track.candidate.outcome === 'declined' ? 'decline' : 'approve';
    const response = await fetch(new URL(url.pathname, url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...browserOf(track) },
      body: new URLSearchParams({ token: url.searchParams.get('token') ?? '', decision }).toString(),
      signal: AbortSignal.timeout(60_000),
    });
    await response.text();
    return response.status === 200 || response.status === 409 ? null : `approval POST ${response.status}`;
  }

  /** One round: read where every journey stands and start the next person step for each that waits. */
  async function round(pauseAt: string | undefined, paused: Set<string>): Promise<void> {
    const open = [...tracks.values()].filter((t) => !done.has(t.journeyId) && !paused.has(t.journeyId));
    const rows = await prisma.journey.findMany({ where: { id: { in: open.map((t) => t.journeyId) } }, select: { id: true, stage: true, panel: true } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const approvals = await prisma.approval.findMany({ where: { journeyId: { in: rows.filter((r) => r.stage === JourneyStage.AwaitingManagerApproval).map((r) => r.id) }, decidedAt: null }, orderBy: { createdAt: 'desc' } });
    for (const track of open) {
      const row = byId.get(track.journeyId);
      if (row && ENDED.has(row.stage)) {
        done.add(track.journeyId);
        if (row.stage !== FINAL[track.candidate.outcome]) stats.wrongEnds[track.journeyId] = row.stage;
        continue;
      }
      if (row && row.stage === pauseAt) {
        paused.add(track.journeyId);
        continue;
      }
      if (track.busy || Date.now() < track.retryAt || inFlight >= concurrency) continue;
      const approval = approvals.find((a) => a.journeyId === track.journeyId);
      if (!row) void step(track, () => enroll(track));
      else if (row.stage === JourneyStage.AwaitingManagerApproval && approval) void step(track, () => decide(track, approval.id));
      else if (row.stage === JourneyStage.AwaitingSubmission) void step(track, () => submit(track));
      else if (row.stage === JourneyStage.AwaitingAssessment && row.panel.length > 0) void step(track, () => scoreAll(track, row.panel));
    }
  }

  return {
    stats,
    finished: () => done.size,
    /** A candidate's step outside the rounds, to stage a fault right after it; null when it went through. */
    act(candidateId: string, what: 'enroll' | 'submit'): Promise<string | null> {
      const track = tracks.get(journeyIdOf(candidateId));
      if (!track) throw new Error(`${candidateId} is not in this campaign`);
      return what === 'enroll' ? enroll(track) : submit(track);
    },
    /**
     * Rounds every `intervalMs` until every journey has ended (or reached `pauseAt`, to stage a fault
     * there) or `timeoutMs` passes.
     */
    async run({ timeoutMs, intervalMs = 500, pauseAt, progress }: { timeoutMs: number; intervalMs?: number; pauseAt?: string; progress?: (line: string) => void }): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      const paused = new Set<string>();
      let reportedAt = Date.now();
      while (done.size + paused.size < tracks.size) {
        if (progress && Date.now() - reportedAt > 10_000) {
          reportedAt = Date.now();
          const stages = await prisma.journey.groupBy({ by: ['stage'], where: { id: { in: [...tracks.keys()] } }, _count: { _all: true } }).catch(() => []);
          progress(`${done.size}/${tracks.size} ended; ${stages.map((s) => `${s.stage} ${s._count._all}`).join(', ')}; refusals ${JSON.stringify(stats.refusals)}`);
        }
        if (Date.now() > deadline) {
          const stuck = [...tracks.keys()].filter((id) => !done.has(id) && !paused.has(id));
          throw new Error(`${stuck.length} of ${tracks.size} journeys not finished in ${timeoutMs / 1000} s, e.g. ${stuck.slice(0, 5).join(', ')}`);
        }
        // The database may be away too (outage tests): a round that cannot read simply comes again.
        await round(pauseAt, paused).catch((error: unknown) => refuse(`read model: ${(error as Error).name}`));
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
      while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    },
  };
}
