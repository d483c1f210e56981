import type { EvidenceFormat } from '../domain/journey.js';
import type { Rubric, RubricCriterion } from '../domain/rubric.js';

// A program document: one certification program as the organisation designs it, kept in git or edited in
// the portal, published as immutable versions. programs/program.schema.json is its published shape (editors
// autocomplete from it); programs/validate.ts checks what the schema cannot. Durations are ISO 8601.

export type CompetencyKind = 'technical' | 'soft';
export type PathwayKind = 'portfolio' | 'coursework' | 'live_demo';
export type ProgramLevel = 'foundation' | 'practitioner' | 'expert';

export interface PerformanceIndicator {
  code: string;
  description: string;
}

export interface CompetencyDefinition {
  key: string;
  name: string;
  kind: CompetencyKind;
  description: string;
  indicators: PerformanceIndicator[];
}

export interface CriterionDefinition extends RubricCriterion {
  competency: string;
  indicators?: string[];
  /** What performance at each level looks like, keyed by level. */
  descriptors?: Record<string, string>;
}

export interface RubricDefinition extends Rubric {
  key: string;
  criteria: CriterionDefinition[];
}

export interface LearningResource {
  title: string;
  kind: 'course' | 'reading' | 'video' | 'practice' | 'community';
  url?: string;
  courseCode?: string;
}

export interface PathwayDefinition {
  id: string;
  name: string;
  kind: PathwayKind;
  description: string;
  eligibilityRuleSet: string;
  rubric: string;
  evidenceFormats: EvidenceFormat[];
  evidenceRequirements: string[];
  progression?: string[];
  learningResources?: LearningResource[];
  checkInCadence?: string;
}

export interface CohortDefinition {
  id: string;
  name: string;
  pilot?: boolean;
  startsOn: string;
}

export interface CommitteeTermDefinition {
  person: string;
  role?: 'chair' | 'member';
  startsOn: string;
  endsOn: string;
}

/** How long panel members, moderators and appeal reviewers have to answer, and when they are reminded. */
export interface ResponseTimes {
  scoring?: string;
  moderation?: string;
  appealVote?: string;
  reminder?: string;
}

export interface ProgramDocument {
  $schema?: string;
  id: string;
  version: number;
  name: string;
  description: string;
  level?: ProgramLevel;
  owners: string[];
  publishing?: { fourEyes?: boolean };
  prerequisites?: { credentials?: string[] };
  competencies: CompetencyDefinition[];
  rubrics: RubricDefinition[];
  pathways: PathwayDefinition[];
  submission: { deadline: string; reminders?: string[]; maxResubmissions: number; approvalLinkTtl: string };
  mentoring: { checkInCadence: string; checkInReminder: string };
  /** anonymised: assessors see a pseudonym, not the candidate, where the format allows (services/anonymity.ts). */
  panel: { size: number; diversity?: 'distinct-departments'; moderationSpread: number; anonymised?: boolean; excludeTeammates?: boolean };
  appeals: { window: string; reviewers: number };
  /** Time each person asked to act has to answer (defaults in domain/response-times.ts). */
  responseTimes?: ResponseTimes;
  credential: {
    validity: string;
    /** A leaver's credential: kept on record until it expires (default) or lapsed on the day they leave. */
    whenHolderLeaves?: 'keep' | 'lapse';
    recertification: {
      window: string;
      reminders?: string[];
      gracePeriod: string;
      ruleSet: string;
      evidenceRequirements?: string[];
      /** Accepted besides a reflective write-up; the holder's pathway's formats when absent. */
      evidenceFormats?: EvidenceFormat[];
      /** Assessors reviewing re-certification evidence; one when absent. */
      assessors?: number;
    };
  };
  cohorts?: CohortDefinition[];
  committee?: CommitteeTermDefinition[];
}

/** Four-eyes publishing is on unless the document turns it off. */
export const requiresSecondApprover = (document: Pick<ProgramDocument, 'publishing'>): boolean => document.publishing?.fourEyes !== false;

/** "<programId>@<version>", the id of an immutable program version. */
export const programVersionId = (programId: string, version: number): string => `${programId}@${version}`;
