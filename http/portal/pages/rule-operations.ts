import { graphql, type ResultOf, type VariablesOf } from '../graphql.js';

// Every GraphQL operation of the rule-set pages, with the types of what they read: the editor
// (rules.ts) runs them and the views (rule-views.ts) show their results.

export const CATALOG = graphql(`query RuleCatalog { programs { id name } ruleSetDrafts { id key programId kind basedOnVersion author updatedAt requestedBy requestedAt request errors { path message suggestion } definition } dueRuleReviews(within: "P30D") { ruleSetKey ruleSetId programId dueOn overdue } }`);
export const VERSIONS = graphql(`query RuleVersions($programId: ID!) { ruleSets(programId: $programId) { id key programId kind version publishedAt publishedBy reason reviewDueOn } }`);
export const VERSION_DETAIL = graphql(`query RuleVersion($id: ID!) { ruleSet(id: $id) { definition
  transitions { id previousRuleSetId policy effectiveAt journeysNotified createdAt results { journeyId accepted stage code message } } } }`);
export const VALIDATE = graphql(`mutation ValidateRuleSet($definition: JSON!, $key: String) { validateRuleSet(definition: $definition, key: $key) { valid errors { path message suggestion } } }`);
export const SIMULATE = graphql(`query SimulateRuleSet($definition: JSON!, $asOf: DateTime) { simulateRuleSet(definition: $definition, asOf: $asOf) { __typename
  ... on QuerySimulateRuleSetSuccess { data { ruleSetId asOf population gains { personId name journeyId stage group baselineRuleSetId before after change why } loses { personId name journeyId stage group baselineRuleSetId before after change why } unchanged { personId name journeyId stage group baselineRuleSetId before after change why } failed { personId name journeyId stage group baselineRuleSetId before after change why } } }
  ... on RuleSetRejectedError { code message problems { path message suggestion } } ... on CertiflowError { code message } } }`);
export const DIFF = graphql(`query RuleSetDiff($from: ID!, $definition: JSON!) { ruleSetDiff(from: $from, toDefinition: $definition) { __typename
  ... on QueryRuleSetDiffSuccess { data { from to changes { kind path summary } } }
  ... on RuleSetRejectedError { code message problems { path message suggestion } } ... on CertiflowError { code message } } }`);
export const SAVE = graphql(`mutation SaveRuleSetDraft($input: SaveRuleSetDraftInput!) { saveRuleSetDraft(input: $input) { __typename ... on CertiflowError { code message }
  ... on MutationSaveRuleSetDraftSuccess { data { draft { id } publishable errors { path message suggestion } } } } }`);
export const PUBLISH = graphql(`mutation PublishRuleSet($input: PublishRuleSetInput!) { publishRuleSet(input: $input) { __typename ... on CertiflowError { code message } ... on RuleSetRejectedError { code message problems { path message suggestion } }
  ... on MutationPublishRuleSetSuccess { data { pendingApproval draft { id } ruleSet { id } transition { journeysNotified results { journeyId } } } } } }`);
export const APPROVE = graphql(`mutation ApproveRuleSetPublication($draftId: ID!) { approveRuleSetPublication(draftId: $draftId) { __typename ... on CertiflowError { code message } ... on RuleSetRejectedError { code message problems { path message suggestion } }
  ... on MutationApproveRuleSetPublicationSuccess { data { ruleSet { id publishedBy approvedBy } transition { journeysNotified results { journeyId } } } } } }`);
export const SEND_BACK = graphql(`mutation RejectRuleSetPublication($draftId: ID!, $note: String!) { rejectRuleSetPublication(draftId: $draftId, note: $note) { __typename ... on CertiflowError { code message }
  ... on MutationRejectRuleSetPublicationSuccess { data { id } } } }`);
export const REVIEW = graphql(`mutation RecordRuleReview($input: RecordRuleReviewInput!) { recordRuleReview(input: $input) { __typename ... on CertiflowError { code message }
  ... on MutationRecordRuleReviewSuccess { data { nextReview { dueOn } } } } }`);


export type Version = ResultOf<typeof VERSIONS>['ruleSets'][number];
export type Draft = ResultOf<typeof CATALOG>['ruleSetDrafts'][number];
export type DueReview = ResultOf<typeof CATALOG>['dueRuleReviews'][number];
export type Simulation = Extract<ResultOf<typeof SIMULATE>['simulateRuleSet'], { data: unknown }>['data'];
export type Outcome = Simulation['gains'][number];
export type Change = Extract<ResultOf<typeof DIFF>['ruleSetDiff'], { data: unknown }>['data']['changes'][number];
export type Transition = NonNullable<ResultOf<typeof VERSION_DETAIL>['ruleSet']>['transitions'][number];
export type RuleSetKind = Version['kind'];

export const TRANSITION_POLICIES = ['KEEP', 'TRANSITION', 'IMMEDIATE'] as const satisfies readonly VariablesOf<typeof PUBLISH>['input']['transitionPolicy'][];
export const REVIEW_OUTCOMES = ['CONFIRMED', 'REVISION_NEEDED', 'SUPERSEDED'] as const satisfies readonly VariablesOf<typeof REVIEW>['input']['outcome'][];
