import { type EventAudience, eventKeyAudience } from './event-audiences.js';
import { Role, type Viewer } from './viewer.js';

// Who may see which journey data, by relationship alone: the pure part of the access rules. Those that
// need the read model (an appeal the viewer sits on, a moderation they were asked for) are in
// services/access.ts, built on these; docs/api.md ("Who sees what") says them in words.

export interface JourneyParties {
  candidateId: string;
  assessorId: string | null;
  mentorId?: string | null;
  /** The current assessment panel. */
  panel?: string[];
}

/** Who decided an assessment, and whose it is. */
export interface ScoreParties {
  candidateId: string;
  assessorId: string | null;
  panel?: string[];
  moderatedBy?: string | null;
}

export const isHrViewer = (viewer: Viewer | null): boolean =>
  viewer?.roles.some((r) => r === Role.Hr || r === Role.Admin || r === Role.ProgramOwner) ?? false;

export const sitsOnAppeal = (viewer: Viewer) => viewer.roles.includes(Role.Committee);

/** HR, or a committee member by role (a current term, where it matters, is services/access.ts actingAs). */
export const isHrOrCommittee = (viewer: Viewer | null): boolean => !!viewer && (isHrViewer(viewer) || sitsOnAppeal(viewer));

/** The journey by relationship, without the database: HR and the journey's own people. */
export function canSeeJourney(viewer: Viewer | null, journey: JourneyParties): boolean {
  if (!viewer) return false;
  const me = viewer.personId;
  return (
    isHrViewer(viewer) ||
    me === journey.candidateId ||
    me === journey.mentorId ||
    me === journey.assessorId ||
    (journey.panel ?? []).includes(me) ||
    viewer.reportIds.includes(journey.candidateId)
  );
}

/** Scores of a decided assessment, by relationship. Mentors and managers see the outcome, never the scores. */
export function canSeeScores(viewer: Viewer | null, parties: ScoreParties): boolean {
  if (!viewer) return false;
  const me = viewer.personId;
  return (
    isHrViewer(viewer) ||
    me === parties.candidateId ||
    me === parties.assessorId ||
    me === parties.moderatedBy ||
    (parties.panel ?? []).includes(me)
  );
}

/** HR and the candidate: the candidate's own business (why the journey ended, reasons given, rationales). */
export function isCandidateOrHr(viewer: Viewer | null, journey: Pick<JourneyParties, 'candidateId'>): boolean {
  return !!viewer && (isHrViewer(viewer) || viewer.personId === journey.candidateId);
}

/** The people who support the candidate's learning: HR, the candidate, their manager and their mentor. */
export function canSeeDevelopment(viewer: Viewer | null, journey: Pick<JourneyParties, 'candidateId' | 'mentorId'>): boolean {
  if (!viewer) return false;
  return isCandidateOrHr(viewer, journey) || viewer.reportIds.includes(journey.candidateId) || (!!journey.mentorId && viewer.personId === journey.mentorId);
}

function inEventAudience(viewer: Viewer | null, journey: Pick<JourneyParties, 'candidateId' | 'mentorId'>, audience: EventAudience): boolean {
  if (audience === 'journey') return true;
  if (audience === 'development') return canSeeDevelopment(viewer, journey);
  if (audience === 'private') return isCandidateOrHr(viewer, journey);
  return isHrViewer(viewer);
}

/**
 * The audit trail carries scores, rationales, appeal grounds, reasons people give and approval ids. Each
 * key is shown only to its audience (domain/event-audiences.ts); keys nobody has classified are HR's.
 * Everyone else gets scores and rationales, where allowed, from Assessment and Appeal.
 */
export function redactEventData(viewer: Viewer | null, journey: Pick<JourneyParties, 'candidateId' | 'mentorId'>, type: string, data: unknown): unknown {
  if (isHrViewer(viewer)) return data;
  if (!data || typeof data !== 'object' || Array.isArray(data)) return {};
  return Object.fromEntries(Object.entries(data).filter(([key]) => inEventAudience(viewer, journey, eventKeyAudience(type, key))));
}
