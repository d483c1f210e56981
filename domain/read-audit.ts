import { eventKeyAudience } from './event-audiences.js';

// The read audit's vocabulary: what kind of someone else's data a person read, and through which door.
// Reads of one's own journey are never recorded: they are no sign of misuse, and recording them would
// bury the reads that are (docs/security.md, "Read audit").

export const READ_KINDS = [
  /** A journey opened by id: its stage, parties and history as a page shows them. */
  'journey',
  /** Assessment scores, averages and rationales; panel members' scores and comments. */
  'scores',
  /** An appeal's grounds and decision rationale. */
  'appeal',
  /** Why a journey ended (it can quote the rationale or a reason someone gave). */
  'end_reason',
  /** The submitted work: report text, reflection, video link, file name. */
  'evidence',
  /** An uploaded evidence file, downloaded. */
  'evidence_file',
  /** Check-in notes and the learning plan. */
  'development',
  /** Audit-trail entries whose data holds more than the journey's facts (scores, grounds, reasons, notes). */
  'audit_trail',
  /** The read audit itself: who asked HR's question about whose reads. */
  'read_audit',
] as const;
export type ReadKind = (typeof READ_KINDS)[number];

export const READ_CHANNELS = ['graphql', 'portal', 'file'] as const;
export type ReadChannel = (typeof READ_CHANNELS)[number];

/** One read of someone's data, as a resolver or route notes it. */
export interface ReadNote {
  kind: ReadKind;
  /** The person the data is about: the candidate of the journey. Null only for read_audit without a subject. */
  subjectId: string | null;
  journeyId: string | null;
}

/** A note worth recording: someone else's data. A person's own journey is theirs to read. */
export const isOthersData = (viewerId: string, note: ReadNote): boolean => note.subjectId !== viewerId;

/** Reads are recorded once per request for each (kind, journey, subject), however many fields or rows showed them. */
export const readKey = (note: ReadNote): string => `${note.kind}\u0000${note.journeyId ?? ''}\u0000${note.subjectId ?? ''}`;

/** Whether the audit-trail data shown holds anything beyond the journey's facts (those a journey read covers). */
export function showsMoreThanFacts(type: string, data: unknown): boolean {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return false;
  return Object.keys(data).some((key) => eventKeyAudience(type, key) !== 'journey');
}
