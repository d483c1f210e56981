import type { JourneyContext, PathwayTerms } from '../domain/journey-context.js';
import type { Rubric } from '../domain/rubric.js';
import type { PathwayDefinition, ProgramDocument, RubricDefinition } from './document.js';

// A program document as the terms a journey carries (JourneyContext): the timing and panel rules of the
// program and each pathway's rubric and formats. Rule sets are named by key in the document and by
// published version in a journey, so the caller says which version each key stands for.

export type ProgramTerms = JourneyContext['program'];

/** The published version id ("<key>@<n>") a rule-set key stands for now. */
export type RuleSetResolver = (key: string) => string;

export function programTerms(document: ProgramDocument, ruleSetId: RuleSetResolver): ProgramTerms {
  const { submission, mentoring, panel, appeals, credential } = document;
  return {
    id: document.id,
    name: document.name,
    version: document.version,
    validity: credential.validity,
    recertificationWindow: credential.recertification.window,
    submissionDeadline: submission.deadline,
    approvalLinkTtl: submission.approvalLinkTtl,
    recertificationReminders: credential.recertification.reminders ?? [],
    gracePeriod: credential.recertification.gracePeriod,
    checkInCadence: mentoring.checkInCadence,
    checkInReminder: mentoring.checkInReminder,
    submissionReminders: submission.reminders ?? [],
    appealWindow: appeals.window,
    maxResubmissions: submission.maxResubmissions,
    panelSize: panel.size,
    moderationSpread: panel.moderationSpread,
    ...(panel.anonymised ? { anonymisedAssessment: true } : {}),
    appealReviewers: appeals.reviewers,
    ...(panel.excludeTeammates ? { excludeTeammates: true } : {}),
    ...(document.responseTimes ? { responseTimes: document.responseTimes } : {}),
    recertificationRuleSetId: ruleSetId(credential.recertification.ruleSet),
    recertificationEvidenceFormats: credential.recertification.evidenceFormats ?? null,
    recertificationAssessors: credential.recertification.assessors ?? null,
  };
}

export function rubricOf(document: ProgramDocument, pathway: PathwayDefinition): RubricDefinition {
  const rubric = document.rubrics.find((r) => r.key === pathway.rubric);
  if (!rubric) throw new RangeError(`pathway ${pathway.id} names no rubric of ${document.id}; validate the document first`);
  return rubric;
}

export function pathwayTerms(document: ProgramDocument, pathway: PathwayDefinition, ruleSetId: RuleSetResolver): PathwayTerms {
  return {
    id: pathway.id,
    name: pathway.name,
    evidenceFormats: pathway.evidenceFormats,
    rubric: rubricOf(document, pathway) satisfies Rubric,
    eligibilityRuleSetId: ruleSetId(pathway.eligibilityRuleSet),
  };
}
