import { describe, expect, it } from 'vitest';
import { toDomainError } from '../../services/workflow-errors.js';

describe('toDomainError', () => {
  it('asks the caller to retry when the workflow task of the journey is failing (nothing was applied)', () => {
    const refused = Object.assign(new Error('9 FAILED_PRECONDITION: Workflow Task in failed state.'), { code: 9 });
    expect(toDomainError(refused)).toMatchObject({ code: 'WORKFLOW_UNAVAILABLE', message: expect.stringContaining('try again') });
  });

  it('keeps unknown errors unexpected, so they are logged and masked', () => {
    expect(toDomainError(new Error('something else broke'))).toBeNull();
  });
});
