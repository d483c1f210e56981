import type { PrismaClient } from '../../prisma/client.js';

// The relationships the access rules are about, read from the seeded database once, so the walk's
// rules (permission-fields.ts) can say who may see a value without asking the code under test.

export interface JourneyFacts {
  candidateId: string;
  managerId: string | null;
  mentorId: string | null;
  /** The current panel and any earlier assessor. */
  panel: string[];
  /** Committee members sitting on one of its appeals. */
  reviewers: string[];
  /** Committee members asked to moderate it. */
  moderators: string[];
}

export interface World {
  roles: Map<string, string[]>;
  managers: Map<string, string | null>;
  journeys: Map<string, JourneyFacts>;
  /** Assessment id → the people who decided it and the reviewers of appeals against it. */
  assessments: Map<string, { scorers: string[]; reviewers: string[] }>;
  appeals: Map<string, string[]>;
  credentials: Map<string, { personId: string; status: string }>;
  approvals: Map<string, string>;
  /** `Type:id` → the journey an object belongs to. */
  owners: Map<string, string>;
}

export async function loadWorld(p: PrismaClient): Promise<World> {
  const [people, journeys, assessments, appeals, moderations, credentials, approvals] = await Promise.all([
    p.person.findMany({ select: { id: true, roles: true, managerId: true } }),
    p.journey.findMany({ select: { id: true, candidateId: true, mentorId: true, panel: true, assessorId: true } }),
    p.assessment.findMany({ select: { id: true, journeyId: true, panel: true, assessorId: true, moderatedBy: true } }),
    p.appeal.findMany({ select: { id: true, journeyId: true, assessmentId: true, reviewers: true } }),
    p.journeyEvent.findMany({ where: { type: 'moderation_requested' }, select: { journeyId: true, data: true } }),
    p.credential.findMany({ select: { id: true, journeyId: true, personId: true, status: true } }),
    p.approval.findMany({ select: { id: true, journeyId: true, approverId: true } }),
  ]);
  const managers = new Map(people.map((person) => [person.id, person.managerId]));
  const world: World = {
    roles: new Map(people.map((person) => [person.id, person.roles])),
    managers,
    journeys: new Map(),
    assessments: new Map(),
    appeals: new Map(appeals.map((a) => [a.id, a.reviewers])),
    credentials: new Map(credentials.map((c) => [c.id, { personId: c.personId, status: c.status }])),
    approvals: new Map(approvals.map((a) => [a.id, a.approverId])),
    owners: new Map(),
  };
  for (const j of journeys) {
    world.journeys.set(j.id, {
      candidateId: j.candidateId,
      managerId: managers.get(j.candidateId) ?? null,
      mentorId: j.mentorId,
      panel: [...j.panel, ...(j.assessorId ? [j.assessorId] : [])],
      reviewers: appeals.filter((a) => a.journeyId === j.id).flatMap((a) => a.reviewers),
      moderators: moderations.filter((m) => m.journeyId === j.id).map((m) => (m.data as { moderatorId: string }).moderatorId),
    });
  }
  for (const a of assessments) {
    const reviewers = appeals.filter((appeal) => appeal.assessmentId === a.id).flatMap((appeal) => appeal.reviewers);
    world.assessments.set(a.id, { scorers: [...a.panel, ...[a.assessorId, a.moderatedBy].filter((id): id is string => !!id)], reviewers });
  }
  const owned: [string, { id: string; journeyId: string }[]][] = [
    ['Assessment', assessments],
    ['Appeal', appeals],
    ['Credential', credentials],
    ['Approval', approvals],
    ['CheckIn', await p.checkIn.findMany({ select: { id: true, journeyId: true } })],
    ['Milestone', await p.milestone.findMany({ select: { id: true, journeyId: true } })],
    ['PanelScore', await p.panelScore.findMany({ select: { id: true, journeyId: true } })],
    ['Submission', await p.submission.findMany({ select: { id: true, journeyId: true } })],
    ['JourneyEvent', await p.journeyEvent.findMany({ select: { id: true, journeyId: true } })],
  ];
  for (const [type, rows] of owned) for (const row of rows) world.owners.set(`${type}:${row.id}`, row.journeyId);
  for (const j of journeys) world.owners.set(`Journey:${j.id}`, j.id);
  return world;
}
