import { type GraphQLContext, Role, type Viewer } from './context.js';

// Who may see which journey data. Kept apart from resolvers so the rules read in one place and the
// permission tests can exercise them directly.

interface JourneyParties {
  candidateId: string;
  assessorId: string | null;
}

export const isHrViewer = (viewer: Viewer | null): boolean =>
  viewer?.roles.some((r) => r === Role.Hr || r === Role.Admin || r === Role.ProgramOwner) ?? false;

export function canSeeJourney(viewer: Viewer | null, journey: JourneyParties): boolean {
  if (!viewer) return false;
  return (
    isHrViewer(viewer) ||
    viewer.personId === journey.candidateId ||
    viewer.personId === journey.assessorId ||
    viewer.reportIds.includes(journey.candidateId)
  );
}

/** Scores: the candidate, their assessor and HR. Managers see the outcome, not the scores. */
export function canSeeScores(viewer: Viewer | null, journey: JourneyParties): boolean {
  if (!viewer) return false;
  return isHrViewer(viewer) || viewer.personId === journey.candidateId || viewer.personId === journey.assessorId;
}

export function canSeeContactDetails(ctx: GraphQLContext, personId: string): boolean {
  const viewer = ctx.viewer;
  return !!viewer && (isHrViewer(viewer) || viewer.personId === personId || viewer.reportIds.includes(personId));
}
