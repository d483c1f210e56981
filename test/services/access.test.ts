import { describe, expect, it } from 'vitest';
import { canSeeContactDetails, journeyGate, journeyParties, revocationGate } from '../../services/access.js';
import { candidateHiddenFromById } from '../../services/anonymity.js';
import type { PrismaClient } from '../../prisma/client.js';
import { canSeeJourney, canSeeScores, isHrViewer, redactEventData } from '../../domain/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { Role, type Viewer } from '../../domain/viewer.js';

const CANDIDATE = 'emp-ada';
const ASSESSOR = 'emp-edsger';
const journey = { candidateId: CANDIDATE, assessorId: ASSESSOR };
const unassigned = { candidateId: CANDIDATE, assessorId: null };

const viewer = (personId: string, roles: Role[], reportIds: string[] = []): Viewer => ({ personId, roles, reportIds });

const viewers: Record<string, Viewer | null> = {
  'the candidate': viewer(CANDIDATE, [Role.Candidate]),
  'another candidate': viewer('emp-alan', [Role.Candidate]),
  "the candidate's manager": viewer('emp-grace', [Role.Manager], ['emp-linus', CANDIDATE]),
  'another manager': viewer('emp-barbara', [Role.Manager], ['emp-alan']),
  'the assigned assessor': viewer(ASSESSOR, [Role.Assessor]),
  'an unassigned assessor': viewer('emp-donald', [Role.Assessor]),
  'a mentor': viewer('emp-margaret', [Role.Mentor]),
  'a committee member': viewer('emp-john', [Role.Committee]),
  hr: viewer('emp-hr', [Role.Hr]),
  'an admin': viewer('emp-admin', [Role.Admin]),
  'a program owner': viewer('emp-owner', [Role.ProgramOwner]),
  'someone with no roles': viewer('emp-nobody', []),
  anonymous: null,
};

// [viewer, sees the journey, sees the scores]
const matrix: [string, boolean, boolean][] = [
  ['the candidate', true, true],
  ['another candidate', false, false],
  ["the candidate's manager", true, false],
  ['another manager', false, false],
  ['the assigned assessor', true, true],
  ['an unassigned assessor', false, false],
  ['a mentor', false, false],
  ['a committee member', false, false],
  ['hr', true, true],
  ['an admin', true, true],
  ['a program owner', true, true],
  ['someone with no roles', false, false],
  ['anonymous', false, false],
];

const contextOf = (v: Viewer | null) => ({ viewer: v }) as GraphQLContext;

describe('journey access matrix', () => {
  it('covers every viewer', () => {
    expect(matrix.map(([name]) => name).sort()).toEqual(Object.keys(viewers).sort());
  });

  it.each(matrix)('%s: journey %s, scores %s', (name, journeyVisible, scoresVisible) => {
    const v = viewers[name] ?? null;
    expect(canSeeJourney(v, journey)).toBe(journeyVisible);
    expect(canSeeScores(v, journey)).toBe(scoresVisible);
  });

  it('never lets someone see scores who cannot see the journey', () => {
    for (const v of Object.values(viewers)) {
      if (canSeeScores(v, journey)) expect(canSeeJourney(v, journey)).toBe(true);
    }
  });
});

describe('access by relationship, not by role', () => {
  it('gives no assessor access before one is assigned', () => {
    expect(canSeeJourney(viewers['the assigned assessor']!, unassigned)).toBe(false);
    expect(canSeeScores(viewers['the assigned assessor']!, unassigned)).toBe(false);
    expect(canSeeJourney(viewers['the candidate']!, unassigned)).toBe(true);
  });

  it('does not let a candidate role see someone else', () => {
    expect(canSeeJourney(viewer('emp-alan', [Role.Candidate, Role.Assessor, Role.Mentor]), journey)).toBe(false);
  });

  it('lets a manager who is also the assigned assessor see the scores', () => {
    const both = viewer(ASSESSOR, [Role.Manager, Role.Assessor], [CANDIDATE]);
    expect(canSeeScores(both, journey)).toBe(true);
  });

  it('lets the candidate see her own scores whatever her roles', () => {
    expect(canSeeScores(viewer(CANDIDATE, []), journey)).toBe(true);
  });

  it('lets any one HR-like role among others grant access', () => {
    const mixed = viewer('emp-x', [Role.Candidate, Role.ProgramOwner]);
    expect(canSeeJourney(mixed, journey)).toBe(true);
    expect(canSeeScores(mixed, journey)).toBe(true);
  });
});

