import type { CompanyPerson } from '../../demo/company/roster.js';
import { normal, type Random, weighted } from '../../demo/company/random.js';

// How the demo company's people behave over the year of history: who enrols when, how good their
// evidence is, how quickly each person in the loop acts and what they decide. Plain numbers from the
// seeded generator: the workflows, the rules and the panel draw decide everything else for real.

export const CLOUD_PROGRAM = 'cloud-architecture-practitioner';
const CLOUD_PATHWAYS = [
  ['cap-portfolio', 55],
  ['cap-coursework', 30],
  ['cap-live-demo', 15],
] as const;
export const FACILITATION_PROGRAM = 'facilitation-and-coaching';
export const FACILITATION_PATHWAY = 'fc-live-session';

export interface CandidatePlan {
  email: string;
  programId: string;
  pathwayId: string;
  enrolDay: number;
  /** 0..1: how strong the evidence is; levels follow it with each assessor's own noise. */
  ability: number;
  /** Days from approval to the first submission. */
  submitAfterDays: number;
  /** Withdraws before submitting (workload, a new role) instead of submitting. */
  withdraws: boolean;
  /** Files an appeal when not passed. */
  appeals: boolean;
}

/**
 * Who enrols, when, on which pathway. Enrolments stop `lastEnrolmentDay` into the history, early enough
 * for every journey to have ended or reached its credential by the end (submission within 90 days, a
 * panel, an appeal window, one resubmission).
 */
export function planCandidates(roster: CompanyPerson[], random: Random, { lastEnrolmentDay, limit }: { lastEnrolmentDay: number; limit?: number | undefined }): CandidatePlan[] {
  const pool = roster.filter((p) => p.technical && p.managerEmail !== null && !p.roles.includes('assessor') && p.roleLevel <= 5);
  const plans: CandidatePlan[] = [];
  for (const person of pool) {
    if (random() > 0.78) continue;
    // Two waves a year, as programs launch cohorts: most enrol in the first weeks of each.
    const wave = random() < 0.6 ? 0 : Math.round(lastEnrolmentDay * 0.55);
    const enrolDay = Math.min(lastEnrolmentDay, Math.round(wave + Math.abs(normal(random, 0, lastEnrolmentDay / 8))));
    const pathwayId = weighted(random, CLOUD_PATHWAYS);
    plans.push({
      email: person.email,
      programId: CLOUD_PROGRAM,
      pathwayId,
      enrolDay,
      ability: Math.min(1, Math.max(0, normal(random, 0.6 + (person.roleLevel - 2) * 0.06, 0.2))),
      submitAfterDays: Math.round(Math.min(80, Math.max(14, normal(random, 42, 16)))),
      withdraws: random() < 0.06,
      appeals: random() < 0.35,
    });
  }
  return plans.sort((a, b) => a.enrolDay - b.enrolDay).slice(0, limit ?? plans.length);
}

/** Days until a person in the loop acts on something waiting for them. */
export function delayDays(random: Random, kind: 'approval' | 'score' | 'moderation' | 'appeal' | 'vote' | 'check-in' | 'survey'): number {
  const [mean, sd] = { approval: [2.5, 2], score: [6, 3.5], moderation: [3, 1.5], appeal: [4, 2], vote: [5, 2], 'check-in': [1, 1.2], survey: [2, 1.5] }[kind];
  return Math.max(0, Math.round(normal(random, mean!, sd!)));
}

/** Each assessor's own leaning: a few are harsher, a few more lenient than the panel. */
export function assessorSeverity(random: Random): number {
  return normal(random, 0, 0.25);
}

/** One assessor's level for one criterion: the evidence's strength, their leaning and the day's noise. */
export function levelFor(random: Random, ability: number, severity: number, levels: { min: number; max: number }): number {
  const raw = levels.min + ability * (levels.max - levels.min + 0.6) - 0.3 - severity + normal(random, 0, 0.45);
  return Math.min(levels.max, Math.max(levels.min, Math.round(raw)));
}

export function managerApproves(random: Random): boolean {
  return random() > 0.08;
}

export function appealVote(random: Random): 'uphold' | 'overturn' | 'reassess' {
  const roll = random();
  return roll < 0.65 ? 'uphold' : roll < 0.9 ? 'reassess' : 'overturn';
}

/** A survey rating after an assessment: people who passed are happier, most people answer fairly. */
export function surveyRating(random: Random, passed: boolean): number {
  return Math.min(5, Math.max(1, Math.round(normal(random, passed ? 4.3 : 3.1, 0.8))));
}
