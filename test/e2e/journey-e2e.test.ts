
import { describe, expect, it } from 'vitest';
import { journeyWorkflowId } from '../../domain/workflow-ids.js';
import { useTestApp } from '../harness/fixture.js';
import { approvalLinkFor, clickApproval, enroll, readModelCaughtUp, score, scoreByPanel, submitReport, waitForEvent, waitForStage } from '../harness/journey-driver.js';
import { startPostgres, type TestPostgres } from '../harness/postgres.js';

// The foundation journey end to end, as people do it: GraphQL mutations, the manager's email with its
// approval link (GET shows a page, POST decides), assessment, credential, and HR's view of the result.
// Real Temporal dev server, real SMTP server, and both databases: embedded PGlite and PostgreSQL.
// Hostile uses of the approval link are in test/chaos/approval-links.test.ts.

const JOURNEY_QUERY = `query($id: ID!) { journey(id: $id) {
  id stage cycle ruleSetId outcome eligibility
  candidate { id name }
  events { seq type at stage ruleSetId actor { id name } }
  assessments { outcome average scores rationale }
  credentials { number status issuedAt expiresAt }
} }`;

describe.each(['pglite', 'postgres'] as const)('certification journey end to end on %s', (database) => {
  let postgres: TestPostgres | undefined;
  const journeyId = journeyWorkflowId('cloud-architecture-practitioner', 'alex');

  const { env, app } = useTestApp({
    temporal: 'dev-server',
    app: async () => {
      postgres = database === 'postgres' ? await startPostgres() : undefined;
      return postgres ? { databaseUrl: postgres.url } : {};
    },
    cleanup: async () => postgres?.stop(),
  });

  it('runs enrolment, approval by link, submission, assessment, certification and the HR query', async () => {
    await app.withWorker(async () => {
      // 1. The published program and its criteria, readable before enrolling.
      const programs = await app.graphql<{ programs: { name: string; pathways: { id: string; eligibilityCriteria: string[] }[] }[] }>(
        'alex',
        '{ programs { name pathways { id eligibilityCriteria } } }',
      );
      expect(programs.data?.programs[0]?.name).toBe('Cloud Architecture Practitioner');
      expect(programs.data?.programs[0]?.pathways[0]?.eligibilityCriteria).toContain("At least 6 months' tenure");

      // 2. Enrol; enrolling again finds the same journey.
      expect(await enroll(app, 'alex')).toEqual({ journeyId, created: true });
      expect(await enroll(app, 'alex')).toEqual({ journeyId, created: false });
      await waitForStage(env.client, journeyId, 'awaiting_manager_approval');

      // 3. The manager's link: GET (and a scanner's HEAD) change nothing; POST decides; a reuse is refused.
      const link = await approvalLinkFor(app, 'maya@example.com');
      const head = await fetch(link, { method: 'HEAD' });
      expect(head.status).toBe(200);
      const click = await clickApproval(link, 'approve', 'Well deserved');
      expect(click.getStatus).toBe(200);
      expect(click.getHtml).toContain('Approve');
      expect(click.getHtml).not.toContain('<script');
      expect(click.postStatus).toBe(200);
      expect(click.postHtml).toContain('You approved');
      await waitForStage(env.client, journeyId, 'awaiting_submission');
      const reuse = await clickApproval(link, 'decline');
      expect(reuse.getStatus).toBe(409);
      expect(reuse.postStatus).toBe(409);
      expect(reuse.postHtml).toMatch(/already used/i);

      // 4. Evidence, then scoring: only members of the panel may score, each independently.
      const submitted = await submitReport(app, 'alex', journeyId);
      expect(submitted.data).toMatchObject({ submitEvidence: { __typename: 'MutationSubmitEvidenceSuccess' } });
      const assessing = await waitForStage(env.client, journeyId, 'awaiting_assessment');
      await readModelCaughtUp(app, assessing);
      const panel = assessing.panel!.map((m) => m.id);
      expect(panel).toHaveLength(3);
      // An assessor with no part in the journey (neither panel nor mentor) is not told it exists.
      const parties = [...panel, ...(assessing.mentor ? [assessing.mentor.id] : [])];
      const outsider = (await app.db.prisma.person.findMany({ where: { roles: { has: 'assessor' }, id: { notIn: parties } } }))[0]!.id;
      const refused = await score(app, outsider, journeyId, [4, 4, 4, 4]);
      expect(refused.data).toMatchObject({ scoreSubmission: { __typename: 'CertiflowError', code: 'NOT_FOUND', path: 'journeyId' } });
      const invalid = await score(app, panel[0]!, journeyId, [5, 4, 4, 4]);
      expect(invalid.data).toMatchObject({ scoreSubmission: { code: 'INVALID_INPUT', path: 'scores' } });
      const { results } = await scoreByPanel(app, env.client, journeyId, [4, 3, 3, 3]);
      for (const result of results) expect(result.data).toMatchObject({ scoreSubmission: { __typename: 'MutationScoreSubmissionSuccess' } });

      // 5. A pass issues a credential and the journey waits for re-certification. The workflow moves its
      // stage as it starts recording the event; HR reads the read model, so wait for the event there.
      await waitForStage(env.client, journeyId, 'certified');
      await waitForEvent(app, journeyId, 'credential_issued');
    });

    // 6. HR's view through GraphQL.
    const hr = await app.graphql<{ journey: Record<string, unknown> & { events: { type: string; actor: { id: string } | null; ruleSetId: string }[] } }>('hana', JOURNEY_QUERY, { id: journeyId });
    expect(hr.errors).toBeUndefined();
    const journey = hr.data!.journey;
    expect(journey).toMatchObject({
      stage: 'CERTIFIED',
      ruleSetId: 'cloud-architecture-practitioner.eligibility@1',
      outcome: 'passed',
      assessments: [{ outcome: 'passed', average: 3.25 }],
      credentials: [{ status: 'active' }],
    });
    expect(journey.events.map((e) => e.type)).toEqual([
      'enrolled',
      'eligibility_confirmed',
      'approval_requested',
      'manager_approved',
      'submission_opened',
      'mentor_assigned',
      'evidence_submitted',
      'panel_assigned',
      'panel_scores_complete',
      'assessment_decided',
      'credential_issued',
    ]);
    expect(journey.events.find((e) => e.type === 'manager_approved')?.actor?.id).toBe('maya');
    expect(journey.events.every((e) => e.ruleSetId === 'cloud-architecture-practitioner.eligibility@1')).toBe(true);

    // Exactly one of each email, one approval and one credential.
    const subjects = app.smtp.messages().map((m) => `${m.to.join(',')}: ${m.subject}`);
    expect(subjects.filter((s) => s.startsWith('maya@example.com'))).toHaveLength(1);
    expect(await app.db.prisma.approval.count({ where: { journeyId } })).toBe(1);
    expect(await app.db.prisma.credential.count({ where: { journeyId } })).toBe(1);
    expect(await app.db.prisma.outboxEmail.count({ where: { status: { not: 'sent' } } })).toBe(0);
  });

  it('shows scores to the candidate and HR but not to their manager, and hides the journey from other candidates', async () => {
    const own = await app.graphql<{ journey: { assessments: { scores: unknown }[] } }>('alex', JOURNEY_QUERY, { id: journeyId });
    expect(own.data?.journey.assessments[0]?.scores).toEqual({ 'architecture-design': 4, security: 3, 'cost-optimisation': 3, communication: 3 });
    const manager = await app.graphql<{ journey: { assessments: { scores: unknown; outcome: string }[] } }>('maya', JOURNEY_QUERY, { id: journeyId });
    expect(manager.data?.journey.assessments[0]).toMatchObject({ outcome: 'passed', scores: null });
    const stranger = await app.graphql<{ journey: unknown }>('jordan', JOURNEY_QUERY, { id: journeyId });
    expect(stranger.data?.journey).toBeNull();
    const anonymous = await app.graphql('', '{ programs { name } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const hrList = await app.graphql<{ journeys: unknown[] }>('alex', '{ journeys(first: 5) { edges { node { id } } } }');
    expect(hrList.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(hrList.data).toBeNull();
  });
});
