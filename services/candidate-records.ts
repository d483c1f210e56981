import type { CandidateRecord } from '../rules/facts.js';

// What a rule may know about a person, read from the database in one shape for every evaluation: the
// eligibility activity, what-if simulation and program impact plans all build facts from this record.

export const candidateRecordSelect = {
  hiredAt: true,
  roleLevel: true,
  attributes: true,
  department: true,
  courseCompletions: { select: { courseCode: true, completedAt: true } },
  heldCertifications: { select: { code: true, issuedAt: true, expiresAt: true } },
  credentials: { select: { programId: true, issuedAt: true, expiresAt: true, status: true } },
} as const;

interface CandidateRow {
  hiredAt: Date | null;
  roleLevel: number | null;
  attributes: unknown;
  department: string;
  courseCompletions: { courseCode: string; completedAt: Date }[];
  heldCertifications: { code: string; issuedAt: Date; expiresAt: Date | null }[];
  credentials: { programId: string; issuedAt: Date; expiresAt: Date; status: string }[];
}

export function toCandidateRecord(row: CandidateRow): CandidateRecord {
  return {
    hiredAt: row.hiredAt?.toISOString() ?? null,
    roleLevel: row.roleLevel,
    attributes: (row.attributes ?? {}) as Record<string, unknown>,
    department: row.department,
    courseCompletions: row.courseCompletions.map((c) => ({ courseCode: c.courseCode, completedAt: c.completedAt.toISOString() })),
    heldCertifications: row.heldCertifications.map((h) => ({ code: h.code, issuedAt: h.issuedAt.toISOString(), expiresAt: h.expiresAt?.toISOString() ?? null })),
    credentials: row.credentials.map((c) => ({ programId: c.programId, issuedAt: c.issuedAt.toISOString(), expiresAt: c.expiresAt.toISOString(), status: c.status })),
  };
}
