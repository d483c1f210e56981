import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../demo/seed.js';
import { mintDevToken } from '../../http/auth/tokens.js';
import { createGraphQLHandler } from '../../http/graphql.js';
import { type Database, openDatabase } from '../../prisma/client.js';
import { createServices } from '../../services/index.js';

// The published program as a candidate reads it before enrolling, through the real yoga handler on a
// seeded in-memory database. Program queries never reach Temporal, so no client is given.

const SECRET = 'program-test-secret';

const PUBLISHED = `query($id: ID!) { program(id: $id) {
  name
  validity recertificationWindow recertificationReminders gracePeriod
  submissionDeadline submissionReminders checkInCadence checkInReminder appealWindow approvalLinkTtl
  prerequisites recertificationCriteria recertificationRuleSetId
  assessment { panelSize moderationSpread appealReviewers maxResubmissions decisionRule moderationRule appealRule }
  competencies { key name kind description indicators { code description } }
  cohorts { id name pilot startsOn }
  pathways {
    id name kind evidenceFormats evidenceRequirements progression eligibilityCriteria
    rubricCriteria { passAverage decisionRule levels { level label } criteria { key title threshold critical competency } }
  }
} }`;

interface Published {
  name: string;
  validity: string;
  recertificationWindow: string;
  recertificationReminders: string[];
  gracePeriod: string;
  submissionDeadline: string;
  submissionReminders: string[];
  checkInCadence: string;
  checkInReminder: string;
  appealWindow: string;
  approvalLinkTtl: string;
  prerequisites: string[];
  recertificationCriteria: string[];
  recertificationRuleSetId: string | null;
  assessment: Record<string, unknown> & { decisionRule: string; moderationRule: string; appealRule: string };
  competencies: { key: string; name: string; kind: string; description: string; indicators: { code: string; description: string }[] }[];
  cohorts: { id: string; name: string; pilot: boolean; startsOn: string }[];
  pathways: {
    id: string;
    kind: string;
    evidenceFormats: string[];
    evidenceRequirements: string[];
    progression: string[];
    eligibilityCriteria: string[];
    rubricCriteria: {
      passAverage: number;
      decisionRule: string;
      levels: { level: number; label: string }[];
      criteria: { key: string; threshold: number; critical: boolean; competency: string | null }[];
    };
  }[];
}

let db: Database;
let yoga: ReturnType<typeof createGraphQLHandler>;

async function graphql<T>(personId: string | null, query: string, variables?: Record<string, unknown>) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (personId) headers.authorization = `Bearer ${await mintDevToken(SECRET, personId)}`;
  const response = await yoga.fetch('http://x/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function published(personId = 'sam'): Promise<Published> {
  const result = await graphql<{ program: Published }>(personId, PUBLISHED, { id: 'cloud-architecture-practitioner' });
  expect(result.errors).toBeUndefined();
  return result.data!.program;
}

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, '2026-11-25T09:00:00.000Z');
  const services = createServices({ prisma: db.prisma, client: undefined as never, taskQueue: 'x' });
  yoga = createGraphQLHandler({ services, jwtSecret: SECRET, production: true });
});

afterAll(async () => {
  await db?.close();
});

