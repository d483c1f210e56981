// Error codes shared by every layer. They are the GraphQL error codes, the ApplicationFailure types
// thrown by activities, and what tests assert on. Values never change meaning once released.
export const ErrorCode = {
  NotFound: 'NOT_FOUND',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  InvalidInput: 'INVALID_INPUT',
  InvalidRuleSet: 'INVALID_RULE_SET',
  /** A program document with problems; each is listed with its path and line. */
  InvalidProgram: 'INVALID_PROGRAM',
  RuleEvaluationFailed: 'RULE_EVALUATION_FAILED',
  AlreadyEnrolled: 'ALREADY_ENROLLED',
  NotAllowedInStage: 'NOT_ALLOWED_IN_STAGE',
  NotAssignedAssessor: 'NOT_ASSIGNED_ASSESSOR',
  NotCandidate: 'NOT_CANDIDATE',
  ApprovalAlreadyDecided: 'APPROVAL_ALREADY_DECIDED',
  LinkInvalid: 'LINK_INVALID',
  LinkExpired: 'LINK_EXPIRED',
  LinkUsed: 'LINK_USED',
  LinkMismatch: 'LINK_MISMATCH',
  WorkflowUnavailable: 'WORKFLOW_UNAVAILABLE',
  /** The same id was sent before with other content (an xAPI statement is immutable). */
  Conflict: 'CONFLICT',
  /** A backing service (the database) cannot be reached for the moment; retrying shortly works. */
  ServiceUnavailable: 'SERVICE_UNAVAILABLE',
  // Request limits enforced by the API before anything runs (graphql/hardening.ts).
  RateLimited: 'RATE_LIMITED',
  RequestTooLarge: 'REQUEST_TOO_LARGE',
  MalformedQuery: 'MALFORMED_QUERY',
  QueryTooDeep: 'QUERY_TOO_DEEP',
  QueryTooCostly: 'QUERY_TOO_COSTLY',
  TooManyAliases: 'TOO_MANY_ALIASES',
  TooManyTokens: 'TOO_MANY_TOKENS',
  TooManyDirectives: 'TOO_MANY_DIRECTIVES',
  IntrospectionDisabled: 'INTROSPECTION_DISABLED',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface DomainError {
  code: ErrorCode;
  message: string;
  /** JSON path or input field the error is about, when there is one. */
  path?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: DomainError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: ErrorCode, message: string, path?: string): Result<T> => ({
  ok: false,
  error: path === undefined ? { code, message } : { code, message, path },
});
