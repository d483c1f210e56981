import type { Observation } from './schema-walk.js';
import { type EventAudience, eventKeyAudience } from './permission-events.js';
import type { JourneyFacts, World } from './permission-world.js';

// Who may see each field of each type a signed-in person (or anyone) can reach: the test's own table,
// checked against what the API answers by permissions-walk.test.ts. Every field must be classified, so
// a new one cannot leak silently: until it is listed here the walk fails. A type marked 'hr' is HR's as
// a whole (analytics, rule sets, reports, incidents); anyone else reading any of its fields is a leak.
// Non-HR viewers only: HR (admin, hr, program owner) sees everything and is not walked.

export type Audience =
  | 'everyone' // anyone who reaches it, signed in or not: the catalogue, names, verification
  | 'journey' // whoever may see the journey it belongs to
  | 'credential' // the journey's people, and committee members while the credential is active
  | 'holder' // the credential's holder (its share code)
  | 'development' // the candidate, their manager and their mentor
  | 'forecast' // the candidate and their manager
  | 'scores' // the candidate, who decided the assessment, reviewers of an appeal against it
  | 'panelScore' // the candidate, the panel, the moderator (when, is the explicit matrix's business)
  | 'appeal' // the candidate and the committee members sitting on it
  | 'evidence' // the candidate and the people who judge the work: assessors and panel, moderators, appeal reviewers
  | 'private' // the candidate
  | 'approval' // the approver it was sent to
  | 'contact' // the person and their manager (email)
  | 'self' // the person (roles, personal settings)
  | 'committee' // committee members (assessor calibration, which the committee reviews)
  | 'calibrationExercise' // assessors and committee members (a benchmark submission, no candidate's)
  | 'events' // JourneyEvent.data: key by key, as permission-events.ts says
  | 'hr';

const everyone = (fields: string) => Object.fromEntries(fields.split(' ').map((f) => [f, 'everyone' as Audience]));
const all = (audience: Audience, fields: string) => Object.fromEntries(fields.split(' ').map((f) => [f, audience]));

