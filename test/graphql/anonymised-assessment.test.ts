import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMISED_JUDGE_VIEW } from '../../domain/anonymised-trail.js';
import type { Database } from '../../prisma/client.js';
import { openPermissionApi, type PermissionApi } from './permission-api.js';
import { A, B, PROGRAM } from './permission-fixture.js';

// Anonymised assessment (program option panel.anonymised): a panel member of a written-report journey
// sees a pseudonym and nothing that names the candidate, their department or manager, anywhere in the
// journey, its audit trail or its evidence; HR still sees who it is; a video shows the person, so its
// panel sees them too; a program without the option is unchanged.

const SECRET = 'anonymised-assessment-test-secret';

let api: PermissionApi;
let db: Database;

const PERSON = 'id name department title email roles manager { id name email }';
const JOURNEY = `query($id: ID!) { journey(id: $id) {
  id anonymity candidateHidden eligibility mentor { id } cohort { name } updatedAt
  candidate { ${PERSON} }
  events { seq type actor { ${PERSON} } data }
  submissions { title content reflection fileName }
  credentials { id number holder { ${PERSON} } }
} }`;

type Person = { id: string; name: string; department: string; email: string | null; manager: { name: string } | null };
type Journey = { id: string; anonymity: string; candidateHidden: boolean; candidate: Person; events: { actor: Person | null; data: unknown }[] };

async function journeyAs(personId: string, id: string): Promise<Journey | null> {
  const body = await api.ask<{ journey: Journey | null }>(personId, JOURNEY, { id });
  expect(body.errors).toBeUndefined();
  return body.data?.journey ?? null;
}

/** The id the viewer's panel list gives the journey. */
async function panelJourneyIds(personId: string): Promise<string[]> {
  const body = await api.ask<{ panelJourneys: { id: string }[] }>(personId, '{ panelJourneys { id } }');
  return body.data!.panelJourneys.map((j) => j.id);
}

async function setAnonymised(on: boolean) {
  const version = await db.prisma.programVersion.findFirstOrThrow({ where: { programId: PROGRAM, status: 'published' }, orderBy: { version: 'desc' } });
  const document = version.document as { panel: Record<string, unknown> };
  await db.prisma.programVersion.update({ where: { id: version.id }, data: { document: { ...document, panel: { ...document.panel, anonymised: on } } } });
}

/** Every way the candidate could be named: id, name, email, department, manager's id, name and email. */
async function identifiers(candidateId: string): Promise<string[]> {
  const person = await db.prisma.person.findUniqueOrThrow({ where: { id: candidateId }, include: { manager: true } });
  return [person.id, person.name, person.email, person.department, person.manager?.id, person.manager?.name, person.manager?.email].filter((v): v is string => !!v);
}

beforeAll(async () => {
  api = await openPermissionApi(SECRET);
  db = api.db;
  await db.prisma.submission.update({ where: { id: 'sub-a' }, data: { fileName: 'alex-landing-zone.pdf' } });
  // Eligibility facts describe the person: a department condition, on the journey and in its audit trail.
  const { department } = await db.prisma.person.findUniqueOrThrow({ where: { id: 'alex' } });
  const conditions = [{ description: 'In an eligible department', passed: true, actual: department, expected: [department] }];
  await db.prisma.journey.update({ where: { id: A }, data: { eligibility: { eligible: true, conditions } } });
  await db.prisma.journeyEvent.create({ data: { id: 'ev-a-eligible', journeyId: A, seq: 99, at: new Date(), stage: 'AWAITING_SUBMISSION', type: 'eligibility_confirmed', data: { conditions } } });
  // Journey B's evidence is a video: the panel sees the person whatever the program asks.
  await db.prisma.submission.update({ where: { id: 'sub-b' }, data: { format: 'video', url: 'https://video.example/b' } });
});

afterAll(async () => {
  await api?.close();
});

