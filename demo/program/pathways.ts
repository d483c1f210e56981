import type { EvidenceFormat } from '../../domain/journey.js';

// The routes to the credential. Each names the formats it accepts and, in a candidate's words, what the
// evidence must show and the steps from enrolment to credential, so both can be read before enrolling.
// The steps repeat the program's timing in words; the durations themselves stay data on the program.

export interface DemoPathway {
  id: string;
  name: string;
  kind: 'portfolio' | 'coursework' | 'live_demo';
  description: string;
  evidenceFormats: EvidenceFormat[];
  evidenceRequirements: string[];
  progression: string[];
}

const enrolment = [
  'Check the prerequisites and enrol on this pathway',
  'Manager approval of your enrolment (the approval link is valid for 7 days)',
  'Agree a learning plan with a mentor from outside your management chain; mentor check-ins every two weeks',
];

const decision = [
  'Panel of three assessors from other departments scores your evidence independently against the published rubric; scores more than one level apart go to a moderator',
  'Decision with a written rationale, appeal window of 14 days; two committee members review an appeal',
  'Credential valid two years; re-certification opens 60 days before it expires',
];

const reflection = 'A reflection on what you learned and what you would do differently, including how you worked with others';

export const pathways: DemoPathway[] = [
  {
    id: 'cap-portfolio',
    name: 'Portfolio',
    kind: 'portfolio',
    description: 'A written architecture report or a recorded walkthrough of a system you designed, with a reflection.',
    evidenceFormats: ['written_report', 'video'],
    evidenceRequirements: [
      'A cloud system you designed or substantially changed in the last 18 months, as a written report or a recorded walkthrough of up to 20 minutes',
      'Diagrams of the components and data flows',
      'The requirements the design answers and at least one option you rejected, with the reason',
      'A threat model and an estimate of the monthly running cost',
      reflection,
    ],
    progression: [
      ...enrolment,
      'Submit your evidence with a reflection within 90 days of approval; reminders 14 and 3 days before the deadline; one resubmission if the first does not pass',
      ...decision,
    ],
  },
  {
    id: 'cap-coursework',
    name: 'Coursework',
    kind: 'coursework',
    description: 'A written case-study report after the advanced course, with a reflection.',
    evidenceFormats: ['written_report'],
    evidenceRequirements: [
      'A written case-study report answering the brief set in the advanced course',
      'The architecture you propose, with diagrams, and the alternatives you considered',
      'How the design is secured, how it recovers from failure, and what it costs to run',
      reflection,
    ],
    progression: [
      ...enrolment,
      'Complete the advanced course and its case-study brief',
      'Submit your report with a reflection within 90 days of approval; reminders 14 and 3 days before the deadline; one resubmission if the first does not pass',
      ...decision,
    ],
  },
  {
    id: 'cap-live-demo',
    name: 'Live demonstration',
    kind: 'live_demo',
    description: 'Present and defend a design live in front of the panel, then answer their questions, with a reflection.',
    evidenceFormats: ['live_demonstration'],
    evidenceRequirements: [
      'A 30-minute live walkthrough of a cloud system you designed, followed by 20 minutes of questions from the panel',
      'A one-page outline of the system, sent when you book the session',
      'Answers that show your security, reliability and cost decisions and the trade-offs behind them',
      reflection,
    ],
    progression: [
      ...enrolment,
      'Book your session with the panel and submit the outline with a reflection within 90 days of approval; one further demonstration if the first does not pass',
      ...decision,
    ],
  },
];
