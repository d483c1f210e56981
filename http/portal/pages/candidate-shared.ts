import { humanize } from '../components.js';

// Small pieces the candidate pages (home, programs, journey, credentials) share.

export const journeyHref = (journeyId: string) => `/journeys/${encodeURIComponent(journeyId)}`;
export const programHref = (programId: string) => `/programs/${encodeURIComponent(programId)}`;
export const credentialHref = (credentialId: string) => `/credentials/${encodeURIComponent(credentialId)}`;

/** Stages after which the journey has ended (as the API spells them); enrolling again starts a new cycle. */
export const ENDED_STAGES: readonly string[] = ['INELIGIBLE', 'DECLINED', 'NOT_PASSED', 'EXPIRED', 'WITHDRAWN', 'LAPSED', 'REVOKED'];

/** Working towards the credential: the stages in which a journey may be paused or its plan changed. */
export const ACTIVE_STAGES: readonly string[] = ['AWAITING_SUBMISSION', 'AWAITING_ASSESSMENT', 'IN_MODERATION', 'APPEAL_WINDOW', 'UNDER_APPEAL'];

const DEADLINE_LABELS: Record<string, string> = {
  SUBMISSION: 'Evidence due',
  APPEAL: 'Appeal window closes',
  RECERTIFICATION_OPENS: 'Re-certification opens',
  EXPIRY: 'Credential expires',
  LAPSE: 'Credential lapses (end of the grace period)',
  RULE_CHANGE: 'New eligibility rules apply',
};

export const deadlineLabel = (kind: string): string => DEADLINE_LABELS[kind] ?? humanize(kind);

export interface Deadline {
  kind: string;
  dueAt: string;
}

export interface CheckInDue {
  dueAt: string;
  recordedAt: string | null;
  missed: boolean;
}

/** What falls due next: the soonest open deadline or unrecorded mentor check-in. */
export function nextDue(deadlines: Deadline[] | null, checkIns: CheckInDue[]): { label: string; dueAt: string } | null {
  const due = [
    ...(deadlines ?? []).map((d) => ({ label: deadlineLabel(d.kind), dueAt: d.dueAt })),
    ...checkIns.filter((c) => !c.recordedAt && !c.missed).map((c) => ({ label: 'Mentor check-in', dueAt: c.dueAt })),
  ];
  return due.sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0] ?? null;
}

/** Credential statuses in words a holder or verifier reads. */
export const CREDENTIAL_STATUS: Record<string, string> = {
  active: 'Active',
  expired: 'Expired',
  lapsed: 'Lapsed',
  revoked: 'Revoked',
  renewed: 'Renewed (replaced by a newer credential)',
};
