import { READ_CHANNELS, READ_KINDS, type ReadChannel, type ReadKind } from '../../domain/read-audit.js';
import { READ_AUDIT_ORDER, readAuditWhere } from '../../services/read-audit.js';
import { builder, enumValues } from '../builder.js';
import { noteRead } from '../read-audit.js';

// HR's question of the read audit: who read whose journey data, when, and through which door. HR's
// alone, and asking is itself recorded (kind read_audit), so looking up a colleague's reads leaves a
// trace too.

const ReadKindEnum = builder.enumType('ReadKind', { description: 'What kind of someone else\'s data was read.', values: enumValues(READ_KINDS) });
const ReadChannelEnum = builder.enumType('ReadChannel', { description: 'The door a read came through.', values: enumValues(READ_CHANNELS) });

builder.prismaObject('ReadAudit', {
  description: "A read of someone else's journey data: recorded once per request for each kind, journey and subject.",
  authScopes: { hr: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    at: t.expose('at', { type: 'DateTime' }),
    viewerId: t.exposeID('viewerId', { description: 'The person who read.' }),
    subjectId: t.exposeID('subjectId', { nullable: true, description: "The person the data is about (the journey's candidate)." }),
    // Prisma batches the findUnique calls of one tick into one query: a page of entries asks once.
    viewer: t.prismaField({ type: 'Person', nullable: true, resolve: (query, r, _args, ctx) => ctx.prisma.person.findUnique({ ...query, where: { id: r.viewerId } }) }),
    subject: t.prismaField({
      type: 'Person',
      nullable: true,
      resolve: (query, r, _args, ctx) => (r.subjectId ? ctx.prisma.person.findUnique({ ...query, where: { id: r.subjectId } }) : null),
    }),
    journeyId: t.exposeID('journeyId', { nullable: true }),
    kind: t.field({ type: ReadKindEnum, resolve: (r) => r.kind as ReadKind }),
    channel: t.field({ type: ReadChannelEnum, resolve: (r) => r.channel as ReadChannel }),
    operation: t.exposeString('operation', { nullable: true, description: 'The GraphQL operation, or the route of a file download.' }),
    traceId: t.exposeString('traceId', { nullable: true, description: "The request's trace id, when tracing is on." }),
    address: t.exposeString('address', { nullable: true, description: "The caller's network address." }),
  }),
});

builder.queryFields((t) => ({
  readAudit: t.prismaConnection({
    type: 'ReadAudit',
    cursor: 'id',
    description:
      "Who read whose journey data, newest first (at most 200 a page); for HR. Every given filter must hold; `from` is inclusive, `to` exclusive. Asking is recorded in the read audit too.",
    authScopes: { hr: true },
    defaultSize: 50,
    maxSize: 200,
    args: {
      subjectId: t.arg.id({ description: 'Reads of this person\'s data.' }),
      viewerId: t.arg.id({ description: 'Reads by this person.' }),
      journeyId: t.arg.id(),
      kind: t.arg({ type: [ReadKindEnum], description: 'Any of these kinds.' }),
      from: t.arg({ type: 'DateTime' }),
      to: t.arg({ type: 'DateTime' }),
    },
    resolve: (query, _root, args, ctx) => {
      const filter = { ...args, subjectId: args.subjectId && String(args.subjectId), viewerId: args.viewerId && String(args.viewerId), journeyId: args.journeyId && String(args.journeyId) };
      noteRead(ctx, { kind: 'read_audit', subjectId: filter.subjectId ?? null, journeyId: filter.journeyId ?? null });
      return ctx.prisma.readAudit.findMany({ ...query, where: readAuditWhere(filter), orderBy: READ_AUDIT_ORDER });
    },
  }),
}));
