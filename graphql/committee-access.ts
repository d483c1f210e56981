import { isHrViewer } from '../domain/access.js';
import { Role } from '../domain/viewer.js';
import { actingAs } from '../services/access.js';
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
