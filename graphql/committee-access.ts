import { isHrViewer } from '../domain/access.js';
import { Role } from '../domain/viewer.js';
import { actingAs } from '../services/access.js';
import { journeysJudgedBy } from '../services/anonymity.js';
import { hasConflictOfInterest } from '../services/people/conflicts.js';
import { candidateHidden } from './types/journey-anonymity.js';
import type { GraphQLContext } from './context.js';

// HR, or a committee member whose term runs now. The committee role alone is not enough for what the
// committee reads in confidence (calibration figures, revocations waiting for a second member): a member
// whose term ended keeps the role until HR's directory catches up. Asked once per request.

const answers = new WeakMap<GraphQLContext, Promise<boolean>>();

export function isHrOrSittingCommittee(ctx: GraphQLContext): Promise<boolean> {
  const viewer = ctx.viewer;
  if (!viewer) return Promise.resolve(false);
  if (isHrViewer(viewer)) return Promise.resolve(true);
  if (!viewer.roles.includes(Role.Committee)) return Promise.resolve(false);
  const known = answers.get(ctx) ?? actingAs({ prisma: ctx.prisma, viewer }).then((acting) => acting.isCommittee);
  answers.set(ctx, known);
  return known;
}

/**
 * The journeys among `journeyIds` whose candidate is hidden from the viewer as a judge of an anonymised
 * assessment. A committee member who moderates one also sees the committee's lists; a credential's
 * number and dates there (the issue date is in the public celebration feed) would say whose it is.
 */
export async function judgedAnonymously(ctx: GraphQLContext, journeyIds: readonly string[]): Promise<Set<string>> {
  if (!ctx.viewer || isHrViewer(ctx.viewer) || journeyIds.length === 0) return new Set();
  const judged = new Set(await journeysJudgedBy(ctx));
  const candidates = [...new Set(journeyIds)].filter((id) => judged.has(id));
  const hidden = await Promise.all(candidates.map(async (id) => ((await candidateHidden(ctx, id)) ? [id] : [])));
  return new Set(hidden.flat());
}

/**
 * Whether the viewer may not take part in deciding on this holder's credential: the holder themselves,
 * anyone in their management chain or below them, or a mentor of theirs (services/people/conflicts.ts,
 * the rule panels and reviewers are drawn by). Nor are they told of a revocation proposed against it.
 */
export async function conflictedWithHolder(ctx: GraphQLContext, holderId: string): Promise<boolean> {
  const me = ctx.viewer?.personId;
  if (!me) return true;
  return hasConflictOfInterest(ctx.prisma, me, holderId);
}
