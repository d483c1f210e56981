import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROGRAM_ID } from '../../../demo/program.js';
import { journeyWorkflowId } from '../../../domain/workflow-ids.js';
import { mintDevToken } from '../../../http/auth/tokens.js';
import { type ApiOnly, startApiOnly } from '../../harness/api-only.js';

// A download of someone else's evidence file is recorded in the read audit (kind evidence_file, channel
// file) before the file is sent; the candidate's own downloads and HEAD requests, which send nothing, are not.

const JWT_SECRET = 'evidence-read-audit-test-secret-1';
const JOURNEY = journeyWorkflowId(PROGRAM_ID, 'alex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

let api: ApiOnly;
let submissionId: string;

beforeAll(async () => {
  api = await startApiOnly({ jwtSecret: JWT_SECRET });
  const stored = await api.services.uploads.store({ body: PDF, fileName: 'order-platform.pdf', mimeType: 'application/pdf', uploadedBy: 'alex' });
  if (!stored.ok) throw new Error(stored.error.message);
  const now = new Date();
  await api.db.prisma.journey.create({
    data: { id: JOURNEY, programId: PROGRAM_ID, pathwayId: 'cap-portfolio', candidateId: 'alex', stage: 'awaiting_assessment', panel: ['priya', 'lars', 'grace'], enrolledAt: now, updatedAt: now },
  });
  submissionId = randomUUID();
  const file = { fileSha256: stored.value.sha256, fileName: 'order-platform.pdf', fileSize: PDF.length, mimeType: 'application/pdf' };
  await api.db.prisma.submission.create({
    data: { id: submissionId, journeyId: JOURNEY, cycle: 1, format: 'written_report', title: 'Order platform', content: 'Design', reflection: 'Learned', contentHash: 'x', submittedAt: now, submittedBy: 'alex', ...file },
  });
});

afterAll(async () => {
  await api?.close();
});

const download = async (personId: string, method = 'GET') =>
  fetch(`${api.baseUrl}/evidence/${submissionId}`, { method, headers: { authorization: `Bearer ${await mintDevToken(JWT_SECRET, personId)}` } });

describe('evidence downloads in the read audit', () => {
  it('records a panel member downloading the candidate\'s file, not the candidate nor a HEAD', async () => {
    expect((await download('alex')).status).toBe(200);
    expect((await download('priya', 'HEAD')).status).toBe(200);
    expect(await api.db.prisma.readAudit.count()).toBe(0);
    const response = await download('priya');
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    const rows = await api.db.prisma.readAudit.findMany();
    expect(rows).toEqual([
      expect.objectContaining({ viewerId: 'priya', subjectId: 'alex', journeyId: JOURNEY, kind: 'evidence_file', channel: 'file', operation: 'GET /evidence/:submissionId', address: '127.0.0.1' }),
    ]);
  });

  it('records nothing for a refused download', async () => {
    await api.db.prisma.readAudit.deleteMany({});
    expect((await download('maya')).status).toBe(404);
    expect(await api.db.prisma.readAudit.count()).toBe(0);
  });
});
