// Who is asking, as every layer that decides access sees it: the roles a person holds and the viewer
// resolved once per request (http/auth/viewer.ts) from their token.

export const Role = {
  Admin: 'admin',
  Hr: 'hr',
  ProgramOwner: 'program_owner',
  Committee: 'committee',
  Manager: 'manager',
  Mentor: 'mentor',
  Assessor: 'assessor',
  Candidate: 'candidate',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

/** Who is asking, resolved once per request from the bearer token. */
export interface Viewer {
  personId: string;
  roles: Role[];
  /** Direct reports, so "is this my report's journey?" needs no query per field. */
  reportIds: string[];
}
