import type { JourneyGate } from './journeys.js';
import type { PrismaClient } from '../prisma/client.js';
import type { Viewer } from '../domain/viewer.js';
import { canSeeJourney, isHrViewer, type JourneyParties, type ScoreParties, canSeeScores, sitsOnAppeal } from '../domain/access.js';

/** What an access rule needs to know: who asks, and the read model to look up their part in a journey. */
export interface AccessContext {
  prisma: PrismaClient;
  viewer: Viewer | null;
}

/** A journey's people and program, as the read model knows them: what access and anonymity decide on. */
export interface JourneyPartiesRow {
  id: string;
  programId: string;
  candidateId: string;
  mentorId: string | null;
  assessorId: string | null;
  panel: string[];
}

// One read per request and journey: an action's anonymity check and its gate ask about the same row. The
// row the request first read decides for all of it, even for a second mutation in the same operation
// after the first changed the journey's people: the read model catches up with the workflow only after
// its activity runs anyway, and the workflow checks every action against its own state. A failed read
// is not kept, so it fails that check alone.
const partiesRead = new WeakMap<AccessContext, Map<string, Promise<JourneyPartiesRow | null>>>();

/** The journey's parties, read once per request (`ctx`); null for a journey the read model does not hold. */
export function journeyParties(ctx: AccessContext, journeyId: string): Promise<JourneyPartiesRow | null> {
  const known = partiesRead.get(ctx) ?? new Map<string, Promise<JourneyPartiesRow | null>>();
  partiesRead.set(ctx, known);
  const read =
    known.get(journeyId) ??
    ctx.prisma.journey.findUnique({ where: { id: journeyId }, select: { id: true, programId: true, candidateId: true, mentorId: true, assessorId: true, panel: true } });
  if (!known.has(journeyId)) read.catch(() => known.delete(journeyId));
  known.set(journeyId, read);
  return read;
}

// Who may see which journey data. Kept apart from resolvers so the rules read in one place; the
// permission matrix (test/graphql/permissions.test.ts) exercises every role against them.
//
//   journey:   HR (admin, hr, program owner), the candidate, their manager, their mentor, the assessor or
//              a member of the current panel, committee members reviewing one of its appeals, and the
//              committee member asked to moderate its assessment
//   scores:    HR, the candidate, the assessors who decided (assessor, panel, moderator), and committee
//              members reviewing an appeal against that assessment; never managers or mentors
//   appeals:   HR, the candidate, and the committee members sitting on that appeal
//   development: HR, the candidate, their manager and their mentor (check-in notes, the learning plan)
//   private:   HR and the candidate (why the journey ended, and in the audit trail scores, rationales,
//              grounds and the reasons people give); approval ids in the audit trail: HR only
//   contact:   email for HR, the person and their manager; roles for HR and the person
//   evidence files: HR, the candidate, the assessor, the current panel, the requested moderator and
//              committee members on one of its appeals; never managers or mentors







/** canSeeJourney, plus committee members sitting on one of the journey's appeals or asked to moderate it. */
export async function journeyVisible(ctx: AccessContext, journey: JourneyParties & { id: string }): Promise<boolean> {
  const viewer = ctx.viewer;
  if (canSeeJourney(viewer, journey)) return true;
  if (!viewer || !sitsOnAppeal(viewer)) return false;
  if ((await ctx.prisma.appeal.count({ where: { journeyId: journey.id, reviewers: { has: viewer.personId } } })) > 0) return true;
  return isRequestedModerator(ctx, journey.id);
}

/**
 * Who may act on a journey: first of all someone who may see it. Actions go through this gate before the
 * workflow is asked, so anyone else is answered NOT_FOUND exactly as for a missing journey, never told
 * its stage or that it exists (services/journeys.ts).
 */
export const journeyGate = (ctx: AccessContext): JourneyGate => ({ allows: (journey) => journeyVisible(ctx, journey), parties: (id) => journeyParties(ctx, id) });

/**
 * Revocation: committee members may act on any journey holding an active credential, which they see
 * listed in activeCredentials anyway; the workflow then checks their term.
 */
export const revocationGate = (ctx: AccessContext): JourneyGate => ({
  async allows(journey) {
    if (await journeyVisible(ctx, journey)) return true;
    if (!ctx.viewer || !sitsOnAppeal(ctx.viewer)) return false;
    return (await ctx.prisma.credential.count({ where: { journeyId: journey.id, status: 'active' } })) > 0;
  },
  parties: (id) => journeyParties(ctx, id),
});

/**
 * The committee member asked to moderate the journey's assessment when its panel disagreed (named by a
 * moderation_requested event). They see the journey and the panel's scores, which they need to moderate.
 */
export async function isRequestedModerator(ctx: AccessContext, journeyId: string): Promise<boolean> {
  const viewer = ctx.viewer;
  if (!viewer || !sitsOnAppeal(viewer)) return false;
  const requests = await ctx.prisma.journeyEvent.count({
    where: { journeyId, type: 'moderation_requested', data: { path: ['moderatorId'], equals: viewer.personId } },
  });
  return requests > 0;
}

