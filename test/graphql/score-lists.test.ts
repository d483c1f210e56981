import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PermissionApi, openPermissionApi } from './permission-api.js';
import { B, C } from './permission-fixture.js';

// Scores come as a list of { criterion, level }. A criterion given twice is refused, naming it, before
// anything reaches a journey: keeping one of the two levels would record a score nobody meant. No
// workflow is needed (the refusal comes first), so the journey service has no Temporal client here.

let api: PermissionApi;
type Payload = { __typename: string; code?: string; path?: string; message?: string };
const ask = (personId: string, query: string, variables: Record<string, unknown>) => api.ask<Record<string, Payload>>(personId, query, variables);

const ERROR = '... on CertiflowError { code path message }';
const TWICE = [
  { criterion: 'architecture-design', level: 3 },
  { criterion: 'security', level: 3 },
  { criterion: 'cost-optimisation', level: 2 },
  { criterion: 'communication', level: 3 },
  { criterion: 'security', level: 1 },
];

beforeAll(async () => {
  api = await openPermissionApi('score-lists-test-secret');
});

afterAll(async () => {
  await api?.close();
});

describe('a criterion scored twice', () => {
  it("is refused in a panel member's scores, naming it", async () => {
    const answer = await ask('owen', `mutation($input: ScoreSubmissionInput!) { scoreSubmission(input: $input) { __typename ${ERROR} } }`, {
      input: { journeyId: B, scores: TWICE, comment: 'Solid design.' },
    });
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.scoreSubmission).toMatchObject({ code: 'INVALID_INPUT', path: 'scores.security', message: '"security" is given twice (items 2 and 5); give each criterion once.' });
    expect(await api.db.prisma.panelScore.count({ where: { journeyId: B, assessorId: 'owen' } })).toBe(0);
  });

  it("is refused in a moderator's scores, naming it", async () => {
    const answer = await ask('mira', `mutation($input: ModerateAssessmentInput!) { moderateAssessment(input: $input) { __typename ${ERROR} } }`, {
      input: { journeyId: C, scores: TWICE, rationale: 'The panel split on security.' },
    });
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.moderateAssessment).toMatchObject({ code: 'INVALID_INPUT', path: 'scores.security' });
  });
});
