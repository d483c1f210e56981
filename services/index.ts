import type { Client } from '@temporalio/client';
import type { Services } from '../graphql/context.js';
import type { PrismaClient } from '../prisma/client.js';
import { createApprovalService } from './approvals.js';
import { createCredentialService } from './credentials.js';
import { createJourneyService } from './journeys.js';
import { createInFlightService } from './in-flight.js';
import { type Config, loadConfig } from '../config/index.js';
import { createSurveyService } from './surveys.js';
import { createReportService } from './reports/service.js';
import { createUploadService, type UploadPolicy } from './uploads.js';

export interface ServiceDeps {
  prisma: PrismaClient;
  client: Client;
  taskQueue: string;
  /** Where uploaded evidence files are kept (DATA_DIR/uploads by default). */
  uploadsDir?: string;
  /** Upload quota, rates and grace period (`uploadPolicy(config)`); unset fields keep the defaults. */
  uploadPolicy?: Partial<UploadPolicy>;
  /** Signs survey links (it must be the secret the mail renderer uses: APPROVAL_LINK_SECRET) and credential share codes. */
  linkSecret?: string;
}

/** The services the API offers, over one database and one Temporal client. */
export function createServices({ prisma, client, taskQueue, uploadsDir = '.data/uploads', uploadPolicy: policy, linkSecret }: ServiceDeps): Services {
  const secret = linkSecret ?? loadConfig().APPROVAL_LINK_SECRET;
  return {
    prisma,
    journeys: createJourneyService({ prisma, client, taskQueue }),
    approvals: createApprovalService({ prisma, client }),
    inFlight: createInFlightService({ client }),
    uploads: createUploadService({ prisma, dir: uploadsDir, ...(policy ? { policy } : {}) }),
    reports: createReportService({ prisma, client, taskQueue }),
    surveys: createSurveyService({ prisma, linkSecret: secret }),
    credentials: createCredentialService({ prisma, secret }),
  };
}

type UploadSettings = Pick<Config, 'UPLOAD_QUOTA_BYTES' | 'UPLOAD_RATE_PER_HOUR' | 'UPLOAD_MAX_CONCURRENT' | 'UPLOAD_MAX_CONCURRENT_PER_PERSON' | 'UPLOAD_UNUSED_GRACE_HOURS'>;

/** The UPLOAD_* settings as the upload service's policy; unset ones stay undefined and keep its defaults. */
export function uploadPolicy(config: UploadSettings): Partial<UploadPolicy> {
  const hours = config.UPLOAD_UNUSED_GRACE_HOURS;
  return {
    quotaBytes: config.UPLOAD_QUOTA_BYTES,
    perHour: config.UPLOAD_RATE_PER_HOUR,
    maxConcurrent: config.UPLOAD_MAX_CONCURRENT,
    maxConcurrentPerPerson: config.UPLOAD_MAX_CONCURRENT_PER_PERSON,
    unusedGraceMs: hours === undefined ? undefined : hours * 60 * 60 * 1000,
  };
}
