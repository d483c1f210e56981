import { EvidenceFormat } from './journey.js';

// Anonymised assessment (program option panel.anonymised) applies only where the format allows: a
// video or a live demonstration shows the person, so hiding the name there would only mislead.

/** The evidence formats that do not show the candidate. */
export const ANONYMISABLE_FORMATS: readonly string[] = [EvidenceFormat.WrittenReport, EvidenceFormat.ReflectiveWriteUp];

export const formatAllowsAnonymity = (format: string): boolean => ANONYMISABLE_FORMATS.includes(format);

/** How emails to an anonymised assessment's panel name the candidate: no name, and no keyed pseudonym, which needs a server secret a workflow does not hold. */
export const ANONYMOUS_CANDIDATE_LABEL = 'A candidate (anonymised assessment)';

/** What an anonymised assessor is told an uploaded file is called: a file name often carries its author's name. */
export const anonymousFileName = (fileName: string): string => `evidence${/\.[A-Za-z0-9]{1,8}$/.exec(fileName)?.[0] ?? ''}`;
