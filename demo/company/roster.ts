import { pick, type Random, seededRandom, weighted } from './random.js';

// The demo company's people, as its HR system would export them: a few hundred employees in eleven
// departments, each with a manager line, a hire date, a job level, learning records and (where the person
// answered the equality survey) demographics. Generated from a fixed seed, so every fresh `npm run dev`
// has the same company; imported through the same CSV import a company uses (demo/company/history.ts).
// The small cast of demo/people.ts (alex, maya, priya...) stays as it is beside them.

export interface CompanyPerson {
  email: string;
  givenName: string;
  familyName: string;
  department: string;
  title: string;
  managerEmail: string | null;
  /** Whole months employed when the history ends (today). */
  monthsOfTenure: number;
  roleLevel: number;
  demographics: { gender: string; ethnicity: string; ageBand: string; disability: string } | null;
  courses: { code: string; monthsAgo: number }[];
  certifications: { code: string; monthsAgo: number }[];
  /** Certiflow roles beyond "candidate", assigned by an administrator after the import. */
  roles: string[];
  mentorCapacity: number;
  /** Works on cloud systems: may enrol in Cloud Architecture Practitioner. */
  technical: boolean;
}

interface DepartmentPlan {
  name: string;
  teams: number;
  teamSize: number;
  technical: boolean;
  /** Job titles by seniority, junior first. */
  titles: [string, string, string];
  teamLead: string;
  head: string;
}

const DEPARTMENTS: DepartmentPlan[] = [
  { name: 'Engineering', teams: 5, teamSize: 14, technical: true, titles: ['Software Engineer', 'Senior Software Engineer', 'Principal Engineer'], teamLead: 'Engineering Manager', head: 'VP Engineering' },
  { name: 'Platform', teams: 2, teamSize: 10, technical: true, titles: ['Platform Engineer', 'Senior Platform Engineer', 'Staff Platform Engineer'], teamLead: 'Platform Lead', head: 'Head of Platform' },
  { name: 'Data', teams: 2, teamSize: 10, technical: true, titles: ['Data Engineer', 'Senior Data Engineer', 'Data Architect'], teamLead: 'Data Engineering Manager', head: 'Head of Data' },
  { name: 'Security', teams: 1, teamSize: 12, technical: true, titles: ['Security Engineer', 'Senior Security Engineer', 'Security Architect'], teamLead: 'Security Operations Lead', head: 'CISO' },
  { name: 'Infrastructure', teams: 2, teamSize: 8, technical: true, titles: ['Infrastructure Engineer', 'Senior Infrastructure Engineer', 'Infrastructure Architect'], teamLead: 'Infrastructure Manager', head: 'Head of Infrastructure' },
  { name: 'Product', teams: 2, teamSize: 8, technical: false, titles: ['Product Manager', 'Senior Product Manager', 'Principal Product Manager'], teamLead: 'Group Product Manager', head: 'VP Product' },
  { name: 'Design', teams: 1, teamSize: 9, technical: false, titles: ['Product Designer', 'Senior Product Designer', 'Design Principal'], teamLead: 'Design Manager', head: 'Head of Design' },
  { name: 'Customer Success', teams: 2, teamSize: 10, technical: false, titles: ['Customer Success Manager', 'Senior Customer Success Manager', 'Solutions Consultant'], teamLead: 'Customer Success Lead', head: 'VP Customer Success' },
  { name: 'Sales', teams: 2, teamSize: 9, technical: false, titles: ['Account Executive', 'Senior Account Executive', 'Sales Engineer'], teamLead: 'Sales Manager', head: 'VP Sales' },
  { name: 'Operations', teams: 1, teamSize: 12, technical: false, titles: ['Operations Analyst', 'Senior Operations Analyst', 'Operations Architect'], teamLead: 'Operations Manager', head: 'COO' },
  { name: 'Finance', teams: 1, teamSize: 9, technical: false, titles: ['Financial Analyst', 'Senior Financial Analyst', 'Finance Business Partner'], teamLead: 'Finance Manager', head: 'CFO' },
];

