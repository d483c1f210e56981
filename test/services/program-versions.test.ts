import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROGRAM_FILES, readDemoProgram } from '../../demo/program.js';
import { seedDemoData } from '../../demo/seed.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import type { ProgramDocument } from '../../programs/document.js';
import { createProgramService } from '../../services/programs/service.js';
import { createRuleSetService } from '../../services/rule-sets.js';

// The program service on the embedded database, without Temporal (no journey is in flight here): a
// program copied under a new id, four eyes that an author cannot switch off alone, a request sent back,
// and a version approved for a later date overtaken by one that took effect first.

const PROGRAM = 'cloud-architecture-practitioner';
const ARI = { personId: 'ari', roles: ['admin'] };
let db: Database;
let programs: ReturnType<typeof createProgramService>;

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, '2026-11-25T09:00:00.000Z');
  programs = createProgramService({ prisma: db.prisma, ruleSets: createRuleSetService({ prisma: db.prisma }) });
});

afterAll(async () => {
  await db?.close();
});

const version = (n: number, edit: (d: ProgramDocument) => void = () => {}) => {
  const document = readDemoProgram(DEMO_PROGRAM_FILES[0]!);
  document.version = n;
  edit(document);
  return document;
};

describe('the program service', () => {
  it('copies a published program under a new id, with its own pathway ids and rule-set drafts, owned by its author', async () => {
    const started = await programs.start({ id: 'cloud-architecture-expert', name: 'Cloud Architecture Expert', author: 'ari', from: { copyOf: PROGRAM } });
    expect(started).toMatchObject({ ok: true, value: { errors: [], version: { id: 'cloud-architecture-expert@1', status: 'draft', author: 'ari' } } });
    const document = (started.ok ? started.value.version.document : null) as unknown as ProgramDocument;
    expect(document.pathways.map((p) => p.id)).toEqual(['cloud-architecture-expert-cap-portfolio', 'cloud-architecture-expert-cap-coursework', 'cloud-architecture-expert-cap-live-demo']);
    expect(document.owners).toEqual(['ari']);
    expect(document.cohorts).toBeUndefined();
    const drafts = await db.prisma.ruleSetDraft.findMany({ where: { programId: 'cloud-architecture-expert' }, orderBy: { key: 'asc' } });
    expect(drafts.map((d) => [d.key, d.kind])).toEqual([
      ['cloud-architecture-expert.eligibility', 'eligibility'],
      ['cloud-architecture-expert.recertification', 'recertification'],
    ]);
    expect(await programs.start({ id: 'cloud-architecture-expert', name: 'Again', author: 'ari', from: { template: 'starter' } })).toMatchObject({ ok: false, error: { path: 'id' } });
  });

  it('keeps four eyes on while the published version asks for them, and sends a request back with a note', async () => {
    await programs.saveDraft({ document: version(2, (d) => {
      d.publishing = { fourEyes: false };
    }), author: 'ines' });
    const requested = await programs.requestPublication({ versionId: `${PROGRAM}@2`, requestedBy: 'ines', reason: 'Owners may publish alone from now on.', policies: {} });
    expect(requested).toMatchObject({ ok: true, value: { version: { status: 'pending_approval' }, notices: null } });
    expect(await programs.reject({ versionId: `${PROGRAM}@2`, actor: ARI, note: 'Four eyes stay: the committee asked for them.' })).toMatchObject({ ok: true, value: { status: 'draft', requestedBy: null } });
    const audit = await db.prisma.programAudit.findMany({ where: { programId: PROGRAM, version: 2 }, orderBy: { at: 'asc' } });
    expect(audit.map((a) => [a.action, a.actorId, a.note])).toEqual([
      ['drafted', 'ines', null],
      ['requested', 'ines', 'Owners may publish alone from now on.'],
      ['rejected', 'ari', 'Four eyes stay: the committee asked for them.'],
    ]);
  });

  it('supersedes a version approved for a later date when the next one takes effect first', async () => {
    await programs.saveDraft({ document: version(2, (d) => {
      d.submission.deadline = 'P100D';
    }), author: 'ines' });
    await programs.requestPublication({ versionId: `${PROGRAM}@2`, requestedBy: 'ines', reason: 'More time for the evidence.', policies: { timing: 'keep' }, effectiveAt: '2027-06-01T00:00:00.000Z' });
    expect(await programs.approve({ versionId: `${PROGRAM}@2`, approver: ARI })).toMatchObject({ ok: true, value: { version: { status: 'published', appliedAt: null } } });

    await programs.saveDraft({ document: version(3, (d) => {
      d.submission.deadline = 'P120D';
    }), author: 'ines' });
    await programs.requestPublication({ versionId: `${PROGRAM}@3`, requestedBy: 'ines', reason: 'Even more time, at once.', policies: { timing: 'keep' } });
    expect(await programs.approve({ versionId: `${PROGRAM}@3`, approver: ARI })).toMatchObject({ ok: true, value: { version: { status: 'published' } } });
    expect(await db.prisma.program.findUniqueOrThrow({ where: { id: PROGRAM }, select: { submissionDeadline: true, currentVersion: true } })).toEqual({ submissionDeadline: 'P120D', currentVersion: 3 });

    // Version 2's timer fires later: it never takes effect.
    expect(await programs.apply(`${PROGRAM}@2`)).toMatchObject({ ok: true, value: { version: { status: 'superseded', appliedAt: null }, notices: [] } });
    expect(await db.prisma.program.findUniqueOrThrow({ where: { id: PROGRAM }, select: { submissionDeadline: true } })).toEqual({ submissionDeadline: 'P120D' });
  });
});
