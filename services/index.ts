import type { Client } from '@temporalio/client';
import type { Services } from '../graphql/context.js';
import type { PrismaClient } from '../prisma/client.js';
import { createApprovalService } from './approvals.js';
import { createJourneyService } from './journeys.js';

/** The services the API offers, over one database and one Temporal client. */
export function createServices({ prisma, client, taskQueue }: { prisma: PrismaClient; client: Client; taskQueue: string }): Services {
  return {
    prisma,
    journeys: createJourneyService({ prisma, client, taskQueue }),
    approvals: createApprovalService({ prisma, client }),
  };
}
