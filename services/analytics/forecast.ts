import { FINAL_STAGES, JourneyStage } from '../../domain/journey.js';
import type { PrismaClient } from '../../prisma/client.js';
import { DEFAULT_MIN_GROUP_SIZE } from './program.js';
import { DAY_MS, median, percentile } from './stats.js';

// A candidate's forecast: the steps of the pathway's published progression still ahead, and when they
// are likely to be certified. The range (p25–p75) comes from how long similar past candidates (same
// pathway, certified) took from the candidate's current stage to their credential, scaled by the
// candidate's own pace so far (their time to reach this stage against the peers' median). With fewer
// peers than the minimum group size, only the candidate's own pace is used, with a ±25% range.

export type ForecastBasis = 'peers' | 'own_pace' | 'none';
export type ForecastStatus = 'in_progress' | 'certified' | 'ended';

export interface PeerRecord {
  enrolledAt: Date;
  /** First time the peer was in each stage. */
  reachedAt: Partial<Record<string, Date>>;
  certifiedAt: Date;
}

export interface ForecastInput {
  now: Date;
  stage: string;
  enrolledAt: Date;
  /** When the candidate entered their current stage. */
  stageEnteredAt: Date;
  progression: readonly string[];
  peers: readonly PeerRecord[];
  minPeers?: number;
}

export interface JourneyForecast {
  status: ForecastStatus;
  stepsDone: number;
  stepsTotal: number;
  remaining: string[];
  basis: ForecastBasis;
  /** Peers the range is drawn from (0 unless basis is "peers"). */
  peers: number;
  /** The candidate's time to reach this stage over the peers' median time (1 = typical; clamped 0.5–2). */
  pace: number | null;
  earliest: Date | null;
  expected: Date | null;
  latest: Date | null;
}

const CERTIFIED: readonly string[] = [JourneyStage.Certified, JourneyStage.RecertificationDue, JourneyStage.RecertificationReview];
const PACE_LIMITS = [0.5, 2] as const;
/** Days of a journey's own history before its pace is taken as a forecast. */
const MIN_OWN_PACE_DAYS = 14;
const OWN_PACE_SPREAD = 0.25;

/**
 * Steps of the progression completed at a stage. The published progressions share a shape: enrolment
 * steps first (enrol, manager approval), then the pathway's own preparation and submission steps, then
 * the last three (panel scoring, decision and appeal window, credential).
 */
export function stepsDoneAt(stage: string, total: number): number {
  const clamp = (n: number) => Math.max(0, Math.min(total, n));
  switch (stage) {
    case JourneyStage.Enrolled:
    case JourneyStage.AwaitingManagerApproval:
      return clamp(1);
    case JourneyStage.AwaitingSubmission:
    case JourneyStage.Paused:
      return clamp(2);
    case JourneyStage.AwaitingAssessment:
    case JourneyStage.InModeration:
      return clamp(total - 3);
    case JourneyStage.AppealWindow:
    case JourneyStage.UnderAppeal:
      // Scored; the decision stands open until the appeal window closes or the appeal is decided.
      return clamp(total - 2);
    default:
      return CERTIFIED.includes(stage) ? total : 0;
  }
}

const days = (from: Date, to: Date) => (to.getTime() - from.getTime()) / DAY_MS;
const addDays = (from: Date, n: number) => new Date(from.getTime() + Math.round(n * DAY_MS));
const clampPace = (pace: number) => Math.min(PACE_LIMITS[1], Math.max(PACE_LIMITS[0], pace));
/** Never in the past: a candidate slower than the range is still expected from now on. */
const notBefore = (date: Date, now: Date) => (date < now ? now : date);

