import { graphql, type ResultOf } from '../graphql.js';

// Every GraphQL operation of the program administration pages (program-admin.ts), with the types of what
// they read.


export const ADMIN_PROGRAMS = graphql(`query AdminPrograms { programs { id name version owners fourEyes }
  programDrafts { id programId version author updatedAt }
  pendingProgramApprovals { id programId version author requestedBy requestedAt reason } }`);
export const PROGRAM_VERSIONS = graphql(`query AdminProgramVersions($programId: ID!) { programVersions(programId: $programId) { id version status author requestedBy approvedBy effectiveAt appliedAt updatedAt } }`);
export const VERSION = graphql(`query AdminProgramVersion($id: ID!) { programVersion(id: $id) {
  id programId version status document author requestedBy requestedAt approvedBy approvedAt reason policies noticePeriod effectiveAt appliedAt
  audit { action actorId note at }
  notices { journeyId accepted stage code }
  plan { __typename
    ... on ProgramVersionPlanSuccess { data { previousVersion publishable errors { path line message suggestion } warnings { path line message suggestion }
      diff { from to areas changes { kind area path summary } }
      impact { holders onDroppedPathways inFlight { stage count } reach { area journeysInFlight holders } eligibility { personId name pathwayId change } } } }
    ... on ProgramRejectedError { message problems { path line message suggestion } }
    ... on CertiflowError { code message } } } }`);
export const START = graphql(`mutation StartProgram($input: StartProgramInput!) { startProgram(input: $input) { __typename
  ... on MutationStartProgramSuccess { data { version { id programId version } } }
  ... on ProgramRejectedError { message problems { path line message suggestion } } ... on CertiflowError { code message path } } }`);
export const SAVE_PROGRAM = graphql(`mutation SaveProgramDraft($document: JSON, $text: String) { saveProgramDraft(document: $document, text: $text) { __typename
  ... on MutationSaveProgramDraftSuccess { data { version { id } publishable errors { path line message suggestion } warnings { path line message suggestion } } }
  ... on ProgramRejectedError { message problems { path line message suggestion } } ... on CertiflowError { code message path } } }`);
export const REQUEST_PROGRAM = graphql(`mutation RequestProgramPublication($input: RequestProgramPublicationInput!) { requestProgramPublication(input: $input) { __typename
  ... on MutationRequestProgramPublicationSuccess { data { version { id status } } }
  ... on ProgramRejectedError { message problems { path line message suggestion } } ... on CertiflowError { code message path } } }`);
export const APPROVE_PROGRAM = graphql(`mutation ApproveProgramVersion($versionId: ID!) { approveProgramVersion(versionId: $versionId) { __typename
  ... on MutationApproveProgramVersionSuccess { data { version { id appliedAt effectiveAt } notices { journeyId accepted } } }
  ... on ProgramRejectedError { message problems { path line message suggestion } } ... on CertiflowError { code message path } } }`);
export const REJECT_PROGRAM = graphql(`mutation RejectProgramVersion($versionId: ID!, $note: String!) { rejectProgramVersion(versionId: $versionId, note: $note) { __typename
  ... on MutationRejectProgramVersionSuccess { data { id } } ... on CertiflowError { code message path } } }`);

export type AdminVersion = NonNullable<ResultOf<typeof VERSION>['programVersion']>;
export type Plan = Extract<AdminVersion['plan'], { data: unknown }>['data'];
export type PlanProblem = Plan['errors'][number];
