import { type CalibrationExerciseService, createCalibrationExercises } from './calibration-exercises.js';
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { addIsoDuration } from '../domain/duration.js';
import { directoryChangeWorkflowId, programVersionWorkflowId } from '../domain/workflow-ids.js';
import type { PrismaClient } from '../prisma/client.js';
import { createAnalyticsService, type AnalyticsService } from './analytics/index.js';
import { type ApprovalService, createApprovalService } from './approvals.js';
import { type CredentialService, createCredentialService } from './credentials.js';
import { createIncidentService, type IncidentService } from './incidents.js';
import { createIntegrationClientService, type IntegrationClientService } from './integration-clients.js';
import { createJourneyService, type JourneyService } from './journeys.js';
import { createLearningRecordService, type LearningRecordService } from './learning-records.js';
import { createInFlightService, type InFlightService } from './in-flight.js';
import { createPanelProgressService, type PanelProgressService } from './panel-progress.js';
import { type Config, DEFAULT_LEAVER_RETENTION, DEFAULT_READ_AUDIT_RETENTION, loadConfig } from '../config/index.js';
import { createPeopleDirectory, type PeopleDirectory } from './people/directory.js';
import { createImportService, type ImportService } from './people/imports.js';
import { createDemographicsService, type DemographicsService } from './people/demographics.js';
import { createPersonAttributeService, type PersonAttributeService } from './people/attributes.js';
import { createScimService, type ScimService } from './people/scim/service.js';
import { createProgramService, type ProgramService } from './programs/service.js';
import { createRuleSetService, type RuleSetService } from './rule-sets.js';
import { createSurveyService, type SurveyService } from './surveys.js';
import { createReportService, type ReportService } from './reports/service.js';
import { createReadAuditService, type ReadAuditService } from './read-audit.js';
import { createUploadService, type UploadPolicy, type UploadService } from './uploads.js';

/**
 * Every service the API offers, built once per process by createServices() over one database and one
 * Temporal client: resolvers, HTTP routes and the CLI call these, never each other's Prisma queries.
 */
export interface Services {
  prisma: PrismaClient;
  journeys: JourneyService;
  approvals: ApprovalService;
  uploads: UploadService;
  surveys: SurveyService;
  /** Work in flight that the read model holds only once complete, asked of the workflow. */
  inFlight: InFlightService;
  /** Starts report workflows. */
  reports: ReportService;
  /** Share codes and their verification. */
  credentials: CredentialService;
  ruleSets: RuleSetService;
  /** Program documents: drafts, plans, four-eyes publication, versions taking effect. */
  programs: ProgramService;
  analytics: AnalyticsService;
  incidents: IncidentService;
  /** Who has scored or moderates an assessment round, from the read model. */
  panelProgress: PanelProgressService;
  /** SCIM provisioning clients and LMS clients: their secrets, hashed. */
  integrationClients: IntegrationClientService;
  /** xAPI statements from an LMS, recorded as course completions. */
  learningRecords: LearningRecordService;
  /** People as data: every change versioned and audited, leavers and new managers followed up. */
  people: PeopleDirectory;
  /** SCIM 2.0 provisioning over the directory. */
  scim: ScimService;
  /** CSV imports of people, course completions and certifications, all or nothing. */
  imports: ImportService;
  /** Self-declared demographics: the person's own, for the adverse-impact audit only. */
  demographics: DemographicsService;
  /** Admin-declared person attributes: facts rules may use. */
  personAttributes: PersonAttributeService;
  /** Who read whose journey data (graphql/read-audit.ts writes it, HR reads it). */
  readAudit: ReadAuditService;
  /** Benchmark submissions assessors score to see how they compare; no candidate involved. */
  calibrationExercises: CalibrationExerciseService;
}

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
  /** How long a leaver's personal data is kept (ISO 8601 duration, LEAVER_RETENTION). */
  leaverRetention?: string;
  /** How long the read audit keeps an entry (ISO 8601 duration, READ_AUDIT_RETENTION). */
  readAuditRetention?: string;
  /**
   * The clock of what people do through the API (enrolments, approval-link expiry, survey answers,
   * publications). The real one, except for the demo company's year of history, which runs the real
   * workflows under a time-skipping server whose clock starts a year back (demo/company/history.ts).
   */
  now?: () => Date;
}

/** The services the API offers, over one database and one Temporal client. */
export function createServices({ prisma, client, taskQueue, uploadsDir = '.data/uploads', uploadPolicy: policy, linkSecret, leaverRetention, readAuditRetention, now }: ServiceDeps): Services {
  const secret = linkSecret ?? loadConfig().APPROVAL_LINK_SECRET;
  const retention = leaverRetention ?? DEFAULT_LEAVER_RETENTION;
  const people = createPeopleDirectory({
    prisma,
    effects: {
      // Started inside the change's transaction (services/people/directory.ts): both happen or neither.
      async changed({ personId, version, leftAt, managerChanged }) {
        const departure = leftAt ? { leftAt: leftAt.toISOString(), eraseAt: addIsoDuration(leftAt.toISOString(), retention) } : null;
        await client.workflow.start('directoryChangeWorkflow', {
          workflowId: directoryChangeWorkflowId(personId, version, randomUUID()),
          taskQueue,
          args: [{ personId, version, managerChanged, departure }],
          workflowIdConflictPolicy: 'USE_EXISTING',
        });
      },
    },
  });
  const journeys = createJourneyService({ prisma, client, taskQueue, ...(now ? { now } : {}) });
  const ruleSets = createRuleSetService({ prisma, journeys, ...(now ? { now } : {}) });
  return {
    prisma,
    journeys,
    approvals: createApprovalService({ prisma, client, ...(now ? { now } : {}) }),
    inFlight: createInFlightService({ client }),
    uploads: createUploadService({ prisma, dir: uploadsDir, ...(policy ? { policy } : {}) }),
    reports: createReportService({ prisma, client, taskQueue }),
    surveys: createSurveyService({ prisma, linkSecret: secret, ...(now ? { now } : {}) }),
    credentials: createCredentialService({ prisma, secret }),
    ruleSets,
    programs: createProgramService({
      prisma,
      ...(now ? { now } : {}),
      journeys,
      ruleSets,
      // A version approved for a future date waits in a durable timer (workflows/program-version.ts).
      scheduleApplication: async (versionId, effectiveAt) => {
        await client.workflow.start('programVersionWorkflow', { workflowId: programVersionWorkflowId(versionId), taskQueue, args: [{ versionId, effectiveAt }], workflowIdConflictPolicy: 'USE_EXISTING' });
      },
    }),
    analytics: createAnalyticsService(prisma),
    calibrationExercises: createCalibrationExercises({ prisma, ...(now ? { now } : {}) }),
    incidents: createIncidentService({ prisma, journeys }),
    panelProgress: createPanelProgressService(prisma),
    integrationClients: createIntegrationClientService(prisma),
    learningRecords: createLearningRecordService(prisma),
    people,
    scim: createScimService({ prisma, directory: people }),
    imports: createImportService({ prisma, directory: people }),
    demographics: createDemographicsService(prisma),
    personAttributes: createPersonAttributeService(prisma),
    readAudit: createReadAuditService({ prisma, retention: readAuditRetention ?? DEFAULT_READ_AUDIT_RETENTION }),
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