export const FIELDS: Record<string, Record<string, Audience> | 'hr'> = {
  Journey: {
    ...all('journey', 'id stage cycle program pathway candidate enrolledAt updatedAt ruleSetId outcome eligibility events submissions assessments credentials'),
    ...all('journey', 'cohort mentor panel pausedAt checkIns milestones panelScores appeals deadlines panelRound scoringDue panelScoredBy nextCheckInDue moderationDue'),
    ...all('journey', 'anonymity candidateHidden'),
    endReason: 'private',
    learningPlan: 'development',
    forecast: 'forecast',
    incidents: 'hr',
  },
  JourneyEvent: { ...all('journey', 'id seq type at stage actor ruleSetId'), data: 'events' },
  Submission: { ...all('journey', 'id format title contentHash submittedAt fileSha256 fileSize mimeType scheduledAt attempt'), ...all('evidence', 'content reflection url fileName') },
  Assessment: { ...all('journey', 'id outcome decidedAt'), ...all('scores', 'average scores rationale') },
  CheckIn: { ...all('journey', 'id dueAt recordedAt missed'), ...all('development', 'progress blockers nextSteps') },
  Milestone: all('journey', 'id key title badge awardedAt'),
  PanelScore: { ...all('journey', 'id round assessor submittedAt'), ...all('panelScore', 'scores comment') },
  Appeal: all('appeal', 'id grounds filedAt reviewers outcome rationale decidedAt viewerHasVoted journey assessment'),
  JourneyDeadline: all('journey', 'kind dueAt'),
  JourneyForecast: all('forecast', 'status stepsDone stepsTotal remaining basis peers pace earliest expected latest'),
  Credential: { ...all('credential', 'id number status issuedAt expiresAt program holder revokedAt journey journeyId'), shareCode: 'holder', revocationProposal: 'committee' },
  // A revocation waiting for a second member: its reason may name evidence under investigation.
  RevocationProposal: all('committee', 'proposedBy reason proposedAt'),
  Approval: all('approval', 'id step journey approver requestedAt expiresAt decidedAt decision comment'),
  Person: { ...everyone('id name department title manager'), email: 'contact', roles: 'self', celebrationOptIn: 'self', approvalDelegate: 'self', approvalDelegateUntil: 'self' },
  DemographicDeclaration: all('self', 'id gender ethnicity ageBand disability source recordedAt'),
  Program: everyone(
    'id name description validity recertificationWindow submissionDeadline approvalLinkTtl appealWindow checkInCadence checkInReminder gracePeriod recertificationReminders submissionReminders recertificationRuleSetId prerequisites recertificationCriteria assessment pathways competencies cohorts version owners fourEyes upcomingVersions',
  ),
  ProgramAssessment: everyone('panelSize moderationSpread appealReviewers maxResubmissions decisionRule moderationRule appealRule'),
  Pathway: everyone('id name kind description evidenceFormats evidenceRequirements progression eligibilityRuleSetId eligibilityCriteria rubric rubricCriteria'),
  Rubric: everyone('criteria levels passAverage decisionRule'),
  RubricCriterion: everyone('key title description threshold critical competency'),
  RubricLevel: everyone('level label'),
  Competency: everyone('key name kind description indicators'),
  PerformanceIndicator: everyone('code description'),
  Cohort: everyone('id name pilot startsOn'),
  Celebration: everyone('id personName programName mentorName certifiedAt renewal'),
  CredentialVerification: everyone('number holderName programName issuedAt expiresAt status revokedAt'),
  CertiflowError: everyone('code message path'),
  // Assessor calibration names assessors with their severity: the committee's and HR's only.
  CalibrationReport: all('committee', 'programId quarter level minGroupSize minUnits minSubmissions resamples confidence criteria overall assessors'),
  CriterionReliability: all('committee', 'criterion title suppressed units values alpha lower upper'),
  AssessorCalibration: all('committee', 'assessorId name suppressed submissions comparisons severity agreement'),
  // Calibration exercises: the benchmark and one's own comparison for assessors and the committee; every
  // sheet by name for the committee (current term) and HR.
  CalibrationExercise: all('calibrationExercise', 'id program pathwayId programVersion title format content rubric createdAt closesAt closedAt open sheetCount scoredByMe myComparison summary'),
  CalibrationComparison: all('calibrationExercise', 'sheets heldBack criteria severity matchesReference'),
  CalibrationCriterionComparison: all('calibrationExercise', 'criterion title mine reference distribution mean othersMean deviation'),
  CalibrationLevelCount: all('calibrationExercise', 'level count'),
  CalibrationSummary: all('committee', 'sheets criteria alpha assessors'),
  CalibrationSummaryCriterion: all('committee', 'criterion title mean min max reference distribution agreement'),
  CalibrationSummaryAssessor: all('committee', 'assessor scores comment deviations severity matchesReference'),
  CalibrationAssessorDeviation: all('committee', 'criterion level deviation'),
  // What a published version changes and when is published with the program.
  UpcomingProgramVersion: everyone('version effectiveAt reason changes'),
  ProgramChange: everyone('kind area path summary'),
  ...Object.fromEntries(
    [
      'QueryJourneysConnection QueryJourneysConnectionEdge PageInfo Incident',
      // The read audit: who read whose journey data.
      'ReadAudit QueryReadAuditConnection QueryReadAuditConnectionEdge',
      'ProgramAnalytics GroupMetrics FunnelStep PassRateTrendPoint RateGroup AdverseImpactAudit AuditGroup SatisfactionResults SatisfactionGroup ProgramReport',
      // The funnel audit and a rule simulation by demographic group.
      'FunnelAudit FunnelAuditStageResult FunnelAuditGroup RuleSimulationImpact RuleSimulationGroup',
      'RuleSet RuleSetDraft RuleSetRejectedError RuleSetProblem QueryRuleSetDiffSuccess RuleSetDiff RuleSetChange QuerySimulateRuleSetSuccess RuleSimulation SimulatedOutcome RuleTransition RuleTransitionResult DueRuleReview',
      // Program versions: drafts, plans (with the names of people whose eligibility changes) and approvals.
      // The people directory's administration: integration clients, group roles, activity mappings, imports.
      'IntegrationClient IssuedIntegrationSecret GroupRoleMapping LearningActivity ImportResult ImportProblem ImportRun Fact',
      'ProgramVersion ProgramAudit ProgramProblem ProgramRejectedError ProgramValidation ProgramPlan ProgramDiff ProgramImpact ProgramStageCount ProgramChangeReach ProgramEligibilityShift ProgramJourneyNotice QueryProgramPlanSuccess ProgramVersionPlanSuccess',
    ]
      .join(' ')
      .split(' ')
      .map((type) => [type, 'hr' as const]),
  ),
};

