// Demo people: a small organisation with managers, candidates, assessors in several departments,
// mentors, HR, an admin and a certification committee. Tenures and committee terms are relative to the
// seeding date so the demo candidates stay eligible (or not), and the committee active, whenever it is run.
//
// Sized for the full journey: a panel of three assessors from three different departments without the
// candidate's mentor, and for a reassessment a second such panel sharing nobody with the first; two
// mentors outside the candidates' management chain; committee members who never assess, so an appeal is
// never reviewed by someone who scored the work, and one whose term has ended, so rotation is visible.

export interface DemoPerson {
  id: string;
  name: string;
  email: string;
  department: string;
  title: string;
  roles: string[];
  managerId: string | null;
  monthsOfTenure: number;
  courses?: string[];
  certifications?: string[];
  /** Mentees at once; only for mentors. */
  mentorCapacity?: number;
}

/** A committee term as months from the seeding date: negative in the past, positive in the future. */
export interface DemoCommitteeTerm {
  personId: string;
  role: 'chair' | 'member';
  startsInMonths: number;
  endsInMonths: number;
}

// Managers before their reports: the seed inserts in this order.
export const people: DemoPerson[] = [
  { id: 'omar', name: 'Omar Haddad', email: 'omar@example.com', department: 'Engineering', title: 'Director of Engineering', roles: ['manager', 'committee'], managerId: null, monthsOfTenure: 96 },
  { id: 'maya', name: 'Maya Chen', email: 'maya@example.com', department: 'Engineering', title: 'Engineering Manager', roles: ['manager'], managerId: 'omar', monthsOfTenure: 60 },
  { id: 'alex', name: 'Alex Kim', email: 'alex@example.com', department: 'Engineering', title: 'Software Engineer', roles: ['candidate'], managerId: 'maya', monthsOfTenure: 26, courses: ['CLOUD-101'] },
  { id: 'jordan', name: 'Jordan Lee', email: 'jordan@example.com', department: 'Engineering', title: 'Site Reliability Engineer', roles: ['candidate'], managerId: 'maya', monthsOfTenure: 14, certifications: ['AWS-SAA'] },
  { id: 'sam', name: 'Sam Patel', email: 'sam@example.com', department: 'Engineering', title: 'Graduate Engineer', roles: ['candidate'], managerId: 'maya', monthsOfTenure: 3 },
  // Assessors: eight across five departments, none in Engineering where the candidates work.
  { id: 'priya', name: 'Priya Nair', email: 'priya@example.com', department: 'Platform', title: 'Principal Architect', roles: ['assessor', 'mentor'], managerId: 'omar', monthsOfTenure: 72, mentorCapacity: 3 },
  { id: 'lars', name: 'Lars Berg', email: 'lars@example.com', department: 'Security', title: 'Security Architect', roles: ['assessor'], managerId: 'omar', monthsOfTenure: 48 },
  { id: 'grace', name: 'Grace Okafor', email: 'grace@example.com', department: 'Data', title: 'Lead Data Engineer', roles: ['assessor'], managerId: 'omar', monthsOfTenure: 40 },
  { id: 'kenji', name: 'Kenji Sato', email: 'kenji@example.com', department: 'Platform', title: 'Senior Cloud Engineer', roles: ['assessor'], managerId: 'omar', monthsOfTenure: 36 },
  { id: 'nadia', name: 'Nadia Rahman', email: 'nadia@example.com', department: 'Security', title: 'Cloud Security Engineer', roles: ['assessor'], managerId: 'lars', monthsOfTenure: 30 },
  { id: 'owen', name: 'Owen Hughes', email: 'owen@example.com', department: 'Data', title: 'Data Platform Architect', roles: ['assessor'], managerId: 'grace', monthsOfTenure: 44 },
  { id: 'rosa', name: 'Rosa Alvarez', email: 'rosa@example.com', department: 'Infrastructure', title: 'Infrastructure Lead', roles: ['assessor'], managerId: 'omar', monthsOfTenure: 58 },
  { id: 'victor', name: 'Victor Mensah', email: 'victor@example.com', department: 'Architecture', title: 'Enterprise Architect', roles: ['assessor'], managerId: null, monthsOfTenure: 84 },
  // Mentors: priya above and tom, both reporting to omar, so neither is in a candidate's chain.
  { id: 'tom', name: 'Tom Becker', email: 'tom@example.com', department: 'Platform', title: 'Staff Engineer', roles: ['mentor'], managerId: 'omar', monthsOfTenure: 55, mentorCapacity: 3 },
  { id: 'hana', name: 'Hana Reyes', email: 'hana@example.com', department: 'People', title: 'HR Business Partner', roles: ['hr'], managerId: null, monthsOfTenure: 50 },
  // Committee: reviews appeals and owns the criteria; never assesses.
  { id: 'ines', name: 'Ines Duarte', email: 'ines@example.com', department: 'Quality', title: 'Certification Committee Chair', roles: ['committee', 'program_owner'], managerId: null, monthsOfTenure: 80 },
  { id: 'dana', name: 'Dana Whitfield', email: 'dana@example.com', department: 'Finance', title: 'Finance Systems Lead', roles: ['committee'], managerId: null, monthsOfTenure: 66 },
  { id: 'felix', name: 'Felix Wagner', email: 'felix@example.com', department: 'Operations', title: 'Head of Service Delivery', roles: ['committee'], managerId: null, monthsOfTenure: 90 },
  { id: 'mira', name: 'Mira Kowalski', email: 'mira@example.com', department: 'Product', title: 'Principal Product Manager', roles: ['committee'], managerId: null, monthsOfTenure: 52 },
  { id: 'ari', name: 'Ari Stone', email: 'ari@example.com', department: 'People', title: 'Platform Administrator', roles: ['admin'], managerId: null, monthsOfTenure: 30 },
  // A second administrator: publishing a program or rule set needs a second person (four eyes).
  { id: 'theo', name: 'Theo Varga', email: 'theo@example.com', department: 'People', title: 'Learning Systems Administrator', roles: ['admin'], managerId: null, monthsOfTenure: 22 },
];

// Four members serving now; omar rotated off when his term ended six months ago (he keeps the role for
// the record, but appeal reviewers come from active terms only, and he sits above every candidate).
export const committeeTerms: DemoCommitteeTerm[] = [
  { personId: 'ines', role: 'chair', startsInMonths: -12, endsInMonths: 24 },
  { personId: 'dana', role: 'member', startsInMonths: -6, endsInMonths: 18 },
  { personId: 'felix', role: 'member', startsInMonths: -3, endsInMonths: 21 },
  { personId: 'mira', role: 'member', startsInMonths: -1, endsInMonths: 23 },
  { personId: 'omar', role: 'member', startsInMonths: -30, endsInMonths: -6 },
];
