import type { Rubric } from '../domain/rubric.js';

// The demo program, "Cloud Architecture Practitioner", as data.

export const PROGRAM_ID = 'cloud-architecture-practitioner';
export const ELIGIBILITY_RULE_SET_KEY = `${PROGRAM_ID}.eligibility`;

export const program = {
  id: PROGRAM_ID,
  name: 'Cloud Architecture Practitioner',
  description:
    'Certifies engineers who design secure, resilient and cost-aware cloud systems and can explain their trade-offs.',
  validity: 'P2Y',
  recertificationWindow: 'P60D',
  submissionDeadline: 'P90D',
  approvalLinkTtl: 'P7D',
};

export const rubric: Rubric = {
  levels: { min: 1, max: 4, labels: { '1': 'Beginning', '2': 'Developing', '3': 'Proficient', '4': 'Exemplary' } },
  criteria: [
    {
      key: 'architecture-design',
      title: 'Architecture design',
      description: 'Chooses components and boundaries that meet the stated requirements, and justifies them.',
      threshold: 3,
      critical: true,
    },
    {
      key: 'security',
      title: 'Security',
      description: 'Applies least privilege, encryption and network isolation appropriate to the data.',
      threshold: 3,
      critical: true,
    },
    {
      key: 'cost-optimisation',
      title: 'Cost optimisation',
      description: 'Estimates running cost and shows at least one saving considered.',
      threshold: 2,
      critical: false,
    },
    {
      key: 'communication',
      title: 'Communication',
      description: 'Explains the design and its trade-offs clearly to a mixed audience.',
      threshold: 2,
      critical: false,
    },
  ],
  passAverage: 2.5,
};

export const pathways = [
  {
    id: 'cap-portfolio',
    name: 'Portfolio',
    kind: 'portfolio',
    description: 'A written architecture report or a recorded walkthrough of a system you designed, with a reflection.',
    evidenceFormats: ['written_report', 'video'],
  },
  {
    id: 'cap-coursework',
    name: 'Coursework',
    kind: 'coursework',
    description: 'A written case-study report after the advanced course, with a reflection.',
    evidenceFormats: ['written_report'],
  },
];
