import { ApplicationFailure } from '@temporalio/common';
import { expect } from 'vitest';
import type { PrismaClient } from '../../prisma/client.js';

// Shared ground for activity tests on a real (in-memory) database: a clean slate with one program and
// one pathway, and a way to assert the non-retryable failures activities raise.

export const PROGRAM = 'cloud-architecture-practitioner';

/** Empties people and programs (and everything hanging off them), then adds the program and a pathway. */
export async function resetProgram(prisma: PrismaClient): Promise<void> {
  await prisma.$executeRawUnsafe('TRUNCATE "Person", "Program" CASCADE');
  await prisma.program.create({
    data: { id: PROGRAM, name: 'Cloud Architecture Practitioner', description: '-', validity: 'P2Y', recertificationWindow: 'P60D', submissionDeadline: 'P90D', approvalLinkTtl: 'P7D' },
  });
  await prisma.pathway.create({
    data: { id: 'portfolio', programId: PROGRAM, name: 'Portfolio', kind: 'portfolio', description: '-', evidenceFormats: ['written_report'], rubric: {}, eligibilityRuleSetId: 'x@1' },
  });
}

/** The ApplicationFailure a promise rejects with (the test fails if it resolves or throws anything else). */
export async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}
