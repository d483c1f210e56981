
import { describe, expect, it } from 'vitest';
import { PROGRAM_ID } from '../../demo/program.js';
import { surveyRoutes } from '../../http/links/surveys.js';
import { serveRoutes } from '../harness/edge.js';
import { createSurveyService } from '../../services/surveys.js';
import { useTestApp } from '../harness/fixture.js';

// The satisfaction survey: the sweeper emails each decided assessment's candidate once however often
// it runs, the signed link records one answer, and HR sees results only for groups of five or more.


const { env, app } = useTestApp({ temporal: 'time-skipping', per: 'test' });


const DAY = 86_400_000;

async function seedDecisions(count: number): Promise<void> {
  const prisma = app.db.prisma;
  for (let i = 1; i <= count; i++) {
    const personId = `survey-cand-${i}`;
    const journeyId = `journey:${PROGRAM_ID}:${personId}`;
    await prisma.person.create({
      data: { id: personId, email: `${personId}@example.com`, name: `Candidate ${i}`, department: 'Engineering', title: 'Engineer', roles: ['candidate'], hiredAt: new Date(Date.now() - 900 * DAY) },
    });
    await prisma.journey.create({
      data: { id: journeyId, programId: PROGRAM_ID, pathwayId: 'cap-portfolio', candidateId: personId, stage: 'certified', enrolledAt: new Date(Date.now() - 60 * DAY), updatedAt: new Date() },
    });
    await prisma.assessment.create({
      data: { id: `assessment-${personId}`, journeyId, submissionId: `s-${personId}`, scores: {}, average: 3.5, outcome: 'passed', rationale: 'Seeded', decidedAt: new Date(Date.now() - i * DAY) },
    });
  }
  // Decided long ago: outside the sweeper's look-back, never surveyed.
  await prisma.assessment.update({ where: { id: `assessment-survey-cand-${count}` }, data: { decidedAt: new Date(Date.now() - 400 * DAY) } });
}

async function withSurveyRoute<T>(fn: (base: string) => Promise<T>): Promise<T> {
  const surveys = createSurveyService({ prisma: app.db.prisma, linkSecret: app.config.APPROVAL_LINK_SECRET });
  const served = await serveRoutes((edge) => edge.route('/', surveyRoutes(surveys)));
  try {
    return await fn(served.baseUrl);
  } finally {
    await served.close();
  }
}

const post = (url: string, form: Record<string, string>) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });

const RESULTS = `query ($id: ID!) { satisfactionResults(programId: $id) { overall { suppressed responses averageRating distribution } byOutcome { group suppressed responses } } }`;

describe('satisfaction survey', () => {
  it('is sent once per decision, answered once, and reported only for groups of five or more', async () => {
    await seedDecisions(7);
    const sweep = (n: number) =>
      env.client.workflow.execute('surveyDispatchWorkflow', { workflowId: `survey-dispatch-test-${n}`, taskQueue: app.taskQueue, args: [{ version: 1 }] });
    const [first, second] = await app.withWorker(async () => [await sweep(1), await sweep(2)]);
    expect(first.sent).toHaveLength(6);
    expect(second.sent).toEqual([]);

    const surveys = app.smtp.messages().filter((m) => /How was your .* assessment/.test(m.subject));
    for (let i = 1; i <= 6; i++) expect(surveys.filter((m) => m.to.includes(`survey-cand-${i}@example.com`))).toHaveLength(1);
    expect(surveys.filter((m) => m.to.includes('survey-cand-7@example.com'))).toHaveLength(0);

    const links = surveys.map((m) => new URL(m.links.find((l) => l.includes('/surveys/'))!));
    await withSurveyRoute(async (base) => {
      const [firstLink] = links;
      const form = await fetch(`${base}${firstLink!.pathname}${firstLink!.search}`);
      expect(form.status).toBe(200);
      expect(await form.text()).toContain('name="rating"');
      const forged = await fetch(`${base}${firstLink!.pathname}?token=forged`);
      expect(forged.status).toBe(404);
      expect((await post(`${base}${firstLink!.pathname}`, { token: firstLink!.searchParams.get('token')!, rating: '9' })).status).toBe(400);

      for (const [i, link] of links.slice(0, 4).entries()) {
        const answered = await post(`${base}${link.pathname}`, { token: link.searchParams.get('token')!, rating: String(i + 2), comment: 'Fair' });
        expect(answered.status).toBe(200);
      }
      const again = await post(`${base}${firstLink!.pathname}`, { token: firstLink!.searchParams.get('token')!, rating: '1' });
      expect(again.status).toBe(409);
      expect(await app.db.prisma.surveyResponse.count()).toBe(4);

      // Four answers: below the minimum group size, nothing but the suppression is shown. Answers
      // count in whole batches of five people, so none is in the figures yet, not even an outcome's name.
      const small = await app.graphql('hana', RESULTS, { id: PROGRAM_ID });
      expect(small.data).toEqual({ satisfactionResults: { overall: { suppressed: true, responses: null, averageRating: null, distribution: null }, byOutcome: [] } });

      const fifth = links[4]!;
      expect((await post(`${base}${fifth.pathname}`, { token: fifth.searchParams.get('token')!, rating: '5' })).status).toBe(200);
    });
    const results = await app.graphql('hana', RESULTS, { id: PROGRAM_ID });
    expect(results.data).toEqual({
      satisfactionResults: { overall: { suppressed: false, responses: 5, averageRating: 3.8, distribution: [0, 1, 1, 1, 2] }, byOutcome: [{ group: 'passed', suppressed: false, responses: 5 }] },
    });
    const candidate = await app.graphql('survey-cand-1', RESULTS, { id: PROGRAM_ID });
    expect(candidate.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
