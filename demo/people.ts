// Demo people: a small organisation with managers, candidates, assessors in several departments, a
// mentor, HR, an admin and a committee member. Tenures are relative to the seeding date so the demo
// candidates stay eligible (or not) whenever it is run.

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
}

export const people: DemoPerson[] = [
  { id: 'omar', name: 'Omar Haddad', email: 'omar@example.com', department: 'Engineering', title: 'Director of Engineering', roles: ['manager', 'committee'], managerId: null, monthsOfTenure: 96 },
  { id: 'maya', name: 'Maya Chen', email: 'maya@example.com', department: 'Engineering', title: 'Engineering Manager', roles: ['manager'], managerId: 'omar', monthsOfTenure: 60 },
  { id: 'alex', name: 'Alex Kim', email: 'alex@example.com', department: 'Engineering', title: 'Software Engineer', roles: ['candidate'], managerId: 'maya', monthsOfTenure: 26, courses: ['CLOUD-101'] },
  { id: 'jordan', name: 'Jordan Lee', email: 'jordan@example.com', department: 'Engineering', title: 'Site Reliability Engineer', roles: ['candidate'], managerId: 'maya', monthsOfTenure: 14, certifications: ['AWS-SAA'] },
  { id: 'sam', name: 'Sam Patel', email: 'sam@example.com', department: 'Engineering', title: 'Graduate Engineer', roles: ['candidate'], managerId: 'maya', monthsOfTenure: 3 },
  { id: 'priya', name: 'Priya Nair', email: 'priya@example.com', department: 'Platform', title: 'Principal Architect', roles: ['assessor', 'mentor'], managerId: 'omar', monthsOfTenure: 72 },
  { id: 'lars', name: 'Lars Berg', email: 'lars@example.com', department: 'Security', title: 'Security Architect', roles: ['assessor'], managerId: 'omar', monthsOfTenure: 48 },
  { id: 'grace', name: 'Grace Okafor', email: 'grace@example.com', department: 'Data', title: 'Lead Data Engineer', roles: ['assessor'], managerId: 'omar', monthsOfTenure: 40 },
  { id: 'tom', name: 'Tom Becker', email: 'tom@example.com', department: 'Platform', title: 'Staff Engineer', roles: ['mentor'], managerId: 'omar', monthsOfTenure: 55 },
  { id: 'hana', name: 'Hana Reyes', email: 'hana@example.com', department: 'People', title: 'HR Business Partner', roles: ['hr'], managerId: null, monthsOfTenure: 50 },
  { id: 'ines', name: 'Ines Duarte', email: 'ines@example.com', department: 'Quality', title: 'Certification Committee Chair', roles: ['committee', 'program_owner'], managerId: null, monthsOfTenure: 80 },
  { id: 'ari', name: 'Ari Stone', email: 'ari@example.com', department: 'People', title: 'Platform Administrator', roles: ['admin'], managerId: null, monthsOfTenure: 30 },
];
