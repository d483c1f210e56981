import { ApplicationFailure } from '@temporalio/common';
import type { Config } from '../config/index.js';
import { ErrorCode } from '../domain/errors.js';
import { parseQuarter } from '../domain/quarter.js';
import type { Prisma, PrismaClient } from '../prisma/client.js';
import { AUDIT_ATTRIBUTES, adverseImpactAudit } from '../services/analytics/audit.js';
import { loadDecisions, loadDemographics, loadJourneyRecords } from '../services/analytics/dataset.js';
import { loadCalibrationDataset } from '../services/analytics/panel-scores.js';
import { buildQuarterlyReport } from '../services/reports/quarterly.js';
import { renderReportCsv, renderReportHtml } from '../services/reports/render.js';
import { createSurveyActivities } from './surveys.js';

// Thin adapters for the quarterly report workflow: load the program's rows, call the pure builder,
// store the result (one row per program and quarter, replaced when built again), list the recipients.

export interface ReportActivityDeps {
  prisma: PrismaClient;
  config: Pick<Config, 'APPROVAL_LINK_SECRET'>;
}

export interface BuildReportInput {
  programId: string;
  quarter: string;
  /** The workflow's clock, so a retried build gives the same report. */
  generatedAt: string;
  generatedBy: string;
}

export interface BuiltReport {
  reportId: string;
  programName: string;
  quarter: string;
  /** A few lines for the email; the figures themselves stay behind the HR-only download. */
  highlights: string[];
}

export interface ReportRecipient {
  personId: string;
  name: string;
  email: string;
}

export const reportId = (programId: string, quarter: string) => `${programId}:${quarter}`;

export function createReportActivities({ prisma }: ReportActivityDeps) {
  return {
    // The survey sweeper shares this family: both are program-level jobs run from schedules.
    ...createSurveyActivities({ prisma }),
    async buildProgramReport(input: BuildReportInput): Promise<BuiltReport> {
      const quarter = parseQuarter(input.quarter);
      if (!quarter.ok) throw ApplicationFailure.nonRetryable(quarter.error.message, ErrorCode.InvalidInput);
      const program = await prisma.program.findUnique({ where: { id: input.programId }, select: { id: true, name: true } });
      if (!program) throw ApplicationFailure.nonRetryable(`Program ${input.programId} does not exist`, ErrorCode.NotFound);
      const records = await loadJourneyRecords(prisma, program.id);
      const decisions = await loadDecisions(prisma, program.id);
      const demographics = await loadDemographics(prisma, [...new Set(decisions.map((d) => d.personId))]);
      const report = buildQuarterlyReport({
        program,
        quarter: quarter.value,
        records,
        decisions,
        audits: AUDIT_ATTRIBUTES.map((attribute) => adverseImpactAudit(decisions, demographics, attribute)),
        calibration: await loadCalibrationDataset(prisma, program.id),
        generatedAt: input.generatedAt,
      });
      const id = reportId(program.id, quarter.value.name);
      const data = {
        periodStart: new Date(report.periodStart),
        periodEnd: new Date(report.periodEnd),
        html: renderReportHtml(report),
        csv: renderReportCsv(report),
        summary: report as unknown as Prisma.InputJsonValue,
        generatedAt: new Date(input.generatedAt),
        generatedBy: input.generatedBy,
      };
      await prisma.programReport.upsert({
        where: { id },
        create: { id, programId: program.id, quarter: quarter.value.name, ...data },
        update: data,
      });
      const a = report.achievements;
      // Suppressed counts stay suppressed in the email too.
      const n = (value: number | null) => (value === null ? 'suppressed (small numbers)' : String(value));
      return {
        reportId: id,
        programName: program.name,
        quarter: quarter.value.name,
        highlights: [
          `New credentials: ${n(a.certified)}; re-certifications: ${n(a.renewed)}`,
          `Assessment decisions: ${n(a.decided)}; passed: ${n(a.passed)}`,
          `${report.notes.length} improvement note${report.notes.length === 1 ? '' : 's'}`,
        ],
      };
    },

    /** Committee members whose term covers `asOf` and who still work here, each once. */
    async listReportRecipients(input: { asOf: string }): Promise<ReportRecipient[]> {
      const asOf = new Date(input.asOf);
      const people = await prisma.person.findMany({
        where: { leftAt: null, committeeTerms: { some: { startsOn: { lte: asOf }, endsOn: { gt: asOf } } } },
        select: { id: true, name: true, email: true },
        orderBy: { id: 'asc' },
      });
      return people.map((p) => ({ personId: p.id, name: p.name, email: p.email }));
    },
  };
}
