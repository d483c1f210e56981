import { describe, expect, it } from 'vitest';
import { unavailableService } from '../../graphql/unavailable.js';

// The shapes a server shutting down produces that are hard to provoke on demand (test/graphql/
// unavailable.test.ts provokes the common ones for real): each is recognised, anything else is not.

const adapterError = (cause: Record<string, unknown>) => ({
  name: 'PrismaClientKnownRequestError',
  code: 'P2010',
  meta: { driverAdapterError: { name: 'DriverAdapterError', cause } },
});

describe('unavailableService', () => {
  it.each([
    ['an admin shutdown (57P01) reported by PostgreSQL', adapterError({ kind: 'postgres', code: '57P01' })],
    ['a server still starting (57P03)', adapterError({ kind: 'postgres', code: '57P03' })],
    ['a connection failure (08006)', adapterError({ kind: 'postgres', code: '08006' })],
    ['a closed connection', adapterError({ kind: 'ConnectionClosed' })],
    ['a Prisma pool timeout', { name: 'PrismaClientKnownRequestError', code: 'P2024' }],
    ['a database error wrapped by GraphQL', { name: 'GraphQLError', originalError: { name: 'PrismaClientKnownRequestError', code: 'P1017' } }],
  ])('recognises %s as the database', (_what, error) => {
    expect(unavailableService(error)).toBe('database');
  });

  it('recognises a gRPC UNAVAILABLE under a Temporal client error as the workflow service', () => {
    const grpc = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14, details: 'No connection established' });
    expect(unavailableService(new Error('Failed to start workflow', { cause: grpc }))).toBe('workflow');
  });

  it.each([
    ['a unique constraint violation', adapterError({ kind: 'UniqueConstraintViolation' })],
    ['a syntax error from PostgreSQL', adapterError({ kind: 'postgres', code: '42601' })],
    ['a record not found', { name: 'PrismaClientKnownRequestError', code: 'P2025' }],
    ['a plain error', new Error('boom')],
    ['an error with a numeric code but no gRPC details', Object.assign(new Error('x'), { code: 14 })],
    ['a cycle of causes', (() => { const a: { cause?: unknown } = {}; a.cause = { cause: a }; return a; })()],
  ])('does not mistake %s for an outage', (_what, error) => {
    expect(unavailableService(error)).toBeNull();
  });
});
