import { readdir, } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROGRAM_ID } from '../../demo/program.js';
import { ErrorCode } from '../../domain/errors.js';
import { journeyWorkflowId } from '../../domain/workflow-ids.js';
import { mintDevToken } from '../../http/auth/tokens.js';
import { type ApiOnly, startApiOnly } from '../harness/api-only.js';
import type { Services } from '../../services/index.js';
import type { Database, } from '../../prisma/client.js';
import { claimUpload } from '../../services/uploads.js';

// Files are stored once per content hash, but each uploader owns their own upload of it: the same bytes
// from two people are two uploads, each under its uploader's name, and only its uploader may attach it
// as evidence. Attaching is refused before any workflow is asked, so no Temporal server is needed.

const JWT_SECRET = 'upload-ownership-test-secret-12';
const pdf = (fill: string) => Buffer.concat([Buffer.from('%PDF-1.7\n', 'latin1'), Buffer.alloc(2000, fill)]);

let db: Database;
let dir: string;
let services: Services;
let baseUrl: string;
let api: ApiOnly;

beforeAll(async () => {
  api = await startApiOnly({ jwtSecret: JWT_SECRET });
  ({ db, services, baseUrl, uploadsDir: dir } = api);
});

afterAll(async () => {
  await api?.close();
});

beforeEach(async () => {
  await db.prisma.uploadedFile.deleteMany();
});

const upload = async (personId: string, body: Buffer, fileName: string) => {
  const stored = await services.uploads.store({ body, fileName, mimeType: 'application/pdf', uploadedBy: personId });
  if (!stored.ok) throw new Error(stored.error.message);
  return stored.value;
};

/** submitEvidence as `personId` on `journeyId`, attaching `fileSha256`; the typed error, if any. */
async function submitEvidence(personId: string, journeyId: string, fileSha256: string) {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await mintDevToken(JWT_SECRET, personId)}` },
    body: JSON.stringify({
      query: `mutation ($input: SubmitEvidenceInput!) { submitEvidence(input: $input) { __typename ... on CertiflowError { code path message } } }`,
      variables: { input: { journeyId, format: 'WRITTEN_REPORT', title: 't', content: 'c', reflection: 'r', fileSha256 } },
    }),
  });
  const body = (await response.json()) as { data?: { submitEvidence: { code?: string; path?: string; message?: string } } };
  return body.data?.submitEvidence;
}

describe('uploads belong to their uploader', () => {
  it('two people uploading the same bytes each own their upload, under their own name', async () => {
    const bytes = pdf('s');
    const alexs = await upload('alex', bytes, 'my-design.pdf');
    const jordans = await upload('jordan', bytes, 'jordan-appraisal-notes.pdf');
    expect(jordans.sha256).toBe(alexs.sha256);
    // One copy of the bytes, two uploads.
    expect(await readdir(dir)).toEqual([alexs.sha256]);
    expect(await db.prisma.uploadedFile.count()).toBe(1);
    const owners = await db.prisma.uploadOwnership.findMany({ orderBy: { personId: 'asc' }, select: { personId: true, fileName: true } });
    expect(owners).toEqual([
      { personId: 'alex', fileName: 'my-design.pdf' },
      { personId: 'jordan', fileName: 'jordan-appraisal-notes.pdf' },
    ]);
    // Each attaches it under their own name: jordan's file name never reaches alex's submission.
    expect(await claimUpload(db.prisma, 'alex', alexs.sha256)).toMatchObject({ fileName: 'my-design.pdf' });
    expect(await claimUpload(db.prisma, 'jordan', alexs.sha256)).toMatchObject({ fileName: 'jordan-appraisal-notes.pdf' });
    expect(await claimUpload(db.prisma, 'sam', alexs.sha256)).toBeNull();
  });

  it('evidence cannot attach a file someone else uploaded', async () => {
    const theirs = await upload('jordan', pdf('j'), 'jordan-report.pdf');
    const alexsJourney = journeyWorkflowId(PROGRAM_ID, 'alex');
    const refused = await submitEvidence('alex', alexsJourney, theirs.sha256);
    expect(refused).toMatchObject({ code: ErrorCode.NotFound, path: 'fileSha256' });
    // Word for word what a hash nobody uploaded gets, so hashes cannot be probed either.
    const unknown = await submitEvidence('alex', alexsJourney, 'f'.repeat(64));
    expect(unknown).toEqual(refused);
    // Once alex uploads those bytes too, the file is alex's to attach (the journey, absent here, is next).
    await upload('alex', pdf('j'), 'alex-copy.pdf');
    expect(await submitEvidence('alex', alexsJourney, theirs.sha256)).toMatchObject({ code: ErrorCode.NotFound, path: 'journeyId' });
  });
});
