import type { Transporter } from 'nodemailer';
import type { Config } from '../config/index.js';
import type { PrismaClient } from '../prisma/client.js';
import { createApprovalActivities } from './approvals.js';
import { createAssessmentActivities } from './assessment.js';
import { createCommitteeActivities } from './committee.js';
import { createCredentialLifecycleActivities } from './credential-lifecycle.js';
import { createCredentialActivities } from './credentials.js';
import { createDirectoryActivities } from './directory.js';
import { createIncidentActivities } from './incidents.js';
import { createJourneyContextActivities } from './journey-context.js';
import { createMailActivities } from './mail.js';
import { createMentoringActivities } from './mentoring.js';
import { createPanelActivities } from './panel.js';
import { createProgramActivities } from './programs.js';
import { createReadModelActivities } from './read-model.js';
import { createRuleReviewActivities } from './rule-reviews.js';
import { createReportActivities } from './reports.js';
import { createRulesActivities } from './rules.js';
import { createStaffingActivities } from './staffing.js';

export interface ActivityDeps {
  prisma: PrismaClient;
  transport: Transporter;
  config: Config;
}

/** Every activity the worker registers, each family built from the dependencies it needs. */
export function createActivities({ prisma, transport, config }: ActivityDeps) {
  return {
    ...createJourneyContextActivities({ prisma }),
    ...createReadModelActivities({ prisma }),
    ...createApprovalActivities({ prisma, linkSecret: config.APPROVAL_LINK_SECRET }),
    ...createAssessmentActivities({ prisma }),
    ...createCredentialActivities({ prisma, linkSecret: config.APPROVAL_LINK_SECRET }),
    ...createCredentialLifecycleActivities({ prisma }),
    ...createMentoringActivities({ prisma }),
    ...createPanelActivities({ prisma }),
    ...createCommitteeActivities({ prisma }),
    ...createRuleReviewActivities({ prisma }),
    ...createRulesActivities({ prisma }),
    ...createProgramActivities({ prisma }),
    ...createDirectoryActivities({ prisma }),
    ...createStaffingActivities({ prisma }),
    ...createIncidentActivities({ prisma }),
    ...createMailActivities({ prisma, transport, config }),
    ...createReportActivities({ prisma, config }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
