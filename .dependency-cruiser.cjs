// Which folder may import which (docs/architecture.md, "Layers"): dependencies point inward, from the
// HTTP edge and the worker to services, workflows and activities, to rules and the domain. `npm run
// lint:imports` (part of `npm test`) fails on any import against these rules.

const layer = (name) => `^${name}/`;
const APP = ['domain', 'rules', 'programs', 'prisma', 'services', 'workflows', 'activities', 'worker', 'graphql', 'http', 'html', 'mail', 'config', 'demo', 'scripts', 'bench', 'test'];
const except = (...allowed) => `^(${APP.filter((f) => !allowed.includes(f)).join('|')})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-the-core',
      comment: 'domain/ holds what every layer shares, without I/O: it imports nothing of the app.',
      severity: 'error',
      from: { path: layer('domain') },
      to: { path: except('domain') },
    },
    {
      name: 'rules-on-domain-only',
      comment: 'Rule sets (validation, evaluation) are pure: domain/ at most.',
      severity: 'error',
      from: { path: layer('rules') },
      to: { path: except('domain', 'rules') },
    },
    {
      name: 'programs-on-domain-and-rules-only',
      comment: 'Program documents (schema, validation, diff, terms) are pure: no database, no workflow, no I/O.',
      severity: 'error',
      from: { path: layer('programs') },
      to: { path: except('domain', 'rules', 'programs') },
    },
    {
      name: 'html-stands-alone',
      comment: 'The HTML tag is a leaf every renderer uses.',
      severity: 'error',
      from: { path: layer('html') },
      to: { path: except('html') },
    },
    {
      name: 'prisma-below-services',
      comment: 'The database layer knows the domain, nothing above it.',
      severity: 'error',
      from: { path: layer('prisma') },
      to: { path: except('prisma', 'domain') },
    },
    {
      name: 'services-below-the-edges',
      comment: 'Services are called by the HTTP edge, GraphQL, activities and the CLI; they call none of them.',
      severity: 'error',
      from: { path: layer('services') },
      to: { path: '^(activities|graphql|http|worker|scripts|bench|test|demo)/' },
    },
    {
      name: 'services-see-workflows-through-their-contract',
      comment: "A service starts workflows and sends them updates through their messages and types, never their code.",
      severity: 'error',
      from: { path: layer('services') },
      to: { path: layer('workflows'), pathNot: '^workflows/.+/(messages|types|ids)\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'activities-never-import-workflows',
      comment: 'Activities are adapters the workflows call; what both need lives in domain/.',
      severity: 'error',
      from: { path: layer('activities') },
      to: { path: '^(workflows|graphql|http|worker|scripts|bench|test|demo)/' },
    },
    {
      name: 'workflows-are-deterministic',
      comment: 'Workflow code runs in the sandbox: domain/, its own modules and activity types only.',
      severity: 'error',
      from: { path: layer('workflows') },
      to: { path: '^(services|graphql|http|worker|prisma|config|scripts|bench|test|demo)/' },
    },
    {
      name: 'workflows-name-emails-by-type',
      comment: 'A workflow records which email to send (template and parameters, typed by mail/templates.ts); rendering and sending are activities.',
      severity: 'error',
      from: { path: layer('workflows') },
      to: { path: layer('mail'), dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'workflows-call-activities-by-type',
      comment: 'Workflows reach activities through proxyActivities, typed by the activities module, never by importing their code.',
      severity: 'error',
      from: { path: layer('workflows') },
      to: { path: layer('activities'), dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'graphql-below-http',
      comment: 'The schema is mounted by the HTTP edge; it does not know the edge.',
      severity: 'error',
      from: { path: layer('graphql') },
      to: { path: '^(http|worker|activities|scripts|bench|test|demo)/' },
    },
    {
      name: 'mail-below-the-process',
      comment: 'Email templates and transport serve activities and the inbox; they call no service or workflow.',
      severity: 'error',
      from: { path: layer('mail') },
      to: { path: '^(http|graphql|worker|workflows|activities|scripts|bench|test|demo)/' },
    },
    {
      name: 'only-entry-points-import-the-edge',
      comment: 'http/ is the outermost layer: only the processes, scripts, tests and benchmarks use it.',
      severity: 'error',
      from: { path: '^(domain|rules|programs|prisma|services|workflows|activities|graphql|html|mail|config|demo)/' },
      to: { path: layer('http') },
    },
    {
      name: 'only-the-worker-imports-the-worker',
      severity: 'error',
      from: { path: '^(domain|rules|programs|prisma|services|workflows|activities|graphql|http|html|mail|config|demo)/' },
      to: { path: layer('worker') },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|generated)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.d.ts'] },
  },
};