const GIVEN = [
  'Aaliyah', 'Abebe', 'Adaeze', 'Ahmed', 'Aiko', 'Alejandro', 'Amara', 'Amir', 'Ana', 'Anders', 'Anika', 'Arjun', 'Astrid', 'Ayesha', 'Bao', 'Beatriz', 'Bilal', 'Bjorn', 'Carmen', 'Chen',
  'Chiara', 'Chidi', 'Clara', 'Daniel', 'Darius', 'Deepa', 'Diego', 'Elena', 'Emeka', 'Emil', 'Emma', 'Esi', 'Fatima', 'Felipe', 'Freya', 'Gabriel', 'Hamid', 'Hannah', 'Haruto', 'Ibrahim',
  'Ingrid', 'Isaac', 'Isabel', 'Jamal', 'Javier', 'Jin', 'Joao', 'Julia', 'Kai', 'Kamala', 'Karim', 'Kavya', 'Kofi', 'Laila', 'Leo', 'Lina', 'Lucas', 'Luisa', 'Malik', 'Marta',
  'Mateo', 'Mei', 'Mohammed', 'Nadia', 'Naveen', 'Nia', 'Nikolai', 'Noor', 'Olga', 'Oluwaseun', 'Pablo', 'Petra', 'Rafael', 'Rahul', 'Rania', 'Ravi', 'Rin', 'Rosa', 'Ruth', 'Saanvi',
  'Sara', 'Sebastian', 'Sipho', 'Sofia', 'Soo-ah', 'Tariq', 'Thandiwe', 'Tomas', 'Uma', 'Valentina', 'Wei', 'Yara', 'Yusuf', 'Zainab', 'Zofia', 'Kwame', 'Lucia', 'Priyanka', 'Hugo', 'Ines',
];
const FAMILY = [
  'Abara', 'Achterberg', 'Adeyemi', 'Almeida', 'Andersson', 'Bakker', 'Banerjee', 'Bauer', 'Bianchi', 'Castillo', 'Chowdhury', 'Costa', 'Da Silva', 'Dubois', 'Eriksen', 'Fernandes', 'Fischer', 'Fujita', 'Garcia', 'Gupta',
  'Haddad', 'Hansen', 'Hoang', 'Ibrahim', 'Iyer', 'Jansen', 'Jung', 'Kaplan', 'Kariuki', 'Kato', 'Khan', 'Kowalczyk', 'Kruger', 'Laurent', 'Lindgren', 'Lopez', 'Mahlangu', 'Martin', 'Mendes', 'Moreau',
  'Mukherjee', 'Murphy', 'Nakamura', 'Ndlovu', 'Nguyen', 'Novak', 'Obi', 'Okonkwo', 'Olsen', 'Ortiz', 'Park', 'Pereira', 'Popescu', 'Quinn', 'Ramos', 'Rao', 'Rossi', 'Saleh', 'Santos', 'Schmidt',
  'Sharma', 'Silva', 'Singh', 'Sokolova', 'Suzuki', 'Tanaka', 'Torres', 'Tran', 'Van Dijk', 'Vargas', 'Wang', 'Weber', 'Wilson', 'Yamamoto', 'Yilmaz', 'Zhang', 'Zielinski', 'Oyelaran', 'Lund', 'Reddy',
];

const GENDERS = ['woman', 'man', 'non-binary'] as const;
const ETHNICITIES = ['asian', 'black', 'hispanic', 'middle eastern', 'white', 'mixed'] as const;
const AGE_BANDS = ['18-24', '25-34', '35-44', '45-54', '55-64'] as const;

const slug = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '');

export const COMPANY_EMAIL_DOMAIN = 'northwind.example';

/** The company, the same for the same seed. */
export function companyRoster(seed = 20261204): CompanyPerson[] {
  const random = seededRandom(seed);
  const emails = new Set<string>();
  const person = (department: DepartmentPlan, title: string, managerEmail: string | null, seniority: 0 | 1 | 2 | 3): CompanyPerson => {
    const givenName = pick(random, GIVEN);
    const familyName = pick(random, FAMILY);
    let email = `${slug(givenName)}.${slug(familyName)}@${COMPANY_EMAIL_DOMAIN}`;
    for (let n = 2; emails.has(email); n++) email = `${slug(givenName)}.${slug(familyName)}${n}@${COMPANY_EMAIL_DOMAIN}`;
    emails.add(email);
    // Tenure at the end of the history; the history starts 12 months earlier, so 13 months at least.
    const monthsOfTenure = 13 + Math.floor(random() ** 1.6 * (40 + seniority * 40));
    const answered = random() > 0.12; // the rest chose not to answer the equality survey
    const demographics = answered
      ? {
          gender: weighted(random, [[GENDERS[0], 42], [GENDERS[1], 52], [GENDERS[2], 3], ['prefer not to say', 3]]),
          ethnicity: weighted(random, [[ETHNICITIES[0], 22], [ETHNICITIES[1], 12], [ETHNICITIES[2], 12], [ETHNICITIES[3], 7], [ETHNICITIES[4], 40], [ETHNICITIES[5], 5], ['prefer not to say', 2]]),
          ageBand: seniority >= 2 ? pick(random, AGE_BANDS.slice(2)) : weighted(random, [[AGE_BANDS[0], 10], [AGE_BANDS[1], 50], [AGE_BANDS[2], 28], [AGE_BANDS[3], 10], [AGE_BANDS[4], 2]]),
          disability: weighted(random, [['no', 86], ['yes', 9], ['prefer not to say', 5]]),
        }
      : null;
    const courses: CompanyPerson['courses'] = [];
    const certifications: CompanyPerson['certifications'] = [];
    if (department.technical) {
      if (random() < 0.62) courses.push({ code: 'CLOUD-101', monthsAgo: 12 + Math.floor(random() * 30) });
      if (random() < 0.14) certifications.push({ code: pick(random, ['AWS-SAA', 'AZ-305'] as const), monthsAgo: 12 + Math.floor(random() * 14) });
    }
    return {
      email,
      givenName,
      familyName,
      department: department.name,
      title,
      managerEmail,
      monthsOfTenure,
      roleLevel: [2, 3, 5, 6][seniority]!,
      demographics,
      courses,
      certifications,
      roles: [],
      mentorCapacity: 0,
      technical: department.technical,
    };
  };

  const roster: CompanyPerson[] = [];
  for (const department of DEPARTMENTS) {
    const head = person(department, department.head, null, 3);
    roster.push(head);
    for (let team = 0; team < department.teams; team++) {
      const lead = person(department, department.teamLead, head.email, 2);
      roster.push(lead);
      for (let member = 0; member < department.teamSize; member++) {
        const seniority = weighted(random, [[0, 50], [1, 38], [2, 12]] as const);
        roster.push(person(department, department.titles[seniority], lead.email, seniority));
      }
    }
  }
  assignRoles(roster, random);
  return roster;
}