export function forecastJourney(input: ForecastInput): JourneyForecast {
  const total = input.progression.length;
  const done = stepsDoneAt(input.stage, total);
  const base = { stepsDone: done, stepsTotal: total, remaining: input.progression.slice(done), peers: 0, pace: null, earliest: null, expected: null, latest: null };
  if (CERTIFIED.includes(input.stage)) return { ...base, status: 'certified', basis: 'none' };
  if (FINAL_STAGES.includes(input.stage as JourneyStage)) return { ...base, remaining: [], status: 'ended', basis: 'none' };

  const minPeers = input.minPeers ?? DEFAULT_MIN_GROUP_SIZE;
  const reach = (p: PeerRecord) => (input.stage === JourneyStage.Enrolled ? p.enrolledAt : p.reachedAt[input.stage]);
  const peers = input.peers.flatMap((p) => {
    const at = reach(p);
    return at && at <= p.certifiedAt ? [{ toStage: days(p.enrolledAt, at), toCredential: days(at, p.certifiedAt) }] : [];
  });
  if (peers.length >= minPeers) {
    const typical = median(peers.map((p) => p.toStage)) ?? 0;
    const own = days(input.enrolledAt, input.stageEnteredAt);
    const pace = typical > 0 ? clampPace(own / typical) : 1;
    const at = (p: number) => notBefore(addDays(input.stageEnteredAt, (percentile(peers.map((x) => x.toCredential), p) ?? 0) * pace), input.now);
    return { ...base, status: 'in_progress', basis: 'peers', peers: peers.length, pace: Math.round(pace * 100) / 100, earliest: at(25), expected: at(50), latest: at(75) };
  }
  // Own pace: the days per step so far, for the steps left. A few days say nothing about a pace
  // (approval often comes the same hour), so a young journey gets no date rather than "today".
  const elapsed = days(input.enrolledAt, input.now);
  if (done === 0 || elapsed < MIN_OWN_PACE_DAYS) return { ...base, status: 'in_progress', basis: 'none' };
  const left = (elapsed / done) * (total - done);
  return {
    ...base,
    status: 'in_progress',
    basis: 'own_pace',
    earliest: addDays(input.now, left * (1 - OWN_PACE_SPREAD)),
    expected: addDays(input.now, left),
    latest: addDays(input.now, left * (1 + OWN_PACE_SPREAD)),
  };
}

/** The first instant of each stage, from a journey's audit trail. */
export function firstReached(events: readonly { stage: string; at: Date }[]): Partial<Record<string, Date>> {
  const reached: Partial<Record<string, Date>> = {};
  for (const e of events) if (!reached[e.stage] || e.at < reached[e.stage]!) reached[e.stage] = e.at;
  return reached;
}

/** Loads one journey and its certified peers on the same pathway, then forecasts. */
export async function loadForecast(prisma: PrismaClient, journeyId: string, now = new Date()): Promise<JourneyForecast | null> {
  const journey = await prisma.journey.findUnique({
    where: { id: journeyId },
    select: { stage: true, enrolledAt: true, updatedAt: true, pathway: { select: { id: true, progression: true } }, events: { select: { stage: true, at: true }, orderBy: [{ at: 'desc' }, { seq: 'desc' }] } },
  });
  if (!journey) return null;
  // The current stage was entered at the oldest event of the latest run of events in that stage.
  let stageEnteredAt = journey.enrolledAt;
  for (const e of journey.events) {
    if (e.stage !== journey.stage) break;
    stageEnteredAt = e.at;
  }
  const peers = await prisma.journey.findMany({
    where: { pathwayId: journey.pathway.id, id: { not: journeyId }, credentials: { some: { cycle: 1 } } },
    select: { enrolledAt: true, credentials: { where: { cycle: 1 }, select: { issuedAt: true } }, events: { select: { stage: true, at: true } } },
  });
  return forecastJourney({
    now,
    stage: journey.stage,
    enrolledAt: journey.enrolledAt,
    stageEnteredAt,
    progression: journey.pathway.progression,
    peers: peers.map((p) => ({ enrolledAt: p.enrolledAt, reachedAt: firstReached(p.events), certifiedAt: p.credentials[0]!.issuedAt })),
  });
}
