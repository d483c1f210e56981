import type { JourneyEventType } from '../../domain/journey-events.js';
import type { PrismaClient } from '../../prisma/client.js';
import { daysBetween } from './stats.js';

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

/** One decision of a rate stage: a verdict, a manager's decision, an assessment, an appeal's outcome. */
export interface StageDecision {
  id: string;
  journeyId: string;
  personId: string;
  at: Date;
  favourable: boolean;
}

/** A journey's first credential, released by its issue date. */
export interface Certification {
  id: string;
  journeyId: string;
  personId: string;
  at: Date;
  /** Days from enrolment to the credential. */
  days: number;
}

/** The funnel audit's stages (funnel-audit.ts): four of decisions, and first credentials. */
export interface FunnelEvents {
  eligibility: readonly StageDecision[];
  approval: readonly StageDecision[];
  assessment: readonly StageDecision[];
  appeal: readonly StageDecision[];
  certification: readonly Certification[];
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

/** The verdicts and decisions of every funnel stage of a program (funnel-audit.ts), each with when it was made. */
export async function loadFunnelEvents(prisma: PrismaClient, programId: string): Promise<FunnelEvents> {
  const inProgram = { journey: { programId } };
  const candidate = { select: { candidateId: true } } as const;
  const [verdicts, approvals, decisions, appeals, credentials] = await Promise.all([
    prisma.journeyEvent.findMany({
      where: { ...inProgram, type: { in: ['eligibility_confirmed', 'found_ineligible'] satisfies JourneyEventType[] } },
      select: { id: true, journeyId: true, at: true, type: true, journey: candidate },
    }),
    // Only a manager's answer: requests that expired, moved to a new manager or ended with the journey decide nothing.
    prisma.approval.findMany({
      where: { ...inProgram, decision: { in: ['approved', 'declined'] }, decidedAt: { not: null } },
      select: { id: true, journeyId: true, decidedAt: true, decision: true, journey: candidate },
    }),
    loadDecisions(prisma, programId),
    prisma.appeal.findMany({
      where: { ...inProgram, outcome: { not: null }, decidedAt: { not: null } },
      select: { id: true, journeyId: true, decidedAt: true, outcome: true, journey: candidate },
    }),
    prisma.credential.findMany({
      where: inProgram,
      orderBy: [{ issuedAt: 'asc' }, { id: 'asc' }],
      select: { id: true, journeyId: true, issuedAt: true, cycle: true, journey: { select: { candidateId: true, enrolledAt: true } } },
    }),
  ]);
  return {
    eligibility: verdicts.map((v) => ({ id: v.id, journeyId: v.journeyId, personId: v.journey.candidateId, at: v.at, favourable: v.type === 'eligibility_confirmed' })),
    approval: approvals.map((a) => ({ id: a.id, journeyId: a.journeyId, personId: a.journey.candidateId, at: a.decidedAt!, favourable: a.decision === 'approved' })),
    assessment: decisions.map((d) => ({ id: d.id, journeyId: d.journeyId, personId: d.personId, at: d.decidedAt, favourable: d.outcome === 'passed' })),
    appeal: appeals.map((a) => ({ id: a.id, journeyId: a.journeyId, personId: a.journey.candidateId, at: a.decidedAt!, favourable: a.outcome !== 'upheld' })),
    // The first cycle's credential: renewals are not time to certification.
    certification: credentials
      .filter((c) => c.cycle === 1)
      .map((c) => ({ id: c.id, journeyId: c.journeyId, personId: c.journey.candidateId, at: c.issuedAt, days: daysBetween(c.journey.enrolledAt, c.issuedAt) })),
  };
}

/** When each journey was enrolled: the order a simulation's people are released in (simulation-impact.ts). */
/**
 * When each person joined the directory (their hire date, else when their record was made): the order a
 * program change's people are released in, as journeys are by enrolment (simulation-impact.ts).
 */
export async function loadJoinDates(prisma: PrismaClient, personIds: string[]): Promise<Map<string, Date>> {
  const rows = await prisma.person.findMany({ where: { id: { in: personIds } }, select: { id: true, hiredAt: true, createdAt: true } });
  return new Map(rows.map((p) => [p.id, p.hiredAt ?? p.createdAt]));
}

export async function loadEnrolmentDates(prisma: PrismaClient, journeyIds: string[]): Promise<Map<string, Date>> {
  const rows = await prisma.journey.findMany({ where: { id: { in: journeyIds } }, select: { id: true, enrolledAt: true } });
  return new Map(rows.map((j) => [j.id, j.enrolledAt]));
}