describe('anonymised assessment', () => {
  it('a program without the option shows the panel who the candidate is', async () => {
    await setAnonymised(false);
    const seen = await journeyAs('lars', A);
    expect(seen?.anonymity).toBe('OFF');
    expect(seen?.candidateHidden).toBe(false);
    expect(seen?.candidate.id).toBe('alex');
    expect(seen?.candidate.name).toBe((await db.prisma.person.findUniqueOrThrow({ where: { id: 'alex' } })).name);
  });

  it('a panel member of a written-report journey sees a pseudonym and nothing naming the candidate', async () => {
    await setAnonymised(true);
    // The journey's id names the candidate, so the panel knows it by an alias, and the id itself answers
    // as a missing journey would: trying the ids of people in the directory tells nothing.
    const ids = await panelJourneyIds('lars');
    const alias = ids.find((id) => id.startsWith('anonymous-journey:'))!;
    expect(ids).not.toContain(A);
    expect(alias).toBeDefined();
    expect(await journeyAs('lars', A)).toBeNull();
    const seen = await journeyAs('lars', alias);
    expect(seen?.id).toBe(alias);
    expect(seen?.anonymity).toBe('HIDDEN');
    expect(seen?.candidateHidden).toBe(true);
    expect(seen?.candidate.name).toMatch(/^Candidate [0-9A-F]{4}$/);
    expect(seen?.candidate).toMatchObject({ department: '', email: null, manager: null });
    expect(seen).toMatchObject({ eligibility: null });
    // The candidate filed the appeal: the audit trail's actor is the same stand-in.
    const actors = seen?.events.flatMap((e) => (e.actor ? [e.actor] : []));
    expect(actors?.some((a) => a.name === seen?.candidate.name && a.id === seen?.candidate.id)).toBe(true);
    const text = JSON.stringify(seen);
    for (const identifier of [...(await identifiers('alex')), A]) expect(text).not.toContain(identifier === A ? identifier : `"${identifier}"`);
    expect(text).not.toContain('alex-landing-zone');
    expect(text).toContain('"evidence.pdf"');
    // Stable: the same pseudonym and alias on every read.
    expect((await journeyAs('lars', alias))?.candidate.name).toBe(seen?.candidate.name);
    expect(await panelJourneyIds('lars')).toContain(alias);
    // The alias is the panel's: nobody else finds the journey by it, HR and the candidate included.
    for (const other of ['hana', 'alex', 'dana']) expect(await journeyAs(other, alias), other).toBeNull();
    // A member who leaves the panel loses the alias with the journey.
    const { panel } = await db.prisma.journey.findUniqueOrThrow({ where: { id: A }, select: { panel: true } });
    await db.prisma.journey.update({ where: { id: A }, data: { panel: panel.filter((m) => m !== 'lars') } });
    expect(await journeyAs('lars', alias)).toBeNull();
    await db.prisma.journey.update({ where: { id: A }, data: { panel } });
  });

  it("the panel's audit trail is the assessment's: no approver, delegate, next manager up, mentor or credential", async () => {
    // The people around the candidate each lead to them: the manager who approved (and enrolled them), the
    // delegate and the next manager up the request went to, the mentor; a credential's number leads to its
    // holder through verification. Journey A's trail already holds one event of every type (with made-up
    // values); these carry real people.
    const at = new Date('2026-06-02T09:00:00.000Z');
    // The credential's issue is the journey's last activity, and the public celebration feed dates it.
    const issued = new Date('2026-06-05T10:11:12.345Z');
    const event = (seq: number, type: string, actorId: string | null, data: object) => ({ id: `ev-a-people-${seq}`, journeyId: A, seq, at, stage: 'UNDER_APPEAL', type, actorId, data });
    await db.prisma.journeyEvent.createMany({
      data: [
        event(200, 'enrolled', 'maya', { pathwayId: 'written-report' }),
        event(201, 'approval_delegated', null, { from: 'maya', to: 'jordan' }),
        event(202, 'approval_requested', null, { approvalId: 'approval-a-9', approverId: 'jordan', expiresAt: at.toISOString(), attempt: 1 }),
        event(203, 'approval_escalated', null, { approvalId: 'approval-a-9', from: 'jordan', to: 'omar' }),
        event(204, 'manager_approved', 'omar', { approvalId: 'approval-a-9', decision: 'approved' }),
        event(205, 'mentor_assigned', 'hana', { mentorId: 'tom', cadence: 'P14D' }),
        { ...event(206, 'credential_issued', null, { credentialId: 'cred-a-1', number: 'CAP-2026-A1B2C3D4', issuedAt: issued.toISOString(), expiresAt: at.toISOString() }), at: issued },
        event(207, 'panel_scores_complete', 'kenji', { round: 1, assessors: ['lars', 'grace', 'kenji'] }),
      ],
    });
    // A cohort named after the team says whose it is as well.
    await db.prisma.cohort.create({ data: { id: 'cohort-a', programId: PROGRAM, name: 'Engineering (Maya Chen) pilot', pilot: true, startsOn: at } });
    const { updatedAt } = await db.prisma.journey.findUniqueOrThrow({ where: { id: A }, select: { updatedAt: true } });
    await db.prisma.journey.update({ where: { id: A }, data: { cohortId: 'cohort-a', updatedAt: issued } });
    await db.prisma.credential.create({
      data: { id: 'cred-a-1', number: 'CAP-2026-A1B2C3D4', journeyId: A, cycle: 1, personId: 'alex', programId: PROGRAM, issuedAt: at, expiresAt: new Date('2028-06-02T09:00:00.000Z'), status: 'expired' },
    });
    try {
      const alias = (await panelJourneyIds('lars')).find((id) => id.startsWith('anonymous-journey:'))!;
      const seen = (await journeyAs('lars', alias)) as unknown as Omit<Journey, 'events'> & { updatedAt: string; events: { seq: number; type: string; actor: Person | null; data: Record<string, unknown> }[]; credentials: unknown[] };
      // A judge shown as actor comes with their own manager (omar is lars's too): only the ids count here.
      const text = JSON.stringify({ ...seen, events: seen.events.map((e) => ({ ...e, actor: e.actor?.id ?? null })) });
      for (const person of ['maya', 'jordan', 'omar', 'tom', 'hana']) {
        const { name, email } = await db.prisma.person.findUniqueOrThrow({ where: { id: person } });
        for (const identifier of [`"${person}"`, name, email!]) expect(text, person).not.toContain(identifier);
      }
      expect(text).not.toContain('A1B2C3D4');
      // Its last activity is the last on its trail, not the credential's issue.
      expect(seen.updatedAt).toBe(at.toISOString());
      expect(seen.events.map((e) => e.seq)).toEqual(seen.events.map((_, i) => i + 1));
      expect(text).not.toContain('cred-a-1');
      expect(seen.credentials).toEqual([]);
      // Only the assessment's own events, and as actor only the stand-in or a judge.
      for (const e of seen.events) expect(Object.keys(ANONYMISED_JUDGE_VIEW), e.type).toContain(e.type);
      const actors = new Set(seen.events.flatMap((e) => (e.actor ? [e.actor.id] : [])));
      expect([...actors].sort()).toEqual([seen.candidate.id, 'kenji'].sort());
      expect(seen.events.find((e) => e.type === 'panel_scores_complete' && e.actor?.id === 'kenji')?.data).toEqual({ round: 1, assessors: ['lars', 'grace', 'kenji'] });
      // HR sees the whole trail, with the manager who approved.
      const hr = (await journeyAs('hana', A)) as unknown as typeof seen;
      expect(hr.events.find((e) => e.type === 'manager_approved' && e.actor?.id === 'omar')).toBeDefined();
      expect(hr.events.find((e) => e.type === 'approval_delegated' && e.data.to === 'jordan')).toBeDefined();
      expect(hr.credentials).toHaveLength(1);
      expect((seen as unknown as { cohort: unknown }).cohort).toBeNull();
      expect((hr as unknown as { cohort: unknown }).cohort).toEqual({ name: 'Engineering (Maya Chen) pilot' });
    } finally {
      await db.prisma.journeyEvent.deleteMany({ where: { id: { startsWith: 'ev-a-people-' } } });
      await db.prisma.credential.delete({ where: { id: 'cred-a-1' } });
      await db.prisma.journey.update({ where: { id: A }, data: { cohortId: null, updatedAt } });
      await db.prisma.cohort.delete({ where: { id: 'cohort-a' } });
    }
  });

  it('follows the program version in effect, not one published for a later date', async () => {
    // A version that switches the option off from 2030 must not show the panel who it is today.
    const current = await db.prisma.programVersion.findFirstOrThrow({ where: { programId: PROGRAM, appliedAt: { not: null } }, orderBy: { version: 'desc' } });
    const document = current.document as { panel: Record<string, unknown> };
    const { id: _id, appliedAt: _applied, ...row } = current;
    await db.prisma.programVersion.create({
      data: { ...row, id: `${PROGRAM}@next`, version: current.version + 1, status: 'published', effectiveAt: new Date('2030-01-01T00:00:00.000Z'), document: { ...document, panel: { ...document.panel, anonymised: false } } } as never,
    });
    try {
      const alias = (await panelJourneyIds('lars')).find((id) => id.startsWith('anonymous-journey:'));
      expect(alias).toBeDefined();
      expect((await journeyAs('lars', alias!))?.candidateHidden).toBe(true);
      expect(await journeyAs('lars', A)).toBeNull();
    } finally {
      await db.prisma.programVersion.delete({ where: { id: `${PROGRAM}@next` } });
    }
  });

  it('HR, the manager and the mentor still see who the candidate is', async () => {
    const alex = await db.prisma.person.findUniqueOrThrow({ where: { id: 'alex' } });
    for (const viewer of ['hana', alex.managerId ?? 'hana', 'tom']) {
      const seen = await journeyAs(viewer, A);
      expect(seen?.candidateHidden, viewer).toBe(false);
      expect(seen?.candidate.name, viewer).toBe(alex.name);
    }
  });

  it('an appeal reviewer sees the candidate', async () => {
    const seen = await journeyAs('dana', A);
    expect(seen?.candidateHidden).toBe(false);
    expect(seen?.candidate.id).toBe('alex');
  });

  it('a video shows the person: its panel is told so and sees the candidate', async () => {
    const seen = await journeyAs('lars', B);
    expect(seen?.anonymity).toBe('SHOWN_BY_FORMAT');
    expect(seen?.candidateHidden).toBe(false);
    expect(seen?.candidate.id).toBe('jordan');
  });
});
