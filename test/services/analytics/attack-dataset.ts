import { JourneyStage } from '../../../domain/journey.js';
import { parseQuarter } from '../../../domain/quarter.js';
import type { PrismaClient } from '../../../prisma/client.js';

// The seeded program of subtraction-attacks.test.ts: 24 candidates with small groups in every
// breakdown, worked out so that each attack has something to find on unprotected figures.
//
//   cohorts     pilot-a 3 (pilot), pilot-b 6 (pilot), regular-a 8, regular-b 7
//   pathways    coursework 3, portfolio 21            departments  Eng 8, Data 7, Ops 6, Legal 3
//   decided     20: 2026-Q1 6, Q2 7, Q3 5, Q4 2 (the current quarter); 14 passed, all certified at once
//   gender      of the decided: woman 9, man 8, non-binary 2, not recorded 1
//   age band    of the decided: 18-24 3, 25-34 9, 35-44 8
//   enrolled    2025-Q4 10, 2026-Q1 8, 2026-Q2 4, 2026-Q3 2;  left the company: 5
//   survey      10 answers: nine after a pass, one (candidate 7) after the only failed decision answered

export const PROGRAM = 'cloud-architecture-practitioner';
/** "Now" for every answer: the middle of 2026-Q4. */
export const AS_OF = new Date('2026-11-15T12:00:00.000Z');

export const COHORTS = ['atk-pilot-a', 'atk-pilot-b', 'atk-regular-a', 'atk-regular-b'] as const;
export const PILOT_COHORTS: readonly string[] = ['atk-pilot-a', 'atk-pilot-b'];
export const PATHWAYS = ['cap-portfolio', 'cap-coursework'] as const;
export const DEPARTMENTS = ['Eng', 'Data', 'Ops', 'Legal'] as const;
export const DECISION_QUARTERS = ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'] as const;
export const ENROLMENT_QUARTERS = ['2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3'] as const;
export const GENDERS = ['woman', 'man', 'non-binary', 'not recorded'] as const;
export const AGE_BANDS = ['18-24', '25-34', '35-44', 'not recorded'] as const;
/** Steps an undecided journey can be at, in funnel order. */
export const OPEN_STAGES = [JourneyStage.Enrolled, JourneyStage.AwaitingManagerApproval, JourneyStage.AwaitingSubmission, JourneyStage.AwaitingAssessment] as const;

export interface Candidate {
  id: string;
  cohort: (typeof COHORTS)[number];
  pathway: (typeof PATHWAYS)[number];
  department: (typeof DEPARTMENTS)[number];
  gender: (typeof GENDERS)[number];
  ageBand: (typeof AGE_BANDS)[number];
  enrolled: (typeof ENROLMENT_QUARTERS)[number];
  /** Index in OPEN_STAGES of an undecided journey. */
  step: number | null;
  decision: { quarter: (typeof DECISION_QUARTERS)[number]; passed: boolean; at: Date } | null;
  left: boolean;
  response: { rating: number; at: Date } | null;
}

const among = (n: number, list: number[]) => list.includes(n);
const quarterStart = (name: string) => {
  const q = parseQuarter(name);
  if (!q.ok) throw new Error(name);
  return Date.parse(q.value.start);
};
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const CANDIDATES: Candidate[] = Array.from({ length: 24 }, (_, i): Candidate => {
  const n = i + 1;
  const quarter = n <= 6 ? '2026-Q1' : n <= 13 ? '2026-Q2' : n <= 18 ? '2026-Q3' : n <= 20 ? '2026-Q4' : null;
  const decidedAt = quarter ? new Date(quarterStart(quarter) + 10 * DAY + n * HOUR) : null;
  const passed = !among(n, [3, 7, 9, 12, 15, 19]);
  const answered = among(n, [1, 2, 4, 5, 6, 7, 8, 10, 11, 13]);
  return {
    id: `atk-${String(n).padStart(2, '0')}`,
    cohort: n <= 3 ? 'atk-pilot-a' : n <= 9 ? 'atk-pilot-b' : n <= 17 ? 'atk-regular-a' : 'atk-regular-b',
    pathway: among(n, [2, 11, 19]) ? 'cap-coursework' : 'cap-portfolio',
    department: among(n, [3, 12, 20]) ? 'Legal' : among(n, [1, 5, 9, 14, 18, 23]) ? 'Ops' : among(n, [2, 6, 8, 10, 15, 21, 24]) ? 'Data' : 'Eng',
    gender: among(n, [4, 16]) ? 'non-binary' : n === 11 ? 'not recorded' : among(n, [1, 2, 5, 8, 10, 13, 17, 20, 22, 24]) ? 'man' : 'woman',
    ageBand: among(n, [2, 9, 18]) ? '18-24' : among(n, [1, 5, 7, 10, 12, 15, 17, 20]) ? '35-44' : '25-34',
    enrolled: n <= 10 ? '2025-Q4' : n <= 18 ? '2026-Q1' : n <= 22 ? '2026-Q2' : '2026-Q3',
    step: quarter ? null : n - 21,
    decision: quarter && decidedAt ? { quarter, passed, at: decidedAt } : null,
    left: among(n, [2, 8, 12, 17, 22]),
    response: answered && decidedAt ? { rating: ((n * 7) % 5) + 1, at: new Date(decidedAt.getTime() + 2 * DAY) } : null,
  };
});

