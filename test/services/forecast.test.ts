import { describe, expect, it } from 'vitest';
import { forecastJourney, firstReached, type PeerRecord, stepsDoneAt } from '../../services/analytics/forecast.js';

// Forecast arithmetic against hand-computed answers. Day 0 is 1 January 2026 (UTC).

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000);
const progression = ['enrol', 'approval', 'learning plan', 'submit', 'panel', 'decision', 'credential'];

/** Enrolled day 0, in assessment on day 40…80, certified 20…60 days later. */
const peers: PeerRecord[] = [40, 50, 60, 70, 80].map((reach, i) => ({
  enrolledAt: day(0),
  reachedAt: { awaiting_assessment: day(reach) },
  certifiedAt: day(reach + 20 + 10 * i),
}));

describe('stepsDoneAt', () => {
  it('maps stages onto the published progression', () => {
    expect(stepsDoneAt('awaiting_manager_approval', 7)).toBe(1);
    expect(stepsDoneAt('awaiting_submission', 7)).toBe(2);
    expect(stepsDoneAt('awaiting_assessment', 7)).toBe(4);
    expect(stepsDoneAt('appeal_window', 7)).toBe(5);
    expect(stepsDoneAt('certified', 7)).toBe(7);
  });
});

describe('forecastJourney', () => {
  it('scales the peers’ p25/median/p75 from this stage by the candidate’s pace', () => {
    // Peers reached assessment after a median of 60 days; this candidate after 30: pace 0.5.
    // Peers' days from assessment to credential: 20 30 40 50 60 → nearest-rank p25 30, p50 40, p75 50.
    const f = forecastJourney({ now: day(35), stage: 'awaiting_assessment', enrolledAt: day(0), stageEnteredAt: day(30), progression, peers });
    expect(f).toMatchObject({ status: 'in_progress', basis: 'peers', peers: 5, pace: 0.5, stepsDone: 4, stepsTotal: 7, remaining: ['panel', 'decision', 'credential'] });
    expect(f.earliest).toEqual(day(45));
    expect(f.expected).toEqual(day(50));
    expect(f.latest).toEqual(day(55));
  });

  it('clamps the pace to 2 and never forecasts a date in the past', () => {
    const f = forecastJourney({ now: day(400), stage: 'awaiting_assessment', enrolledAt: day(0), stageEnteredAt: day(240), progression, peers });
    expect(f.pace).toBe(2);
    // 240 + 2×30 = 300 and 240 + 2×40 = 320 are past: now; 240 + 2×50 = 340 too.
    expect(f.earliest).toEqual(day(400));
    expect(f.latest).toEqual(day(400));
  });

  it('falls back to the candidate’s own pace with ±25% when fewer than five peers', () => {
    // 40 days for 4 steps: 10 days a step, 3 steps left → 30 days (22.5 to 37.5).
    const f = forecastJourney({ now: day(40), stage: 'awaiting_assessment', enrolledAt: day(0), stageEnteredAt: day(30), progression, peers: peers.slice(0, 4) });
    expect(f).toMatchObject({ basis: 'own_pace', peers: 0, pace: null });
    expect(f.expected).toEqual(day(70));
    expect(f.earliest).toEqual(day(62.5));
    expect(f.latest).toEqual(day(77.5));
  });

  it('gives no date for certified or ended journeys', () => {
    expect(forecastJourney({ now: day(90), stage: 'certified', enrolledAt: day(0), stageEnteredAt: day(80), progression, peers })).toMatchObject({ status: 'certified', remaining: [], expected: null });
    expect(forecastJourney({ now: day(90), stage: 'withdrawn', enrolledAt: day(0), stageEnteredAt: day(80), progression, peers })).toMatchObject({ status: 'ended', remaining: [], expected: null });
  });

  it('ignores peers that never passed through the candidate’s stage', () => {
    const f = forecastJourney({ now: day(20), stage: 'awaiting_submission', enrolledAt: day(0), stageEnteredAt: day(3), progression, peers });
    expect(f.basis).toBe('own_pace');
  });

  it('gives no date from a pace of a few days (approval often comes within the hour)', () => {
    const young = forecastJourney({ now: day(2), stage: 'awaiting_submission', enrolledAt: day(0), stageEnteredAt: day(0), progression, peers: [] });
    expect(young).toMatchObject({ basis: 'none', expected: null, status: 'in_progress' });
  });
});

describe('firstReached', () => {
  it('keeps the earliest instant of each stage', () => {
    expect(firstReached([{ stage: 'a', at: day(5) }, { stage: 'a', at: day(2) }, { stage: 'b', at: day(3) }])).toEqual({ a: day(2), b: day(3) });
  });
});
