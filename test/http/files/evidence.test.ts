import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROGRAM_ID } from '../../../demo/program.js';
import { journeyWorkflowId } from '../../../domain/workflow-ids.js';
import { mintDevToken } from '../../../http/auth/tokens.js';
import { type ApiOnly, startApiOnly } from '../../harness/api-only.js';
import type { Database, } from '../../../prisma/client.js';

// GET /evidence/<submissionId> for each role, as docs/api.md names them: the people who judge the work
// (candidate, panel, requested moderator, appeal reviewers) and HR download the file; managers, mentors,
// colleagues and bystanders get the same 404 as for a submission that does not exist. The journey is
// written straight into the read model, so no workflow is needed.

const JWT_SECRET = 'evidence-route-test-secret-123';
const JOURNEY = journeyWorkflowId(PROGRAM_ID, 'alex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

let db: Database;
let _dir: string;
let baseUrl: string;
let api: ApiOnly;
let submissionId: string;

beforeAll(async () => {
  api = await startApiOnly({ jwtSecret: JWT_SECRET });
  ({ db, baseUrl, uploadsDir: _dir } = api);
  const { services } = api;

  const stored = await services.uploads.store({ body: PDF, fileName: 'order-platform.pdf', mimeType: 'application/pdf', uploadedBy: 'alex' });
  if (!stored.ok) throw new Error(stored.error.message);
  const now = new Date();
  // Alex's journey: a panel of three, a mentor (tom), an appeal heard by dana, moderation asked of felix.
  await db.prisma.journey.create({
    data: { id: JOURNEY, programId: PROGRAM_ID, pathwayId: 'cap-portfolio', candidateId: 'alex', stage: 'awaiting_assessment', panel: ['priya', 'lars', 'grace'], mentorId: 'tom', enrolledAt: now, updatedAt: now },
  });
  submissionId = randomUUID();
  await db.prisma.submission.create({
    data: {
      id: submissionId,
      journeyId: JOURNEY,
      cycle: 1,
      format: 'written_report',
      title: 'Order platform',
      content: 'Design',
      reflection: 'Learned',
      contentHash: 'x',
      submittedAt: now,
      submittedBy: 'alex',
      fileSha256: stored.value.sha256,
      fileName: 'order-platform.pdf',
      fileSize: PDF.length,
      mimeType: 'application/pdf',
    },
  });
  await db.prisma.appeal.create({ data: { id: randomUUID(), journeyId: JOURNEY, assessmentId: 'assessment-1', grounds: 'g', filedAt: now, filedBy: 'alex', reviewers: ['dana'] } });
  await db.prisma.journeyEvent.create({
    data: { id: randomUUID(), journeyId: JOURNEY, seq: 1, type: 'moderation_requested', at: now, stage: 'awaiting_assessment', data: { moderatorId: 'felix' } },
  });
});

afterAll(async () => {
  await api?.close();
});

const download = async (personId: string | null, id = submissionId) =>
  fetch(`${baseUrl}/evidence/${encodeURIComponent(id)}`, personId ? { headers: { authorization: `Bearer ${await mintDevToken(JWT_SECRET, personId)}` } } : {});

describe('who may download an evidence file', () => {
  const ALLOWED: Record<string, string> = {
    alex: 'the candidate',
    hana: 'HR',
    ines: 'a program owner',
    ari: 'an admin',
    priya: 'a panel member',
    grace: 'another panel member',
    dana: 'a committee member sitting on its appeal',
    felix: 'the committee member asked to moderate it',
  };
  const REFUSED: Record<string, string> = {
    maya: "the candidate's manager",
    omar: "the manager's manager (a committee member on none of its appeals)",
    tom: "the candidate's mentor",
    jordan: 'a colleague',
    kenji: 'an assessor off the panel',
    mira: 'a committee member with no part in it',
  };

  for (const [personId, who] of Object.entries(ALLOWED)) {
    it(`${who} (${personId}) downloads the file`, async () => {
      const response = await download(personId);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toContain("filename*=UTF-8''order-platform.pdf");
      expect(Buffer.from(await response.arrayBuffer()).equals(PDF)).toBe(true);
    });
  }

  for (const [personId, who] of Object.entries(REFUSED)) {
    it(`evidence is not for ${who} (${personId}): 404, as for a missing submission`, async () => {
      const response = await download(personId);
      expect(response.status).toBe(404);
      const missing = await download(personId, 'no-such-submission');
      expect(missing.status).toBe(404);
      expect(await response.json()).toEqual(await missing.json());
    });
  }

  it('a manager or mentor cannot download evidence, though they may see the journey', async () => {
    for (const personId of ['maya', 'tom']) {
      const journey = await fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await mintDevToken(JWT_SECRET, personId)}` },
        body: JSON.stringify({ query: `{ journey(id: "${JOURNEY}") { submissions { title fileName } } }` }),
      });
      // That evidence went in, by its title; not its file name, which is part of the evidence (docs/api.md).
      expect(await journey.json()).toEqual({ data: { journey: { submissions: [{ title: 'Order platform', fileName: null }] } } });
      expect((await download(personId)).status).toBe(404);
    }
  });

  it("an anonymised assessment's panel gets the file under a neutral name; the candidate and HR under its own", async () => {
    const version = await db.prisma.programVersion.findFirstOrThrow({ where: { programId: PROGRAM_ID, status: 'published' }, orderBy: { version: 'desc' } });
    const document = version.document as { panel: Record<string, unknown> };
    await db.prisma.programVersion.update({ where: { id: version.id }, data: { document: { ...document, panel: { ...document.panel, anonymised: true } } } });
    try {
      const panel = await download('priya');
      expect(panel.status).toBe(200);
      expect(panel.headers.get('content-disposition')).toBe(`attachment; filename="evidence"; filename*=UTF-8''evidence.pdf`);
      expect(Buffer.from(await panel.arrayBuffer()).equals(PDF)).toBe(true);
      for (const personId of ['alex', 'hana']) expect((await download(personId)).headers.get('content-disposition'), personId).toContain("filename*=UTF-8''order-platform.pdf");
    } finally {
      await db.prisma.programVersion.update({ where: { id: version.id }, data: { document: version.document as object } });
    }
  });

  it('answers 401 without a token', async () => {
    expect((await download(null)).status).toBe(401);
  });
});
