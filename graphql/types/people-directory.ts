import { ErrorCode } from '../../domain/errors.js';
import { builder } from '../builder.js';
import type { ImportSummary } from '../../services/people/imports.js';
import type { IntegrationClientSummary, IssuedSecret } from '../../services/integration-clients.js';
import { factCatalog, type FactType } from '../../rules/facts.js';
import { unwrap } from './errors.js';

// The people directory's administration: CSV imports (HR and admins), the clients that provision people
// (SCIM) and send learning records (xAPI), which roles a directory group gives, which course an LMS
// activity stands for. Secrets are shown once, in the answer that creates or rotates them.

const ImportKindEnum = builder.enumType('ImportKind', {
  description: 'What a CSV file holds.',
  values: {
    PEOPLE: { value: 'people', description: 'People from an HRIS export: email, name, manager, department, title, hire date, job level, status.' },
    COURSES: { value: 'courses', description: 'Course completions from an LMS export: email, course code, completion date.' },
    CERTIFICATIONS: { value: 'certifications', description: 'Outside certifications: email, code, issue date, expiry date.' },
  },
});

const ImportProblemRef = builder.objectRef<{ row: number; column?: string; message: string }>('ImportProblem').implement({
  authScopes: { directory: true },
  description: 'What is wrong, and where: the file line where the record starts (1 is the header; 0 the mapping) and the column as the file names it.',
  fields: (t) => ({
    row: t.exposeInt('row'),
    column: t.string({ nullable: true, resolve: (p) => p.column ?? null }),
    message: t.exposeString('message'),
  }),
});

const ImportResultRef = builder.objectRef<ImportSummary>('ImportResult').implement({
  authScopes: { directory: true },
  description: 'What an import did, or would do (dry run). When a row has a problem nothing is applied, and every problem is listed.',
  fields: (t) => ({
    runId: t.exposeID('runId'),
    kind: t.field({ type: ImportKindEnum, resolve: (r) => r.kind }),
    fileName: t.exposeString('fileName'),
    dryRun: t.exposeBoolean('dryRun'),
    applied: t.exposeBoolean('applied', { description: 'True when the changes were written.' }),
    rows: t.exposeInt('rows'),
    created: t.exposeInt('created'),
    updated: t.exposeInt('updated'),
    unchanged: t.exposeInt('unchanged'),
    rejected: t.exposeInt('rejected', { description: 'Rows with at least one problem.' }),
    problems: t.field({ type: [ImportProblemRef], resolve: (r) => r.problems }),
  }),
});

const ImportInput = builder.inputType('ImportInput', {
  fields: (t) => ({
    kind: t.field({ type: ImportKindEnum, required: true }),
    fileName: t.string({ required: true, description: 'The file name, kept with the run.' }),
    contentBase64: t.string({ required: true, description: 'The file, base64-encoded (any encoding the reader knows: UTF-8 with or without BOM, UTF-16).' }),
    mapping: t.string({ description: 'A mapping file as JSON: columns, dateFormat, delimiter, demographicsSource, attributes (docs/people.md).' }),
    dryRun: t.boolean({ defaultValue: false, description: 'Check and count everything, write nothing.' }),
  }),
});

type ImportRunRow = { id: string; kind: string; fileName: string; dryRun: boolean; actor: string; at: Date; summary: unknown };
const count = (run: ImportRunRow, key: string) => Number((run.summary as Record<string, unknown>)[key] ?? 0);

const ImportRunRef = builder.objectRef<ImportRunRow>('ImportRun').implement({
  authScopes: { directory: true },
  description: 'An import as it was asked for and what it did: kept for every file, rejected or dry run too.',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.field({ type: ImportKindEnum, resolve: (r) => r.kind as ImportSummary['kind'] }),
    fileName: t.exposeString('fileName'),
    dryRun: t.exposeBoolean('dryRun'),
    actor: t.exposeString('actor', { description: 'Who imported it (a person id).' }),
    at: t.expose('at', { type: 'DateTime' }),
    created: t.int({ resolve: (r) => count(r, 'created') }),
    updated: t.int({ resolve: (r) => count(r, 'updated') }),
    unchanged: t.int({ resolve: (r) => count(r, 'unchanged') }),
    rejected: t.int({ resolve: (r) => count(r, 'rejected') }),
  }),
});