/**
 * An uploaded evidence file (GET /evidence/<submissionId>): HR, the candidate, the journey's assessor and
 * current panel, the committee member asked to moderate it, and committee members on one of its appeals.
 * The people who judge the work, not every onlooker: managers and mentors see that evidence was submitted
 * (its title, format and file name) but not the file, which may be video of the candidate.
 */
export async function evidenceFileVisible(ctx: AccessContext, journey: Omit<JourneyParties, 'mentorId'> & { id: string }): Promise<boolean> {
  const viewer = ctx.viewer;
  if (!viewer) return false;
  const me = viewer.personId;
  if (isHrViewer(viewer) || me === journey.candidateId || me === journey.assessorId || (journey.panel ?? []).includes(me)) return true;
  if (!sitsOnAppeal(viewer)) return false;
  if ((await ctx.prisma.appeal.count({ where: { journeyId: journey.id, reviewers: { has: me } } })) > 0) return true;
  return isRequestedModerator(ctx, journey.id);
}

/** canSeeScores, plus committee members reviewing an appeal against this assessment. */
export async function assessmentScoresVisible(ctx: AccessContext, assessmentId: string, parties: ScoreParties): Promise<boolean> {
  const viewer = ctx.viewer;
  if (canSeeScores(viewer, parties)) return true;
  if (!viewer || !sitsOnAppeal(viewer)) return false;
  return (await ctx.prisma.appeal.count({ where: { assessmentId, reviewers: { has: viewer.personId } } })) > 0;
}





/** Appeals of a journey the viewer may see, as a Prisma filter: all, or only those they sit on. */
export function appealFilter(viewer: Viewer | null, journey: Pick<JourneyParties, 'candidateId'>): { reviewers?: { has: string } } {
  if (viewer && (isHrViewer(viewer) || viewer.personId === journey.candidateId)) return {};
  return { reviewers: { has: viewer?.personId ?? '' } };
}

/** Email: HR, the person and their manager. */
export function canSeeContactDetails(ctx: AccessContext, personId: string): boolean {
  const viewer = ctx.viewer;
  return !!viewer && (isHrViewer(viewer) || viewer.personId === personId || viewer.reportIds.includes(personId));
}

/** Roles: HR and the person. */
export function canSeeRoles(ctx: AccessContext, personId: string): boolean {
  const viewer = ctx.viewer;
  return !!viewer && (isHrViewer(viewer) || viewer.personId === personId);
}

/** Personal settings (the celebration opt-in): the person only, not even HR. */
export function canSeeOwnSettings(ctx: AccessContext, personId: string): boolean {
  return ctx.viewer?.personId === personId;
}

/**
 * Panel scores stay independent: an assessor sees their own at once and the others' only when the whole
 * panel has scored; the candidate once the round is decided; the moderator asked to settle the panel's
 * disagreement; HR always; managers and mentors never. "The panel" is the round's own: a reassessment
 * draws a new panel for the same submission, which must not read the first panel's scores and comments
 * (the first decision's rationale quotes them) before scoring, as Assessment.scores already keeps from it.
 */
export async function panelScoreVisible(ctx: AccessContext, score: { journeyId: string; submissionId: string; round: number; assessorId: string }) {
  const viewer = ctx.viewer;
  if (!viewer) return false;
  if (isHrViewer(viewer) || viewer.personId === score.assessorId) return true;
  const journey = await ctx.prisma.journey.findUnique({ where: { id: score.journeyId }, select: { candidateId: true, panel: true, panelRound: true } });
  if (!journey) return false;
  const round = { journeyId: score.journeyId, submissionId: score.submissionId, round: score.round };
  const decision = await ctx.prisma.assessment.findFirst({ where: round, select: { panel: true } });
  if (viewer.personId === journey.candidateId) return decision !== null;
  // A decided round's panel is on its assessment; an undecided one is the current panel, if current.
  const roundPanel = decision ? decision.panel : score.round === journey.panelRound ? journey.panel : [];
  if (!roundPanel.includes(viewer.personId) && !(await isRequestedModerator(ctx, score.journeyId))) return false;
  if (decision) return true;
  const scored = await ctx.prisma.panelScore.count({ where: { submissionId: score.submissionId, round: score.round } });
  return roundPanel.length > 0 && scored >= roundPanel.length;
}

/** Whether the viewer may see the journey with this id (false for one that does not exist). */
export async function journeyVisibleById(ctx: AccessContext, journeyId: string): Promise<boolean> {
  const journey = await ctx.prisma.journey.findUnique({ where: { id: journeyId }, select: { id: true, candidateId: true, assessorId: true, mentorId: true, panel: true } });
  return journey !== null && (await journeyVisible(ctx, journey));
}

/** Who is acting on a journey: committee powers need a committee term current now, not just the role. */
export async function actingAs(ctx: AccessContext & { viewer: Viewer }): Promise<{ actorId: string; isHr: boolean; isCommittee: boolean }> {
  const now = new Date();
  const activeTerms = await ctx.prisma.committeeTerm.count({ where: { personId: ctx.viewer.personId, startsOn: { lte: now }, endsOn: { gt: now } } });
  return { actorId: ctx.viewer.personId, isHr: isHrViewer(ctx.viewer), isCommittee: activeTerms > 0 };
}
