import { createHmac, timingSafeEqual } from 'node:crypto';

// A survey link carries a token derived from the server secret and the assessment id, like approval
// links (services/approval-links.ts) but with its own purpose prefix, so neither kind of token opens the other.
// Nothing secret is stored: the email is re-rendered from the outbox row and the token derived again.
// Single use comes from the one SurveyResponse row allowed per assessment.

export function deriveSurveyToken(secret: string, assessmentId: string): string {
  return createHmac('sha256', secret).update(`survey-link:v1:${assessmentId}`).digest('base64url');
}

export function surveyTokenValid(secret: string, assessmentId: string, token: string): boolean {
  const expected = Buffer.from(deriveSurveyToken(secret, assessmentId));
  const actual = Buffer.from(token);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function surveyLinkUrl(publicUrl: string, assessmentId: string, token: string): string {
  const url = new URL(`/surveys/${encodeURIComponent(assessmentId)}`, publicUrl);
  url.searchParams.set('token', token);
  return url.toString();
}
