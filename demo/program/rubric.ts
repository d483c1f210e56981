import type { Rubric } from '../../domain/rubric.js';

// The rubric every pathway of the demo program is assessed by. It scores four competencies, two of them
// critical; the others (reliability, collaboration, leadership, conflict resolution) are observed through
// their indicators in check-ins, milestones and the reflection rather than scored, which keeps the panel's
// work to four judgements and the criterion keys that running journeys already hold scores for.

export const rubric: Rubric = {
  levels: { min: 1, max: 4, labels: { '1': 'Beginning', '2': 'Developing', '3': 'Proficient', '4': 'Exemplary' } },
  criteria: [
    {
      key: 'architecture-design',
      title: 'Architecture design',
      description: 'Chooses components and boundaries that meet the stated requirements, and justifies them.',
      threshold: 3,
      critical: true,
      competency: 'architecture-design',
    },
    {
      key: 'security',
      title: 'Security',
      description: 'Applies least privilege, encryption and network isolation appropriate to the data.',
      threshold: 3,
      critical: true,
      competency: 'security',
    },
    {
      key: 'cost-optimisation',
      title: 'Cost optimisation',
      description: 'Estimates running cost and shows at least one saving considered.',
      threshold: 2,
      critical: false,
      competency: 'cost-optimisation',
    },
    {
      key: 'communication',
      title: 'Communication',
      description: 'Explains the design and its trade-offs clearly to a mixed audience.',
      threshold: 2,
      critical: false,
      competency: 'communication',
    },
  ],
  passAverage: 2.5,
};