describe('isHrViewer', () => {
  it.each([
    [[Role.Hr], true],
    [[Role.Admin], true],
    [[Role.ProgramOwner], true],
    [[Role.Committee], false],
    [[Role.Manager, Role.Assessor, Role.Mentor, Role.Candidate], false],
    [[], false],
  ])('%j → %s', (roles, expected) => {
    expect(isHrViewer(viewer('emp-x', roles))).toBe(expected);
  });

  it('is false for an anonymous viewer', () => {
    expect(isHrViewer(null)).toBe(false);
  });
});

describe('canSeeContactDetails', () => {
  it.each([
    ['the candidate', true],
    ["the candidate's manager", true],
    ['hr', true],
    ['an admin', true],
    ['a program owner', true],
    ['another candidate', false],
    ['another manager', false],
    ['the assigned assessor', false],
    ['a committee member', false],
    ['someone with no roles', false],
    ['anonymous', false],
  ])("%s may see the candidate's contact details: %s", (name, expected) => {
    expect(canSeeContactDetails(contextOf(viewers[name] ?? null), CANDIDATE)).toBe(expected);
  });
});

describe('redactEventData: audit-trail keys by audience, unknown keys for HR only', () => {
  const parties = { candidateId: CANDIDATE, mentorId: 'emp-margaret' };
  const keysFor = (name: string, type: string, data: Record<string, unknown>) => Object.keys(redactEventData(viewers[name] ?? null, parties, type, data) as object).sort();
  const checkIn = { checkInId: 'c1', progress: 'p', blockers: 'b', nextSteps: 'n', someNewKey: 'x' };

  it.each([
    ['hr', ['blockers', 'checkInId', 'nextSteps', 'progress', 'someNewKey']],
    ['the candidate', ['blockers', 'checkInId', 'nextSteps', 'progress']],
    ["the candidate's manager", ['blockers', 'checkInId', 'nextSteps', 'progress']],
    ['a mentor', ['blockers', 'checkInId', 'nextSteps', 'progress']],
    ['the assigned assessor', ['checkInId']],
    ['a committee member', ['checkInId']],
  ])('a check-in recorded, as %s: %j', (name, keys) => {
    expect(keysFor(name, 'check_in_recorded', checkIn)).toEqual(keys);
  });

  it('keeps approval ids from the candidate, whose approval link is derived from them', () => {
    expect(keysFor('the candidate', 'approval_requested', { approvalId: 'a1', approverId: 'm', attempt: 1 })).toEqual(['approverId', 'attempt']);
    expect(keysFor('hr', 'approval_requested', { approvalId: 'a1', approverId: 'm', attempt: 1 })).toEqual(['approvalId', 'approverId', 'attempt']);
  });

  it('shows an event type nobody has classified to HR only', () => {
    for (const name of ['the candidate', "the candidate's manager", 'a mentor', 'the assigned assessor', 'anonymous']) expect(keysFor(name, 'future_event', { secret: 's' })).toEqual([]);
    expect(keysFor('hr', 'future_event', { secret: 's' })).toEqual(['secret']);
  });
});

describe("a journey's parties within one request", () => {
  // A stand-in read model that counts how often the journey row is read.
  const readModel = () => {
    const reads: string[] = [];
    const prisma = {
      journey: {
        findUnique: async ({ where }: { where: { id: string } }) => {
          reads.push(where.id);
          return where.id === 'j-1' ? { id: 'j-1', programId: 'p', candidateId: CANDIDATE, mentorId: null, assessorId: ASSESSOR, panel: [] } : null;
        },
      },
    };
    return { reads, prisma: prisma as unknown as PrismaClient };
  };

  it('are read once, however many checks of the request ask (the anonymity check, then the gate)', async () => {
    const { reads, prisma } = readModel();
    const ctx = { prisma, viewer: viewer(CANDIDATE, [Role.Candidate]) };
    expect(await candidateHiddenFromById(ctx, 'j-1')).toBe(false);
    const gate = journeyGate(ctx);
    const parties = await gate.parties('j-1');
    expect(parties?.candidateId).toBe(CANDIDATE);
    expect(await gate.allows(parties!)).toBe(true);
    expect(await journeyParties(ctx, 'j-1')).toBe(parties);
    expect(reads).toEqual(['j-1']);
  });

  it('are read again by the next request, and a missing journey is null for each', async () => {
    const { reads, prisma } = readModel();
    const first = { prisma, viewer: viewer(ASSESSOR, [Role.Assessor]) };
    const second = { prisma, viewer: viewer(ASSESSOR, [Role.Assessor]) };
    await journeyParties(first, 'j-1');
    await journeyParties(second, 'j-1');
    expect(await journeyGate(first).parties('j-missing')).toBeNull();
    expect(await revocationGate(second).parties('j-missing')).toBeNull();
    expect(reads).toEqual(['j-1', 'j-1', 'j-missing', 'j-missing']);
  });
});
