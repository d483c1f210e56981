import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROGRAM_ID } from '../../demo/program.js';
import { openPermissionApi, type PermissionApi } from './permission-api.js';

// A mutation with typed errors answers a union. A client that selects only `__typename` or the error
// branch must get the success type when the mutation acted, not an internal error (graphql/answer-query.ts).

let api: PermissionApi;

beforeAll(async () => {
  api = await openPermissionApi('mutation-answers-test-secret-0123');
});

afterAll(async () => {
  await api?.close();
});

const ERROR_BRANCH = '__typename ... on CertiflowError { code path }';

describe('a mutation answered by __typename or its error branch only', () => {
  it('sets, scores and closes a calibration exercise', async () => {
    const input = { programId: PROGRAM_ID, pathwayId: 'cap-portfolio', title: 'Landing zone bench', format: 'written_report', content: 'A landing-zone design for a payments team: accounts, network.' };
    const created = await api.ask<{ createCalibrationExercise: { __typename: string } }>('hana', `mutation($input: CreateCalibrationExerciseInput!) { createCalibrationExercise(input: $input) { ${ERROR_BRANCH} } }`, { input });
    expect(created).toEqual({ data: { createCalibrationExercise: { __typename: 'MutationCreateCalibrationExerciseSuccess' } } });
    const { id: exerciseId } = await api.db.prisma.calibrationExercise.findFirstOrThrow({ where: { title: input.title } });
    const scores = ['architecture-design', 'security', 'cost-optimisation', 'communication'].map((criterion) => ({ criterion, level: 3 }));
    const scored = await api.ask('lars', `mutation($input: SubmitCalibrationScoresInput!) { submitCalibrationScores(input: $input) { ${ERROR_BRANCH} } }`, { input: { exerciseId, scores } });
    expect(scored).toEqual({ data: { submitCalibrationScores: { __typename: 'MutationSubmitCalibrationScoresSuccess' } } });
    const closed = await api.ask('hana', `mutation($id: ID!) { closeCalibrationExercise(exerciseId: $id) { __typename } }`, { id: exerciseId });
    expect(closed).toEqual({ data: { closeCalibrationExercise: { __typename: 'MutationCloseCalibrationExerciseSuccess' } } });
  });

  it('names an approval delegate', async () => {
    const named = await api.ask('maya', `mutation($input: SetApprovalDelegateInput!) { setApprovalDelegate(input: $input) { ${ERROR_BRANCH} } }`, { input: { delegateId: 'omar' } });
    expect(named).toEqual({ data: { setApprovalDelegate: { __typename: 'MutationSetApprovalDelegateSuccess' } } });
    expect((await api.db.prisma.person.findUniqueOrThrow({ where: { id: 'maya' } })).approvalDelegateId).toBe('omar');
  });
});
