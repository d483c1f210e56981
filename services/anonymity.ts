import { isHrViewer, sitsOnAppeal } from '../domain/access.js';
import { formatAllowsAnonymity } from '../domain/anonymity.js';
import type { ProgramDocument } from '../programs/document.js';
import { type AccessContext, isRequestedModerator, journeyParties, journeyVisible } from './access.js';
import { keyedDigest } from './keyed-digests.js';

// Anonymised assessment (program option panel.anonymised, docs/security.md "Anonymised assessment"):
// the people who judge the work see a pseudonym instead of the candidate, so the name, department and
// manager cannot sway the scores. Only where the format allows: a video or a live demonstration shows
// the person, and pretending otherwise would only mislead the assessor.

/** What the decision needs to know of a journey. */
export interface AnonymityParties {
  id: string;
  candidateId: string;
  mentorId: string | null;
  assessorId: string | null;
  panel: string[];
}

// Keyed with a server secret the assessor never holds, so the pseudonym cannot be computed back from
// journey ids; the label changes meaning nowhere else (it is shown, never looked up).
const digest = (value: string) => keyedDigest('candidate-pseudonym', value);

/** A stable label for the journey's candidate, e.g. "Candidate 7F3A". */
export function candidatePseudonym(journeyId: string): string {
  return `Candidate ${digest(journeyId).slice(0, 4).toUpperCase()}`;
}

/** The id an anonymised candidate's Person object carries instead of theirs. */
export function anonymousPersonId(journeyId: string): string {
  return `anonymous:${digest(`person:${journeyId}`).slice(0, 16)}`;
}

/**
 * The id a journey goes by for someone who judges it anonymised. A journey's own id names its candidate
 * (domain/workflow-ids.ts), so the API never shows it to them and does not take it from them either:
 * otherwise trying the ids of people in the directory would tell whose work it is.
 */
export function journeyAlias(journeyId: string): string {
  return `${JOURNEY_ALIAS_PREFIX}${digest(`journey:${journeyId}`).slice(0, 20)}`;
}

const JOURNEY_ALIAS_PREFIX = 'anonymous-journey:';

export const isJourneyAlias = (id: string): boolean => id.startsWith(JOURNEY_ALIAS_PREFIX);

/**
 * The journey behind an alias, looked for among those the viewer judges (assessor, panel member, or the
 * moderator asked), which is where the alias came from; null for anyone else. An alias cannot be
 * computed back, so the journeys are few and hashed one by one.
 */
export async function journeyByAlias(ctx: AccessContext, alias: string): Promise<string | null> {
  if (!ctx.viewer || !isJourneyAlias(alias)) return null;
  const found = (await journeysJudgedBy(ctx)).find((id) => journeyAlias(id) === alias);
  if (!found) return null;
  // Only a journey they may still see (a moderator whose committee role ended may not): otherwise a
  // refusal further on would name the journey by its real id.
  const parties = await ctx.prisma.journey.findUnique({ where: { id: found }, select: { id: true, candidateId: true, mentorId: true, assessorId: true, panel: true } });
  return parties && (await journeyVisible(ctx, parties)) ? found : null;
}

/** The journeys the viewer judges or judged: as assessor, panel member, or the moderator asked. */
export async function journeysJudgedBy(ctx: AccessContext): Promise<string[]> {
  if (!ctx.viewer) return [];
  const me = ctx.viewer.personId;
  const [judged, moderated] = await Promise.all([
    ctx.prisma.journey.findMany({ where: { OR: [{ assessorId: me }, { panel: { has: me } }] }, select: { id: true } }),
    ctx.prisma.journeyEvent.findMany({
      where: { type: 'moderation_requested', data: { path: ['moderatorId'], equals: me } },
      select: { journeyId: true },
      distinct: ['journeyId'],
    }),
  ]);
  return [...new Set([...judged.map((j) => j.id), ...moderated.map((e) => e.journeyId)])];
}

/** Asked once per request and program: an assessor's list holds many journeys of few programs. */
const anonymisedPrograms = new WeakMap<AccessContext, Map<string, Promise<boolean>>>();

/**
 * Whether the program's version in effect asks for anonymised assessment: the latest applied, as for
 * enrolment (services/programs/start.ts). A version published for a later date is not in effect yet, and
 * switching the option off there must not show the panel who they are judging years before it applies.
 */
function programAnonymised(ctx: AccessContext, programId: string): Promise<boolean> {
  const known = anonymisedPrograms.get(ctx) ?? new Map<string, Promise<boolean>>();
  anonymisedPrograms.set(ctx, known);
  const answer =
    known.get(programId) ??
    ctx.prisma.programVersion
      .findFirst({ where: { programId, appliedAt: { not: null } }, orderBy: { version: 'desc' }, select: { document: true } })
      .then((version) => (version?.document as ProgramDocument | undefined)?.panel?.anonymised === true);
  known.set(programId, answer);
  return answer;
}

/** Whether the latest evidence (none yet counts as written) is in a format that hides the person. */
async function formatAllows(ctx: AccessContext, journeyId: string): Promise<boolean> {
  const latest = await ctx.prisma.submission.findFirst({ where: { journeyId }, orderBy: { submittedAt: 'desc' }, select: { format: true } });
  return !latest || formatAllowsAnonymity(latest.format);
}

/**
 * Whether the viewer sees this journey only as one who judges it (assessor, panel member, moderator) on
 * an anonymised program, in a format that allows it. Anyone entitled otherwise (HR, the candidate, their
 * manager, their mentor, a committee member on one of its appeals) sees who it is, even if they also sit
 * on the panel.
 */
export async function candidateHiddenFrom(ctx: AccessContext, journey: AnonymityParties & { programId?: string }): Promise<boolean> {
  const viewer = ctx.viewer;
  if (!viewer || isHrViewer(viewer)) return false;
  const me = viewer.personId;
  if (me === journey.candidateId || me === journey.mentorId || viewer.reportIds.includes(journey.candidateId)) return false;
  const judges = me === journey.assessorId || journey.panel.includes(me) || (await isRequestedModerator(ctx, journey.id));
  if (!judges) return false;
  if (sitsOnAppeal(viewer) && (await ctx.prisma.appeal.count({ where: { journeyId: journey.id, reviewers: { has: me } } })) > 0) return false;
  const programId = journey.programId ?? (await ctx.prisma.journey.findUnique({ where: { id: journey.id }, select: { programId: true } }))?.programId;
  if (!programId || !(await programAnonymised(ctx, programId))) return false;
  return formatAllows(ctx, journey.id);
}

/** The same question for a journey known by id (the audit trail, a submission). */
export async function candidateHiddenFromById(ctx: AccessContext, journeyId: string): Promise<boolean> {
  const journey = await journeyParties(ctx, journeyId);
  return journey !== null && candidateHiddenFrom(ctx, journey);
}

/** Whether the journey's evidence format hides the candidate (for the portal's notice). */
export async function anonymisedProgramFormat(ctx: AccessContext, journey: { id: string; programId: string }): Promise<'hidden' | 'shown-by-format' | 'off'> {
  if (!(await programAnonymised(ctx, journey.programId))) return 'off';
  return (await formatAllows(ctx, journey.id)) ? 'hidden' : 'shown-by-format';
}