builder.queryFields((t) => ({
  importRuns: t.field({
    type: [ImportRunRef],
    description: 'Recent imports, newest first. For HR and admins.',
    authScopes: { directory: true },
    args: { first: t.arg.int({ defaultValue: 20, description: 'At most this many (up to 100).' }) },
    resolve: (_root, args, ctx) => ctx.prisma.importRun.findMany({ orderBy: { at: 'desc' }, take: Math.min(Math.max(args.first ?? 20, 1), 100) }),
  }),
}));

/** Well above any HRIS export of a few thousand people, below the API's request limit. */
const MAX_IMPORT_BYTES = 8 * 1024 * 1024;

builder.mutationFields((t) => ({
  importRecords: t.field({
    type: ImportResultRef,
    description: 'Imports a CSV export of people, course completions or certifications, all or nothing. For HR and admins. A GraphQL request is at most 100 KB: larger files go to POST /imports/{kind} (what `certiflow import` and the portal use).',
    authScopes: { directory: true },
    errors: {},
    args: { input: t.arg({ type: ImportInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const content = Buffer.from(input.contentBase64, 'base64');
      if (content.length > MAX_IMPORT_BYTES) unwrap({ ok: false, error: { code: ErrorCode.RequestTooLarge, message: `The file is larger than ${MAX_IMPORT_BYTES} bytes.`, path: 'input.contentBase64' } });
      return ctx.imports.run({
        kind: input.kind,
        fileName: input.fileName,
        content,
        ...(input.mapping ? { mapping: input.mapping } : {}),
        dryRun: input.dryRun ?? false,
        actor: { id: ctx.viewer!.personId, source: 'csv' },
      });
    },
  }),
}));

const IntegrationKindEnum = builder.enumType('IntegrationKind', {
  values: {
    SCIM: { value: 'scim', description: 'An identity provider provisioning people at /scim/v2 (bearer token).' },
    XAPI: { value: 'xapi', description: 'An LMS sending xAPI statements to /xapi/statements (HTTP Basic: the client id and the secret).' },
  },
});

const IntegrationClientRef = builder.objectRef<IntegrationClientSummary>('IntegrationClient').implement({
  authScopes: { admin: true },
  description: 'A system that feeds the directory or learning records. Its secret is never shown again after it is issued.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    kind: t.field({ type: IntegrationKindEnum, resolve: (c) => c.kind }),
    createdBy: t.exposeString('createdBy'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    rotatedAt: t.expose('rotatedAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
  }),
});

const IssuedSecretRef = builder.objectRef<IssuedSecret>('IssuedIntegrationSecret').implement({
  authScopes: { admin: true },
  description: 'A new secret, shown this once: store it in the identity provider or LMS now.',
  fields: (t) => ({
    client: t.field({ type: IntegrationClientRef, resolve: (s) => s.client }),
    secret: t.exposeString('secret'),
  }),
});

const GroupRoleMappingRef = builder.objectRef<{ groupName: string; roles: string[] }>('GroupRoleMapping').implement({
  authScopes: { admin: true },
  description: 'The Certiflow roles a directory group gives its members.',
  fields: (t) => ({ groupName: t.exposeString('groupName'), roles: t.exposeStringList('roles') }),
});

const LearningActivityRef = builder.objectRef<{ activityId: string; courseCode: string }>('LearningActivity').implement({
  authScopes: { directory: true },
  description: 'Which course an LMS activity id (an IRI in xAPI statements) stands for.',
  fields: (t) => ({ activityId: t.exposeString('activityId'), courseCode: t.exposeString('courseCode') }),
});

builder.queryFields((t) => ({
  integrationClients: t.field({
    type: [IntegrationClientRef],
    description: 'SCIM and xAPI clients, oldest first. For admins.',
    authScopes: { admin: true },
    resolve: (_root, _args, ctx) => ctx.integrationClients.list(),
  }),
  groupRoleMappings: t.field({
    type: [GroupRoleMappingRef],
    description: 'Which roles each directory group gives. For admins.',
    authScopes: { admin: true },
    resolve: (_root, _args, ctx) => ctx.prisma.groupRoleMapping.findMany({ orderBy: { groupName: 'asc' } }),
  }),
  learningActivities: t.field({
    type: [LearningActivityRef],
    description: 'LMS activity ids mapped to course codes. For HR and admins.',
    authScopes: { directory: true },
    resolve: (_root, _args, ctx) => ctx.learningRecords.listActivityMappings(),
  }),
}));

builder.mutationFields((t) => ({
  createIntegrationClient: t.field({
    type: IssuedSecretRef,
    description: 'A new SCIM or xAPI client and its secret (shown once). For admins.',
    authScopes: { admin: true },
    errors: {},
    args: { name: t.arg.string({ required: true }), kind: t.arg({ type: IntegrationKindEnum, required: true }) },
    resolve: async (_root, args, ctx) => unwrap(await ctx.integrationClients.create({ name: args.name, kind: args.kind, createdBy: ctx.viewer!.personId })),
  }),
  rotateIntegrationClientSecret: t.field({
    type: IssuedSecretRef,
    description: 'A new secret for the client; the old one stops working at once. For admins.',
    authScopes: { admin: true },
    errors: {},
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => unwrap(await ctx.integrationClients.rotate(String(args.id))),
  }),
  revokeIntegrationClient: t.field({
    type: IntegrationClientRef,
    description: 'Stops the client for good. For admins.',
    authScopes: { admin: true },
    errors: {},
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => unwrap(await ctx.integrationClients.revoke(String(args.id))),
  }),
  mapDirectoryGroup: t.field({
    type: GroupRoleMappingRef,
    description: 'Sets the roles a directory group (by display name) gives its members; an empty list removes the mapping. Members are updated at once. For admins.',
    authScopes: { admin: true },
    errors: {},
    args: { groupName: t.arg.string({ required: true }), roles: t.arg.stringList({ required: true }) },
    resolve: async (_root, args, ctx) => unwrap(await ctx.people.mapGroupRoles(args.groupName, args.roles, ctx.viewer!.personId)),
  }),
  mapLearningActivity: t.field({
    type: LearningActivityRef,
    description: 'Says which course code an LMS activity id stands for; later statements about it record completions. For HR and admins.',
    authScopes: { directory: true },
    errors: {},
    args: { activityId: t.arg.string({ required: true }), courseCode: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => unwrap(await ctx.learningRecords.mapActivity(args.activityId, args.courseCode)),
  }),
}));


const FactTypeEnum = builder.enumType('FactType', {
  values: {
    NUMBER: { value: 'number' },
    STRING: { value: 'string' },
    STRING_LIST: { value: 'string[]', description: 'A list of strings (";"-separated in a CSV cell).' },
    BOOLEAN: { value: 'boolean' },
    DATE: { value: 'date', description: 'A calendar date, YYYY-MM-DD.' },
  },
});

const AttributeSourceEnum = builder.enumType('PersonAttributeSource', {
  values: {
    SCIM: { value: 'scim', description: 'The attribute of this name in the Certiflow SCIM extension (urn:ietf:params:scim:schemas:extension:certiflow:2.0:User).' },
    CSV: { value: 'csv', description: 'A column of this name listed in a people import mapping\'s "attributes".' },
  },
});

const FactRef = builder.objectRef<{ name: string; type: string; description: string; builtIn: boolean; source: string | null }>('Fact').implement({
  authScopes: { hr: true },
  description: 'A fact rules may use: built in, or a person attribute the company declared.',
  fields: (t) => ({
    name: t.exposeString('name'),
    type: t.field({ type: FactTypeEnum, resolve: (f) => f.type as 'number' }),
    description: t.exposeString('description'),
    builtIn: t.exposeBoolean('builtIn'),
    source: t.field({ type: AttributeSourceEnum, nullable: true, resolve: (f) => f.source as 'scim' | null }),
  }),
});

builder.queryFields((t) => ({
  facts: t.field({
    type: [FactRef],
    description: 'Every fact rules may use here: the built-in catalog and the declared person attributes. For HR, program owners and admins.',
    authScopes: { hr: true },
    resolve: async (_root, _args, ctx) => {
      const declared = await ctx.personAttributes.list();
      const catalog = factCatalog(declared.map((d) => ({ name: d.name, type: d.type as FactType, description: d.description })));
      return catalog.names.map((name) => {
        const spec = catalog.spec(name)!;
        const own = declared.find((d) => d.name === name);
        return { name, type: spec.type, description: spec.description, builtIn: !own, source: own?.source ?? null };
      });
    },
  }),
}));

builder.mutationFields((t) => ({
  declarePersonAttribute: t.field({
    type: FactRef,
    description: 'Declares a person attribute as a fact rules may use (or changes its description or source; never its type). For admins.',
    authScopes: { admin: true },
    errors: {},
    args: {
      name: t.arg.string({ required: true }),
      type: t.arg({ type: FactTypeEnum, required: true }),
      description: t.arg.string({ required: true }),
      source: t.arg({ type: AttributeSourceEnum, required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const saved = unwrap(await ctx.personAttributes.declare({ name: args.name, type: args.type, description: args.description, source: args.source }, ctx.viewer!.personId));
      return { ...saved, builtIn: false };
    },
  }),
}));