/**
 * Who assesses, mentors, sits on the committee and runs HR. Assessors are senior people of the technical departments and of
 * Product, so that a panel of three from three departments other than the candidate's can always be drawn;
 * mentors are seniors with room for three mentees.
 */
function assignRoles(roster: CompanyPerson[], random: Random): void {
  const perDepartment: Record<string, number> = { Engineering: 6, Platform: 5, Data: 5, Security: 5, Infrastructure: 5, Product: 3 };
  for (const [department, count] of Object.entries(perDepartment)) {
    const seniors = roster.filter((p) => p.department === department && p.roleLevel >= 5 && p.managerEmail !== null);
    for (const assessor of seniors.slice(0, count)) assessor.roles.push('assessor');
  }
  const mentorPool = roster.filter((p) => p.technical && p.roleLevel >= 3 && !p.roles.includes('assessor'));
  for (const mentor of mentorPool.filter(() => random() < 0.2).slice(0, 18)) {
    mentor.roles.push('mentor');
    mentor.mentorCapacity = 3;
  }
  // The program's own committee (moderation, appeals): heads of departments whose people never enrol,
  // so none of them is in a candidate's management chain.
  for (const head of roster.filter((p) => ['VP Product', 'COO', 'CFO', 'VP Customer Success'].includes(p.title))) head.roles.push('committee');
  const finance = roster.find((p) => p.department === 'Finance' && p.managerEmail !== null);
  if (finance) finance.roles.push('hr');
}

function csvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csv(header: string[], rows: (string | number | null)[][]): string {
  return `${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const monthsBefore = (end: Date, months: number) => {
  const date = new Date(end);
  date.setUTCMonth(date.getUTCMonth() - months);
  return date;
};

/** The HRIS export: managers before their reports, demographics where the person answered. */
export function peopleCsv(roster: CompanyPerson[], end: Date): string {
  return csv(
    ['Employee ID', 'First Name', 'Last Name', 'Work Email', 'Manager Email', 'Department', 'Job Title', 'Start Date', 'Job Level', 'Status', 'Gender', 'Ethnicity', 'Age Range', 'Disability'],
    roster.map((p, i) => [
      `NW-${String(1001 + i)}`,
      p.givenName,
      p.familyName,
      p.email,
      p.managerEmail,
      p.department,
      p.title,
      isoDay(monthsBefore(end, p.monthsOfTenure)),
      p.roleLevel,
      'Active',
      p.demographics?.gender ?? 'prefer not to say',
      p.demographics?.ethnicity ?? 'prefer not to say',
      p.demographics?.ageBand ?? 'prefer not to say',
      p.demographics?.disability ?? 'prefer not to say',
    ]),
  );
}

/** The LMS export of course completions before the history starts. */
export function coursesCsv(roster: CompanyPerson[], end: Date): string {
  return csv(['Email', 'Course Code', 'Completion Date'], roster.flatMap((p) => p.courses.map((c) => [p.email, c.code, isoDay(monthsBefore(end, c.monthsAgo))])));
}

/** Outside certifications, as the learning team tracks them. */
export function certificationsCsv(roster: CompanyPerson[], end: Date): string {
  return csv(
    ['Email', 'Certification', 'Issued', 'Expires'],
    roster.flatMap((p) => p.certifications.map((c) => [p.email, c.code, isoDay(monthsBefore(end, c.monthsAgo)), isoDay(monthsBefore(end, c.monthsAgo - 36))])),
  );
}

/** The mapping file an HR team would write for this export: demographics came from a consented survey. */
export const PEOPLE_MAPPING = JSON.stringify({ demographicsSource: 'Northwind equality survey 2025 (consented)' });
