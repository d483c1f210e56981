import { canSeeContactDetails, canSeeOwnSettings, canSeeRoles } from '../../services/access.js';
import { builder } from '../builder.js';

export const PersonObject = builder.prismaObject('Person', {
  description: 'An employee: candidate, manager, mentor, assessor or staff.',
  // Select mode: a query reads only the columns its fields ask for (a page of candidates, their names).
  // Id, name and department are read always, as plain fields: cheaper than Pothos checking an exposed
  // field's selection for every row of a list.
  select: { id: true, name: true, department: true },
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.id({ resolve: (p) => p.id }),
    name: t.string({ resolve: (p) => p.name }),
    department: t.string({ resolve: (p) => p.department }),
    title: t.exposeString('title'),
    email: t.string({
      nullable: true,
      description: 'Visible to the person, their manager and HR.',
      select: { email: true },
      resolve: (person, _args, ctx) => (canSeeContactDetails(ctx, person.id) ? person.email : null),
    }),
    roles: t.stringList({
      nullable: true,
      description: 'Visible to the person and HR.',
      select: { roles: true },
      resolve: (person, _args, ctx) => (canSeeRoles(ctx, person.id) ? person.roles : null),
    }),
    manager: t.relation('manager', { nullable: true }),
    celebrationOptIn: t.boolean({
      nullable: true,
      description: 'Whether the person chose to appear in the celebration feed; visible to the person only.',
      select: { celebrationOptIn: true },
      resolve: (person, _args, ctx) => (canSeeOwnSettings(ctx, person.id) ? person.celebrationOptIn : null),
    }),
  }),
});

builder.queryFields((t) => ({
  me: t.prismaField({
    type: 'Person',
    description: 'The person the bearer token belongs to.',
    authScopes: { authenticated: true },
    resolve: (query, _root, _args, ctx) => ctx.prisma.person.findUniqueOrThrow({ ...query, where: { id: ctx.viewer!.personId } }),
  }),
}));
