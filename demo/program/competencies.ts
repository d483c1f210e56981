// What a Cloud Architecture Practitioner is expected to be able to do, each competency broken down into
// performance indicators: behaviour an assessor, mentor or peer can actually observe. The rubric scores
// four of them (see ./rubric.ts); reliability and the soft competencies other than communication are
// evidenced through these indicators in the candidate's evidence and reflection, the mentor's check-ins
// and milestones, so they are published here even though no rubric criterion carries their name.

export type CompetencyKind = 'technical' | 'soft';

export interface DemoCompetency {
  key: string;
  name: string;
  kind: CompetencyKind;
  description: string;
  indicators: { code: string; description: string }[];
}

export const competencies: DemoCompetency[] = [
  {
    key: 'architecture-design',
    name: 'Architecture design',
    kind: 'technical',
    description: 'Shapes a cloud system from requirements: components, boundaries, data flows and their trade-offs.',
    indicators: [
      { code: 'AD-1', description: 'Traces each major component back to a stated functional or non-functional requirement.' },
      { code: 'AD-2', description: 'Compares at least two options for a key decision and records why one was chosen.' },
      { code: 'AD-3', description: 'Draws the system at a level a new team member can follow, data flows included.' },
    ],
  },
  {
    key: 'security',
    name: 'Security',
    kind: 'technical',
    description: 'Protects data and access by default, in proportion to what the data is worth.',
    indicators: [
      { code: 'SE-1', description: 'Grants each identity only the permissions its task needs.' },
      { code: 'SE-2', description: 'Encrypts data at rest and in transit, and says who manages the keys.' },
      { code: 'SE-3', description: 'Isolates networks so a compromised component cannot reach everything.' },
      { code: 'SE-4', description: 'Names the main threats to the design and the control that answers each one.' },
    ],
  },
  {
    key: 'cost-optimisation',
    name: 'Cost optimisation',
    kind: 'technical',
    description: 'Knows what a design costs to run and spends where it buys value.',
    indicators: [
      { code: 'CO-1', description: 'Estimates the monthly running cost and names the largest line items.' },
      { code: 'CO-2', description: 'Shows at least one saving considered, taken or rejected, with the reason.' },
    ],
  },
  {
    key: 'reliability',
    name: 'Reliability',
    kind: 'technical',
    description: 'Designs for failure: the system keeps its promises when parts of it break.',
    indicators: [
      { code: 'RE-1', description: 'States availability and recovery objectives and shows how the design meets them.' },
      { code: 'RE-2', description: 'Removes single points of failure or explains why one is accepted.' },
      { code: 'RE-3', description: 'Describes how failures are detected, alerted on and recovered from.' },
    ],
  },
  {
    key: 'collaboration',
    name: 'Collaboration',
    kind: 'soft',
    description: 'Builds designs with others rather than for them.',
    indicators: [
      { code: 'CB-1', description: 'Involves the teams who will build and run the system before decisions are final.' },
      { code: 'CB-2', description: "Incorporates reviewers' feedback and says what changed because of it." },
    ],
  },
  {
    key: 'communication',
    name: 'Communication',
    kind: 'soft',
    description: 'Explains designs and trade-offs so that each audience can act on them.',
    indicators: [
      { code: 'CM-1', description: 'Adapts the explanation to technical and non-technical listeners.' },
      { code: 'CM-2', description: 'Writes decisions down where others will find them.' },
      { code: 'CM-3', description: 'Answers questions directly, including "I do not know yet".' },
    ],
  },
  {
    key: 'leadership',
    name: 'Leadership',
    kind: 'soft',
    description: 'Moves a technical direction forward and helps others grow into it.',
    indicators: [
      { code: 'LD-1', description: 'Sets a direction others follow without relying on formal authority.' },
      { code: 'LD-2', description: 'Coaches a colleague through a design decision instead of making it for them.' },
    ],
  },
  {
    key: 'conflict-resolution',
    name: 'Conflict resolution',
    kind: 'soft',
    description: 'Turns technical disagreement into a decision people can commit to.',
    indicators: [
      { code: 'CR-1', description: 'Restates the opposing position fairly before arguing against it.' },
      { code: 'CR-2', description: 'Finds the criteria both sides accept and decides against them.' },
      { code: 'CR-3', description: 'Escalates a deadlock early, with the options laid out, rather than letting it stall.' },
    ],
  },
];