const journeyId = (c: Candidate) => `journey:${PROGRAM}:${c.id}`;

/** Everyone, their journeys and credentials; decisions and answers only if asked (the time test adds them one by one). */
export async function seedCandidates(prisma: PrismaClient, options: { decisions: boolean; responses: boolean }): Promise<void> {
  for (const cohort of COHORTS) {
    await prisma.cohort.create({ data: { id: cohort, programId: PROGRAM, name: cohort, pilot: PILOT_COHORTS.includes(cohort), startsOn: new Date('2025-10-01') } });
  }
  for (const c of CANDIDATES) {
    const enrolledAt = new Date(quarterStart(c.enrolled) + 5 * DAY);
    await prisma.person.create({
      data: { id: c.id, email: `${c.id}@example.com`, name: c.id, department: c.department, title: 'Engineer', roles: ['candidate'], hiredAt: new Date('2024-01-01'), ...(c.left ? { leftAt: new Date('2026-11-01') } : {}) },
    });
    await prisma.personDemographics.create({
      data: { personId: c.id, gender: c.gender === 'not recorded' ? null : c.gender, ageBand: c.ageBand === 'not recorded' ? null : c.ageBand },
    });
    const stages: string[] = c.decision ? [...OPEN_STAGES, c.decision.passed ? JourneyStage.Certified : JourneyStage.NotPassed] : OPEN_STAGES.slice(0, (c.step ?? 0) + 1);
    await prisma.journey.create({
      data: { id: journeyId(c), programId: PROGRAM, pathwayId: c.pathway, candidateId: c.id, cohortId: c.cohort, stage: stages.at(-1)!, enrolledAt, updatedAt: enrolledAt },
    });
    for (const [seq, stage] of stages.entries()) {
      await prisma.journeyEvent.create({ data: { id: `${c.id}:${seq}`, journeyId: journeyId(c), seq, type: 'test', at: new Date(enrolledAt.getTime() + seq * HOUR), stage, data: {} } });
    }
    if (c.decision?.passed) {
      const issuedAt = new Date(c.decision.at.getTime() + HOUR);
      await prisma.credential.create({
        data: { id: `${c.id}:c1`, number: `${c.id}-1`, journeyId: journeyId(c), cycle: 1, personId: c.id, programId: PROGRAM, issuedAt, expiresAt: new Date(issuedAt.getTime() + 730 * DAY), status: 'active' },
      });
    }
    if (options.decisions) await decide(prisma, c);
    if (options.responses) await respond(prisma, c);
  }
}

export async function decide(prisma: PrismaClient, c: Candidate): Promise<void> {
  if (!c.decision) return;
  const outcome = c.decision.passed ? 'passed' : 'not_passed';
  await prisma.assessment.create({ data: { id: `${c.id}:a`, journeyId: journeyId(c), submissionId: `${c.id}:s`, scores: {}, average: 3, outcome, rationale: 'r', decidedAt: c.decision.at } });
}

export async function respond(prisma: PrismaClient, c: Candidate): Promise<void> {
  if (!c.response || !c.decision) return;
  await prisma.surveyResponse.create({
    data: { assessmentId: `${c.id}:a`, programId: PROGRAM, pathwayId: c.pathway, outcome: c.decision.passed ? 'passed' : 'not_passed', rating: c.response.rating, respondedAt: c.response.at },
  });
}
