import { builder, enumValues } from '../builder.js';

// Competencies and the performance indicators that make them observable, as published with a program.

const COMPETENCY_KINDS = ['technical', 'soft'] as const;
type CompetencyKind = (typeof COMPETENCY_KINDS)[number];

const CompetencyKindEnum = builder.enumType('CompetencyKind', {
  description: 'Technical skills, or soft skills such as collaboration, communication, leadership and conflict resolution.',
  values: enumValues(COMPETENCY_KINDS),
});

builder.prismaObject('Competency', {
  description: 'Something a certified practitioner can do, broken down into observable performance indicators.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    key: t.exposeString('key', { description: 'Stable key; rubric criteria refer to it.' }),
    name: t.exposeString('name'),
    kind: t.field({ type: CompetencyKindEnum, resolve: (c) => c.kind as CompetencyKind }),
    description: t.exposeString('description'),
    indicators: t.relation('indicators', { query: { orderBy: { position: 'asc' } } }),
  }),
});

builder.prismaObject('PerformanceIndicator', {
  description: 'Behaviour an assessor, mentor or peer can observe that shows the competency.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    code: t.exposeString('code'),
    description: t.exposeString('description'),
  }),
});
