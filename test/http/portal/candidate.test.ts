
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROGRAM_ID } from '../../../demo/program.js';
import { journeyWorkflowId } from '../../../domain/workflow-ids.js';
import { useTestApp } from '../../harness/fixture.js';
import { approvalLinkFor, clickApproval, scoreByPanel, waitForEvent, waitForStage } from '../../harness/journey-driver.js';
import { csrfFrom, decodeEntities, noticeIn, type PortalSession, signIn } from '../../harness/portal-client.js';

// The candidate's pages over HTTP, on a real worker and Temporal server: browse the published program,
// enrol through its form, follow the journey dashboard (progress, deadlines, forecast), submit evidence
// with a file through the page, and share the credential by a link anyone can verify. Other people see
// the journey read-only, or not at all.

let alex: PortalSession;
let worker: Worker;
let working: Promise<void>;
const JOURNEY = journeyWorkflowId(PROGRAM_ID, 'alex');
const JOURNEY_PAGE = `/journeys/${encodeURIComponent(JOURNEY)}`;
const PROGRAM_PAGE = `/programs/${PROGRAM_ID}`;

/** A tiny but genuine PDF: the upload service checks the leading bytes against the declared type. */
const PDF = new Blob(['%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'], { type: 'application/pdf' });

const text = (html: string) => decodeEntities(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');

const { env, app } = useTestApp({ temporal: 'time-skipping' });

beforeAll(async () => {
  // One worker for the whole file, as in production: a worker restarted between tests leaves queries and
  // updates waiting on the old worker's sticky queue.
  worker = await app.startWorker();
  working = worker.run();
  alex = await signIn(app.baseUrl, 'alex');
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await working;
});

describe('candidate pages', () => {

  it('sends an anonymous visitor to sign in, and shows a candidate the published program with its criteria', async () => {
    expect((await fetch(`${app.baseUrl}/`, { redirect: 'manual' })).headers.get('location')).toBe('/sign-in?next=%2F');
    const list = await alex.page('/programs');
    expect(list.html).toContain(`href="${PROGRAM_PAGE}"`);

    const program = await alex.page(PROGRAM_PAGE);
    expect(program.status).toBe(200);
    const words = text(program.html);
    for (const expected of ['Prerequisites', "At least 6 months' tenure", 'Portfolio pathway', 'Live demonstration pathway', 'Pass threshold', 'Performance indicators', 'Credential valid for 2 years']) {
      expect(words).toContain(expected);
    }
    expect(program.html.match(/action="\/programs\/cloud-architecture-practitioner\/enrol"/g)).toHaveLength(3);
    expect(program.html).toContain('<button type="submit" class="primary">Enrol on the Portfolio pathway</button>');
  });

  it('enrols through the page, refuses a second enrolment clearly, shows progress, deadlines and forecast, and pauses and resumes', async () => {
    const enrolled = await alex.submit(`${PROGRAM_PAGE}/enrol`, { pathwayId: 'cap-portfolio' }, { csrfFrom: PROGRAM_PAGE });
    expect(enrolled.postStatus).toBe(303);
    expect(enrolled.path).toBe(JOURNEY_PAGE);
    expect(noticeIn(enrolled.html)).toMatchObject({ kind: 'success', text: expect.stringContaining('You are enrolled') });

    const again = await alex.submit(`${PROGRAM_PAGE}/enrol`, { pathwayId: 'cap-coursework' }, { csrfFrom: PROGRAM_PAGE });
    expect(again.path).toBe(JOURNEY_PAGE);
    expect(noticeIn(again.html)).toMatchObject({ kind: 'error', text: expect.stringContaining('already enrolled in this program on the Portfolio pathway') });
    const unknown = await alex.submit(`${PROGRAM_PAGE}/enrol`, { pathwayId: 'no-such-pathway', _back: PROGRAM_PAGE }, { csrfFrom: PROGRAM_PAGE });
    expect(unknown.path).toBe(PROGRAM_PAGE);
    expect(noticeIn(unknown.html)?.kind).toBe('error');

    await waitForStage(env.client, JOURNEY, 'awaiting_manager_approval');
    expect((await clickApproval(await approvalLinkFor(app, 'maya@example.com'), 'approve')).postStatus).toBe(200);
    await waitForStage(env.client, JOURNEY, 'awaiting_submission');

    const journey = await alex.page(JOURNEY_PAGE);
    if (process.env.DUMP) (await import('node:fs')).writeFileSync('/tmp/journey.html', journey.html);
    expect(journey.status).toBe(200);
    const words = text(journey.html);
    expect(words).toContain('Stage: Awaiting submission');
    expect(journey.html).toMatch(/<li class="current" aria-current="step">Agree a learning plan[^<]*<span class="step-state">You are here<\/span>/);
    expect(words).toMatch(/2 of \d+ steps done/);
    expect(words).toMatch(/Evidence due \d{4}-\d{2}-\d{2} Open/);
    // Minutes into the journey with no past candidates: no date rather than a guess of "today".
    expect(words).toContain('Too early to forecast a certification date');
    expect(words).toContain("At least 6 months' tenure Met");
    // One multipart form per format the Portfolio pathway accepts.
    expect(journey.html.match(/enctype="multipart\/form-data"/g)).toHaveLength(2);
    expect(journey.html).toContain('<label for="evidence-video-url">');

    expect(journey.html).toMatch(/<form method="post" action="[^"]+\/withdraw" class="stack" aria-label="Withdraw" data-confirm="[^"]+">/);

    // A leave of absence and back, through the page's forms: the audit trail shows both.
    const paused = await alex.submit(`${JOURNEY_PAGE}/pause`, { reason: 'Parental leave' }, { csrf: csrfFrom(journey.html) });
    expect(noticeIn(paused.html)).toMatchObject({ kind: 'success', text: expect.stringContaining('paused') });
    await waitForEvent(app, JOURNEY, 'journey_paused');
    const whilePaused = await alex.page(JOURNEY_PAGE);
    expect(whilePaused.html).toContain('Resume my journey');
    expect(text(whilePaused.html)).toContain('Evidence due');
    const resumed = await alex.submit(`${JOURNEY_PAGE}/resume`, {}, { csrfFrom: JOURNEY_PAGE });
    expect(noticeIn(resumed.html)).toMatchObject({ kind: 'success', text: expect.stringContaining('The journey is now: awaiting submission') });
    await waitForEvent(app, JOURNEY, 'journey_resumed');
    expect(text((await alex.page(JOURNEY_PAGE)).html)).toMatch(/Journey paused .* Parental leave/);

    const home = text((await alex.page('/')).html);
    expect(home).toMatch(/Cloud Architecture Practitioner Portfolio Awaiting submission Evidence due: \d{4}-\d{2}-\d{2}/);
  });

  it('shows the journey read-only to the manager, and not at all to another candidate', async () => {
    const maya = await signIn(app.baseUrl, 'maya');
    const managerView = await maya.page(JOURNEY_PAGE);
    expect(managerView.status).toBe(200);
    expect(text(managerView.html)).toContain('You are viewing this journey as their manager; it is read-only here.');
    expect(managerView.html).toContain('href="/team"');
    expect(managerView.html).not.toContain('What you can do now');

    const jordan = await signIn(app.baseUrl, 'jordan');
    const other = await jordan.page(JOURNEY_PAGE);
    expect(other.status).toBe(404);
    expect(other.html).not.toContain('Alex');
    // Posting to it anyway is answered as for a journey that does not exist: nothing tells jordan it does.
    const forged = await jordan.postMultipart(`${JOURNEY_PAGE}/evidence`, { format: 'written_report', title: 'Not mine', content: 'x', reflection: 'y' }, { csrfFrom: '/' });
    expect(forged.status).toBe(303);
    expect(noticeIn((await jordan.page(forged.headers.get('location')!)).html)).toMatchObject({ kind: 'error', text: `Journey ${JOURNEY} does not exist.` });
    expect(await app.db.prisma.submission.count({ where: { journeyId: JOURNEY } })).toBe(0);
  });

  it('submits evidence with a file through the page, refusing a file that is not what it claims', async () => {
    const fake = await alex.postMultipart(
      `${JOURNEY_PAGE}/evidence`,
      { format: 'written_report', title: 'Fake', content: 'x', reflection: 'y', file: { file: new Blob(['not a pdf'], { type: 'application/pdf' }), name: 'fake.pdf' } },
      { csrfFrom: JOURNEY_PAGE },
    );
    expect(fake.headers.get('location')).toBe(JOURNEY_PAGE);
    expect(noticeIn((await alex.page(JOURNEY_PAGE)).html)).toMatchObject({ kind: 'error', text: "The file's content is not application/pdf." });

    const sent = await alex.postMultipart(
      `${JOURNEY_PAGE}/evidence`,
      {
        format: 'written_report',
        title: 'Multi-region order platform',
        content: 'Design of an active-active order platform across two regions, with cost and threat models (attached).',
        reflection: 'I learned to justify consistency trade-offs to product owners.',
        file: { file: PDF, name: 'order-platform.pdf' },
      },
      { csrfFrom: JOURNEY_PAGE },
    );
    expect(sent.status).toBe(303);
    const after = await alex.page(sent.headers.get('location')!);
    expect(noticeIn(after.html)).toMatchObject({ kind: 'success', text: expect.stringContaining('submitted with the file order-platform.pdf') });
    await waitForStage(env.client, JOURNEY, 'awaiting_assessment');
    const submission = await app.db.prisma.submission.findFirstOrThrow({ where: { journeyId: JOURNEY } });
    expect(submission).toMatchObject({ title: 'Multi-region order platform', fileName: 'order-platform.pdf', mimeType: 'application/pdf' });
    const words = text((await alex.page(JOURNEY_PAGE)).html);
    expect(words).toContain('Stage: Awaiting assessment');
    expect(words).toMatch(/Multi-region order platform Written report 1 [\d-]+ [\d:]+ UTC Download order-platform\.pdf \(application\/pdf, \d+ bytes\)/);

    // The file itself, for whoever may see the journey: same answer for "not yours" and "no such file".
    const download = await alex.fetch(`/evidence/${submission.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toContain("filename*=UTF-8''order-platform.pdf");
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(await PDF.arrayBuffer()))).toBe(true);
    const jordan = await signIn(app.baseUrl, 'jordan');
    expect((await jordan.fetch(`/evidence/${submission.id}`)).status).toBe(404);
    expect((await jordan.fetch('/evidence/no-such-submission')).status).toBe(404);
    expect((await fetch(`${app.baseUrl}/evidence/${submission.id}`)).status).toBe(401);
  });

  it('shares the credential by a link anyone can verify, and rejects a tampered link', async () => {
    await scoreByPanel(app, env.client, JOURNEY, [4, 3, 3, 3]);
    await waitForEvent(app, JOURNEY, 'credential_issued');
    const credential = await app.db.prisma.credential.findFirstOrThrow({ where: { journeyId: JOURNEY } });
    const home = await alex.page('/');
    expect(home.html).toContain(`<a href="/credentials/${credential.id}">${credential.number}</a>`);

    const share = await alex.page(`/credentials/${credential.id}`);
    expect(share.status).toBe(200);
    const code = /href="\/verify\/([^"]+)"/.exec(share.html)?.[1];
    expect(code).toBeTruthy();
    expect(share.html).toMatch(new RegExp(`<input type="text" id="share-link" class="share-link" value="[^"]*/verify/${code}" readonly>`));

    // Anyone, signed in or not, may open it; it names holder, program, dates and status, no contact details.
    const verified = await fetch(`${app.baseUrl}/verify/${code}`);
    expect(verified.status).toBe(200);
    const page = await verified.text();
    const words = text(page);
    expect(words).toContain('Active Valid: this credential is active.');
    expect(words).toContain('Holder Alex Kim');
    expect(words).toContain('Program Cloud Architecture Practitioner');
    expect(words).toContain(`Credential number ${credential.number}`);
    expect(page).not.toContain('alex@example.com');
    expect(page).not.toMatch(/score|average/i);

    const last = decodeURIComponent(code!).at(-1);
    const tampered = `${decodeURIComponent(code!).slice(0, -1)}${last === 'A' ? 'B' : 'A'}`;
    for (const bad of [encodeURIComponent(tampered), encodeURIComponent(credential.id), 'nothing']) {
      const refused = await fetch(`${app.baseUrl}/verify/${bad}`);
      expect(refused.status).toBe(404);
      expect(await refused.text()).toContain('Not a valid credential link');
    }

    // The manager may see the credential but not hand out its link.
    const maya = await signIn(app.baseUrl, 'maya');
    const managerView = await maya.page(`/credentials/${credential.id}`);
    expect(managerView.status).toBe(200);
    expect(managerView.html).toContain('Only the holder and HR can share this credential.');
    expect((await (await signIn(app.baseUrl, 'jordan')).page(`/credentials/${credential.id}`)).status).toBe(404);
  });
});