describe('the published program', () => {
  it('lists technical and soft competencies, each with observable indicators', async () => {
    const { competencies } = await published();
    // Every competency is assessed by a rubric criterion (the program document is refused otherwise).
    expect(competencies.map((c) => c.key)).toEqual(['architecture-design', 'security', 'cost-optimisation', 'communication']);
    expect(competencies.filter((c) => c.kind === 'TECHNICAL').map((c) => c.key)).toEqual(['architecture-design', 'security', 'cost-optimisation']);
    expect(competencies.filter((c) => c.kind === 'SOFT').map((c) => c.name)).toEqual(['Communication and collaboration']);
    for (const competency of competencies) {
      expect(competency.indicators.length, competency.key).toBeGreaterThanOrEqual(2);
      expect(competency.indicators.length, competency.key).toBeLessThanOrEqual(5);
      expect(competency.indicators.every((i) => i.code !== '' && i.description.length > 20)).toBe(true);
    }
    expect(competencies.find((c) => c.key === 'security')?.indicators[0]).toEqual({
      code: 'SE-1',
      description: 'Grants each identity only the permissions its task needs.',
    });
  });

  it('offers three pathways, each with its formats, evidence requirements and ordered progression', async () => {
    const { pathways } = await published();
    expect(pathways.map((p) => [p.id, p.kind, p.evidenceFormats])).toEqual([
      ['cap-coursework', 'coursework', ['written_report']],
      ['cap-live-demo', 'live_demo', ['live_demonstration']],
      ['cap-portfolio', 'portfolio', ['written_report', 'video']],
    ]);
    for (const pathway of pathways) {
      expect(pathway.evidenceRequirements.length, pathway.id).toBeGreaterThanOrEqual(3);
      expect(pathway.evidenceRequirements.some((r) => /reflection/i.test(r)), pathway.id).toBe(true);
      const steps = pathway.progression;
      const at = (pattern: RegExp) => steps.findIndex((step) => pattern.test(step));
      // The order a candidate goes through: approval, mentoring, evidence, panel, decision, credential.
      const order = [/^Manager approval/, /check-ins every two weeks/, /reflection within 90 days/, /^Panel of three assessors/, /appeal window of 14 days/, /^Credential valid two years/].map(at);
      expect(order.every((i) => i >= 0), `${pathway.id}: ${steps.join(' | ')}`).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
    }
  });

  it('publishes the rubric: levels, thresholds per criterion mapped to competencies, and the decision rule', async () => {
    const portfolio = (await published()).pathways.find((p) => p.id === 'cap-portfolio')!;
    expect(portfolio.rubricCriteria.levels).toEqual([
      { level: 1, label: 'Beginning' },
      { level: 2, label: 'Developing' },
      { level: 3, label: 'Proficient' },
      { level: 4, label: 'Exemplary' },
    ]);
    expect(portfolio.rubricCriteria.criteria).toEqual([
      { key: 'architecture-design', title: 'Architecture design', threshold: 3, critical: true, competency: 'architecture-design' },
      { key: 'security', title: 'Security', threshold: 3, critical: true, competency: 'security' },
      { key: 'cost-optimisation', title: 'Cost optimisation', threshold: 2, critical: false, competency: 'cost-optimisation' },
      { key: 'communication', title: 'Communication', threshold: 2, critical: false, competency: 'communication' },
    ]);
    expect(portfolio.rubricCriteria.passAverage).toBe(2.5);
    expect(portfolio.rubricCriteria.decisionRule).toMatch(
      /^Every critical criterion \(Architecture design, Security\) at level 3 or above and an average of at least 2\.5 across all criteria/,
    );
  });

  it('states the prerequisites and re-certification criteria in plain language', async () => {
    const program = await published();
    expect(program.prerequisites).toEqual([
      "At least 6 months' tenure",
      'One of: Completed the prerequisite course CLOUD-101 (Cloud Foundations); or Holds the AWS Certified Solutions Architect – Associate certification (AWS-SAA); or Holds the Microsoft Azure Solutions Architect Expert certification (AZ-305)',
    ]);
    expect(program.pathways.every((p) => JSON.stringify(p.eligibilityCriteria) === JSON.stringify(program.prerequisites))).toBe(true);
    expect(program.recertificationRuleSetId).toBe('cloud-architecture-practitioner.recertification@1');
    expect(program.recertificationCriteria).toEqual([
      'One of: Completed at least one course from the training catalog; or Holds at least one current outside certification, such as AWS-SAA or AZ-305',
    ]);
  });

  it('publishes every duration as ISO 8601 data, and the assessment in numbers and words', async () => {
    const program = await published();
    expect(program).toMatchObject({
      validity: 'P2Y',
      recertificationWindow: 'P60D',
      recertificationReminders: ['P60D', 'P30D', 'P7D'],
      gracePeriod: 'P14D',
      submissionDeadline: 'P90D',
      submissionReminders: ['P14D', 'P3D'],
      checkInCadence: 'P14D',
      checkInReminder: 'P2D',
      appealWindow: 'P14D',
      approvalLinkTtl: 'P7D',
    });
    expect(program.assessment).toMatchObject({ panelSize: 3, moderationSpread: 1, appealReviewers: 2, maxResubmissions: 1 });
    expect(program.assessment.decisionRule).toMatch(/^Every critical criterion .* at level 3 or above and an average of at least 2\.5/);
    expect(program.assessment.moderationRule).toMatch(/^3 assessors score independently.*more than 1 level goes to a moderator/);
    expect(program.assessment.appealRule).toBe(
      'You may appeal within 14 days of the decision; 2 members of the certification committee review the appeal.',
    );
  });

  it('lists the cohorts with the pilot flagged', async () => {
    expect((await published()).cohorts).toEqual([
      { id: 'cap-2026-pilot', name: '2026 pilot', pilot: true, startsOn: '2026-03-02T00:00:00.000Z' },
      { id: 'cap-2027-q1', name: '2027 Q1', pilot: false, startsOn: '2027-01-11T00:00:00.000Z' },
    ]);
  });

  it('is readable by any signed-in employee, also in the programs list, and by nobody anonymous', async () => {
    const list = await graphql<{ programs: { prerequisites: string[]; assessment: { panelSize: number }; competencies: unknown[] }[] }>(
      'jordan',
      '{ programs { prerequisites assessment { panelSize } competencies { key } } }',
    );
    expect(list.errors).toBeUndefined();
    // The two demo programs, of different shapes: a panel of three and four competencies, a panel of two
    // and four soft competencies with a prerequisite credential.
    expect(list.data?.programs).toHaveLength(2);
    expect(list.data?.programs.map((p) => [p.assessment.panelSize, p.competencies.length])).toEqual([[3, 4], [2, 4]]);
    expect(list.data?.programs[1]?.prerequisites.join(' ')).toMatch(/Cloud Architecture Practitioner credential/);
    const anonymous = await graphql(null, PUBLISHED, { id: 'cloud-architecture-practitioner' });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('seeds idempotently: a second run changes nothing', async () => {
    const before = await published();
    const counts = async () => [
      await db.prisma.person.count(),
      await db.prisma.competency.count(),
      await db.prisma.performanceIndicator.count(),
      await db.prisma.cohort.count(),
      await db.prisma.committeeTerm.count(),
      await db.prisma.ruleSet.count(),
      await db.prisma.pathway.count(),
    ];
    const countsBefore = await counts();
    await seedDemoData(db.prisma, '2026-12-01T09:00:00.000Z');
    expect(await counts()).toEqual(countsBefore);
    expect(await published()).toEqual(before);
  });
});