export interface Verdict {
  allowed: boolean;
  /** What was read, for the failure message: `Type.field` or `event_type.key`. */
  what: string;
}

/** The journey an observed object belongs to: its own, or the nearest one above it. */
function journeyOf(world: World, objects: Observation['objects']): JourneyFacts | undefined {
  for (const { type, value } of objects) {
    const id = world.owners.get(`${type}:${String(value.id)}`);
    if (id) return world.journeys.get(id);
  }
  return undefined;
}

const sees = (me: string, j: JourneyFacts | undefined) =>
  !!j && [j.candidateId, j.managerId, j.mentorId, ...j.panel, ...j.reviewers, ...j.moderators].includes(me);

function inAudience(audience: Audience | EventAudience, me: string | null, world: World, o: Observation): boolean {
  if (audience === 'everyone') return true;
  if (!me || audience === 'hr') return false;
  const j = journeyOf(world, o.objects);
  const self = o.objects[0]!.value;
  const id = String(self.id);
  switch (audience) {
    case 'journey':
      return sees(me, j);
    case 'credential':
      return sees(me, j) || (!!world.roles.get(me)?.includes('committee') && world.credentials.get(id)?.status === 'active');
    case 'holder':
      return world.credentials.get(id)?.personId === me;
    case 'development':
      return !!j && [j.candidateId, j.managerId, j.mentorId].includes(me);
    case 'forecast':
      return !!j && [j.candidateId, j.managerId].includes(me);
    case 'scores': {
      const assessment = world.assessments.get(id);
      return !!j && (j.candidateId === me || !!assessment?.scorers.includes(me) || !!assessment?.reviewers.includes(me));
    }
    case 'evidence':
      return !!j && [j.candidateId, ...j.panel, ...j.moderators, ...j.reviewers].includes(me);
    case 'panelScore':
      return !!j && [j.candidateId, ...j.panel, ...j.moderators].includes(me);
    case 'appeal':
      return !!j && (j.candidateId === me || !!world.appeals.get(id)?.includes(me));
    case 'private':
      return j?.candidateId === me;
    case 'approval':
      return world.approvals.get(id) === me;
    case 'contact':
      return id === me || world.managers.get(id) === me;
    case 'self':
      return id === me;
    case 'committee':
      return !!world.roles.get(me)?.includes('committee');
    case 'calibrationExercise':
      return !!world.roles.get(me)?.some((r) => r === 'committee' || r === 'assessor');
    default:
      return false;
  }
}

const hasData = (value: unknown) => value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0);

/** What one observed value tells the viewer, and whether they may know it: one verdict per event key. */
export function judge(me: string | null, world: World, o: Observation): Verdict[] {
  if (!hasData(o.value)) return [];
  const fields = FIELDS[o.type];
  const audience = fields === 'hr' ? 'hr' : fields?.[o.field];
  if (!audience) return [{ allowed: false, what: `${o.type}.${o.field} (not classified in permission-fields.ts)` }];
  if (audience !== 'events') return [{ allowed: inAudience(audience, me, world, o), what: `${o.type}.${o.field}` }];
  const type = String(o.objects[0]!.value.type);
  return Object.keys(o.value as object).map((key) => ({ allowed: inAudience(eventKeyAudience(type, key), me, world, o), what: `${type}.${key}` }));
}
