import { ErrorCode } from '../../domain/errors.js';
import { anonymisedProgramFormat, anonymousPersonId, type AnonymityParties, candidateHiddenFrom, candidateHiddenFromById, candidatePseudonym, isJourneyAlias, journeyAlias, journeyByAlias } from '../../services/anonymity.js';
import { isHrViewer } from '../../domain/access.js';
import { builder, CertiflowError, enumValues } from '../builder.js';
import type { GraphQLContext } from '../context.js';

// Anonymised assessment at the API (services/anonymity.ts): for a viewer who only judges the work, every
// path from a journey to its candidate leads to a stand-in person named by a pseudonym, with no email,
// department, title, roles or manager. The stand-in keeps the Person type, so clients need no branch.

// Many fields of one journey ask the same question: asked once per request and journey.
const answers = new WeakMap<GraphQLContext, Map<string, Promise<boolean>>>();

export function candidateHidden(ctx: GraphQLContext, journeyId: string, parties?: AnonymityParties): Promise<boolean> {
  // HR sees every candidate, and nobody signed out sees a journey: no question to ask the database, which
  // keeps HR's journey list at its few queries however long the page.
  if (!ctx.viewer || isHrViewer(ctx.viewer)) return Promise.resolve(false);
  const known = answers.get(ctx) ?? new Map<string, Promise<boolean>>();
  answers.set(ctx, known);
  // A journey row at hand has its parties: no need to read them again.
  const answer = known.get(journeyId) ?? (parties ? candidateHiddenFrom(ctx, parties) : candidateHiddenFromById(ctx, journeyId));
  known.set(journeyId, answer);
  return answer;
}

/** The id the viewer knows the journey by: an alias when its candidate is hidden from them. */
export async function shownJourneyId(ctx: GraphQLContext, journeyId: string, parties?: AnonymityParties): Promise<string> {
  return (await candidateHidden(ctx, journeyId, parties)) ? journeyAlias(journeyId) : journeyId;
}

/**
 * The journey a client names, by id or by the alias it was shown; null when the answer must be "no such
 * journey": an alias that is not one of the viewer's, or the real id of a journey hidden from them.
 */
export async function journeyNamed(ctx: GraphQLContext, clientId: string): Promise<string | null> {
  if (isJourneyAlias(clientId)) return journeyByAlias(ctx, clientId);
  return (await candidateHidden(ctx, clientId)) ? null : clientId;
}

/** journeyNamed for an action: the same NOT_FOUND, in the same words, as the journey service's for a journey one may not see. */
export async function journeyNamedOrThrow(ctx: GraphQLContext, clientId: string): Promise<string> {
  const journeyId = await journeyNamed(ctx, clientId);
  if (journeyId === null) throw new CertiflowError({ code: ErrorCode.NotFound, message: `Journey ${clientId} does not exist.`, path: 'journeyId' });
  return journeyId;
}

/** The candidate's Person row as an anonymised assessor sees it. */
export function standIn<P extends { id: string }>(person: P, journeyId: string): P {
  return {
    ...person,
    id: anonymousPersonId(journeyId),
    name: candidatePseudonym(journeyId),
    department: '',
    title: '',
    email: null,
    roles: [],
    managerId: null,
    manager: null,
    celebrationOptIn: false,
  };
}

/** The person, or the stand-in when it is the candidate of a journey hidden from the viewer. */
export async function shownPerson<P extends { id: string }>(ctx: GraphQLContext, person: P | null, journey: { id: string; candidateId: string }): Promise<P | null> {
  if (!person || person.id !== journey.candidateId || !(await candidateHidden(ctx, journey.id))) return person;
  return standIn(person, journey.id);
}

/** Keys whose values describe the person: eligibility conditions carry their facts (department, tenure...). */
const PERSONAL_KEYS = new Set(['conditions', 'reasons']);

/**
 * Audit-trail data for an anonymised assessor: values naming the candidate or their manager (an
 * approver, whoever a missed check-in went to) are left out, since either leads to the person, and so
 * are the eligibility facts about them.
 */
export function withoutCandidateIds(data: unknown, ids: (string | null)[]): unknown {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return data;
  return Object.fromEntries(Object.entries(data).filter(([key, value]) => !PERSONAL_KEYS.has(key) && (typeof value !== 'string' || !ids.includes(value))));
}

const AssessmentAnonymity = builder.enumType('AssessmentAnonymity', {
  description: 'hidden: assessors see a pseudonym; shown_by_format: the program asks for it but a video or live demonstration shows the person; off: the program does not ask for it.',
  values: enumValues(['hidden', 'shown_by_format', 'off'] as const),
});

builder.prismaObjectFields('Journey', (t) => ({
  id: t.id({ description: "The journey's id; an alias of it (anonymous-journey:...) for a viewer from whom the candidate is hidden.", resolve: (j, _args, ctx) => shownJourneyId(ctx, j.id, j) }),
  anonymity: t.field({
    type: AssessmentAnonymity,
    description: "Whether the assessment is anonymised (program option panel.anonymised) and the evidence format allows it. Whoever sees the journey may see this; it says nothing of who the candidate is.",
    select: { programId: true },
    resolve: async (j, _args, ctx) => {
      const answer = await anonymisedProgramFormat(ctx, { id: j.id, programId: j.programId });
      return answer === 'shown-by-format' ? 'shown_by_format' : answer;
    },
  }),
  candidateHidden: t.boolean({
    description: "Whether the candidate's identity is hidden from the viewer: they see a pseudonym as the candidate.",
    resolve: (j, _args, ctx) => candidateHidden(ctx, j.id),
  }),
}));
