import { ANONYMOUS_CANDIDATE_LABEL, formatAllowsAnonymity } from '../../../domain/anonymity.js';
import { type Journey, journeyContext } from '../journal.js';

// Anonymised assessment (program option panel.anonymised, docs/security.md): the people who judge the
// evidence (panel members, the moderator) are not told whose it is where the format hides the person.
// The workflow holds no server secret, so mail to them carries a fixed label, not the portal's pseudonym.

/** The candidate as the people judging the evidence are told of them. */
export function candidateForJudges(journey: Journey): string {
  const { candidate, program } = journeyContext(journey);
  const submission = journey.state.submission;
  return program.anonymisedAssessment && submission && formatAllowsAnonymity(submission.format) ? ANONYMOUS_CANDIDATE_LABEL : candidate.name;
}
