import type { PrismaClient } from '../../prisma/client.js';

// The rows the analytics compute over, one per journey, loaded once from the read model. Computations
// (program.ts, audit.ts, trend.ts) are pure functions of this dataset, so tests give it directly.

export interface CredentialRecord {
  cycle: number;
  issuedAt: Date;
  expiresAt: Date;
  status: string;
}

export interface JourneyRecord {
  id: string;
  personId: string;
  programId: string;
  pathwayId: string;
  cohortId: string | null;
  pilot: boolean;
  department: string;
  enrolledAt: Date;
  stage: string;
  /** Every stage the journey has been in, from the audit trail, plus the current one. */
  stagesReached: string[];
  /** Outcomes of its decided assessments, oldest first. */
  outcomes: string[];
  credentials: CredentialRecord[];
  leftAt: Date | null;
  /** The candidate's hiring date, for time to proficiency (hire to first credential). */
  hiredAt?: Date;
}

/** One decided assessment; decisions are never changed once recorded, so a released batch stays put. */
export interface DecisionEvent {
  id: string;
  journeyId: string;
  personId: string;
  decidedAt: Date;
  outcome: string;
}

/** Demographic attributes by person; used by the adverse-impact audit only. */
export type DemographicsByPerson = Map<string, { gender: string | null; ethnicity: string | null; ageBand: string | null; disability: string | null }>;

export async function loadJourneyRecords(prisma: PrismaClient, programId?: string): Promise<JourneyRecord[]> {
  const journeys = await prisma.journey.findMany({
    where: programId ? { programId } : {},
    orderBy: { id: 'asc' },
    select: {
      id: true,
      programId: true,
      pathwayId: true,
      cohortId: true,
      enrolledAt: true,
      stage: true,
      cohort: { select: { pilot: true } },
      candidate: { select: { id: true, department: true, leftAt: true, hiredAt: true } },
      events: { select: { stage: true }, distinct: ['stage'] },
      assessments: { select: { outcome: true }, orderBy: { decidedAt: 'asc' } },
      credentials: { select: { cycle: true, issuedAt: true, expiresAt: true, status: true }, orderBy: { cycle: 'asc' } },
    },
  });
  return journeys.map((j) => ({
    id: j.id,
    personId: j.candidate.id,
    programId: j.programId,
    pathwayId: j.pathwayId,
    cohortId: j.cohortId,
    pilot: j.cohort?.pilot ?? false,
    department: j.candidate.department,
    enrolledAt: j.enrolledAt,
    stage: j.stage,
    stagesReached: [...new Set([...j.events.map((e) => e.stage), j.stage])],
    outcomes: j.assessments.map((a) => a.outcome),
    credentials: j.credentials,
    leftAt: j.candidate.leftAt,
    ...(j.candidate.hiredAt ? { hiredAt: j.candidate.hiredAt } : {}),
  }));
}

export async function loadDemographics(prisma: PrismaClient, personIds: string[]): Promise<DemographicsByPerson> {
  const rows = await prisma.personDemographics.findMany({ where: { personId: { in: personIds } } });
  return new Map(rows.map(({ personId, ...attributes }) => [personId, attributes]));
}

export async function loadDecisions(prisma: PrismaClient, programId: string): Promise<DecisionEvent[]> {
  const rows = await prisma.assessment.findMany({
    where: { journey: { programId } },
    select: { id: true, journeyId: true, decidedAt: true, outcome: true, journey: { select: { candidateId: true } } },
  });
  return rows.map(({ journey, ...d }) => ({ ...d, personId: journey.candidateId }));
}
