import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApprovalActivities } from '../../activities/approvals.js';
import { createAssessmentActivities } from '../../activities/assessment.js';
import { createCommitteeActivities } from '../../activities/committee.js';
import { createCredentialActivities, credentialNumber, credentialNumberKey } from '../../activities/credentials.js';
import { createMentoringActivities } from '../../activities/mentoring.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { PROGRAM, resetProgram } from '../harness/activity-fixtures.js';

// Records a journey writes once: a retried activity (its first attempt's answer lost) inserts nothing and
// changes nothing, even when the retry carries other values, and the credential a retry returns is the
// first one. Each is one INSERT ... ON CONFLICT DO NOTHING (docs/architecture.md, Exactly-once effects).

const LINK_SECRET = 'test-link-secret-0123456789-abcdefghij';
let db: Database;
const journeyId = `journey:${PROGRAM}:casey`;

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await resetProgram(db.prisma);
  for (const id of ['casey', 'maria', 'ash']) {
    await db.prisma.person.create({ data: { id, email: `${id}@example.com`, name: id, department: 'Engineering', title: 'Engineer', roles: ['candidate'], hiredAt: new Date('2020-01-01T00:00:00Z') } });
  }
  await db.prisma.journey.create({ data: { id: journeyId, programId: PROGRAM, pathwayId: 'portfolio', candidateId: 'casey', stage: 'enrolled', enrolledAt: new Date('2026-01-01T00:00:00Z'), updatedAt: new Date('2026-01-01T00:00:00Z') } });
});
afterAll(() => db.close());

const firstAndRetry = async <T>(write: (variant: number) => Promise<T>) => [await write(1), await write(2)] as const;

describe('records written once', () => {
  it('an approval request, a submission, an assessment, an appeal and a milestone keep their first write', async () => {
    const prisma = db.prisma;
    const approvals = createApprovalActivities({ prisma, linkSecret: LINK_SECRET });
    await firstAndRetry((v) => approvals.openApproval({ approvalId: 'approval-1', journeyId, step: 'manager', approverId: v === 1 ? 'maria' : 'ash', createdAt: '2026-01-02T00:00:00.000Z', expiresAt: `2026-01-${10 + v}T00:00:00.000Z` }));
    expect(await prisma.approval.findMany({ where: { journeyId } })).toMatchObject([{ id: 'approval-1', approverId: 'maria', expiresAt: new Date('2026-01-11T00:00:00.000Z') }]);

    const assessment = createAssessmentActivities({ prisma });
    const submission = (v: number) => ({ submissionId: 'submission-1', format: 'written_report' as const, title: `Report ${v}`, content: 'Design notes', reflection: 'Learned', submittedAt: '2026-02-01T00:00:00.000Z' });
    const [first, retry] = await firstAndRetry((v) => assessment.recordSubmission({ journeyId, cycle: 1, submittedBy: 'casey', submission: submission(v) }));
    expect(retry).toEqual(first);
    expect(await prisma.submission.findMany({ where: { journeyId } })).toMatchObject([{ id: 'submission-1', title: 'Report 1' }]);

    await firstAndRetry((v) =>
      assessment.recordAssessment({
        journeyId,
        submissionId: 'submission-1',
        assessment: { assessmentId: 'assessment-1', assessorId: 'ash', scores: { design: 3 }, average: v === 1 ? 3 : 1, outcome: v === 1 ? 'passed' : 'not_passed', rationale: 'Meets the bar.', comment: '', decidedAt: '2026-02-10T00:00:00.000Z' },
      }),
    );
    expect(await prisma.assessment.findMany({ where: { journeyId } })).toMatchObject([{ id: 'assessment-1', outcome: 'passed', average: 3 }]);

    const committee = createCommitteeActivities({ prisma });
    await firstAndRetry((v) => committee.recordAppeal({ appealId: 'appeal-1', journeyId, assessmentId: 'assessment-1', grounds: `Grounds ${v}`, filedAt: '2026-02-11T00:00:00.000Z', filedBy: 'casey', reviewers: ['maria'] }));
    expect(await prisma.appeal.findMany({ where: { journeyId } })).toMatchObject([{ id: 'appeal-1', grounds: 'Grounds 1' }]);

    const mentoring = createMentoringActivities({ prisma });
    await firstAndRetry((v) => mentoring.recordMilestone({ milestoneId: 'milestone-1', journeyId, key: 'first-draft', title: `Title ${v}`, awardedAt: '2026-02-01T00:00:00.000Z', awardedBy: 'maria' }));
    expect(await prisma.milestone.findMany({ where: { journeyId } })).toMatchObject([{ id: 'milestone-1', title: 'Title 1' }]);
  });

  it('a credential issued again for the same cycle returns the first, number and dates unchanged', async () => {
    const credentials = createCredentialActivities({ prisma: db.prisma, linkSecret: LINK_SECRET });
    const [first, retry] = await firstAndRetry((v) =>
      credentials.issueCredential({ credentialId: `credential-${v}`, journeyId, cycle: 1, personId: 'casey', programId: PROGRAM, issuedAt: `2026-03-0${v}T00:00:00.000Z`, expiresAt: `2028-03-0${v}T00:00:00.000Z` }),
    );
    expect(retry).toEqual(first);
    expect(first).toMatchObject({ credentialId: 'credential-1', issuedAt: '2026-03-01T00:00:00.000Z', expiresAt: '2028-03-01T00:00:00.000Z' });
    expect(await db.prisma.credential.count({ where: { journeyId } })).toBe(1);
  });

  it('gives a cycle the next number of its own when its first is already held by another journey\'s credential', async () => {
    const other = `journey:${PROGRAM}:maria`;
    await db.prisma.journey.create({ data: { id: other, programId: PROGRAM, pathwayId: 'portfolio', candidateId: 'maria', stage: 'certified', enrolledAt: new Date('2026-01-01T00:00:00Z'), updatedAt: new Date('2026-01-01T00:00:00Z') } });
    const issuedAt = '2026-04-01T00:00:00.000Z';
    const key = credentialNumberKey(LINK_SECRET);
    // The number this cycle would get, already held (eight hex digits clash now and then).
    const taken = credentialNumber(key, PROGRAM, other, 1, issuedAt);
    await db.prisma.credential.create({ data: { id: 'clash-holder', number: taken, journeyId, cycle: 2, personId: 'casey', programId: PROGRAM, issuedAt: new Date(issuedAt), expiresAt: new Date('2028-04-01T00:00:00.000Z'), status: 'active' } });
    const credentials = createCredentialActivities({ prisma: db.prisma, linkSecret: LINK_SECRET });
    const issue = () => credentials.issueCredential({ credentialId: 'credential-other', journeyId: other, cycle: 1, personId: 'maria', programId: PROGRAM, issuedAt, expiresAt: '2028-04-01T00:00:00.000Z' });
    const issued = await issue();
    expect(issued).toEqual({ credentialId: 'credential-other', number: credentialNumber(key, PROGRAM, other, 1, issuedAt, 1), issuedAt, expiresAt: '2028-04-01T00:00:00.000Z' });
    expect(issued.number).toMatch(/^CAP-2026-[0-9A-F]{8}$/);
    expect(issued.number).not.toBe(taken);
    // A retry returns it unchanged.
    expect(await issue()).toEqual(issued);
    expect(await db.prisma.credential.count({ where: { journeyId: other } })).toBe(1);
  });
});
