import { people } from '../../demo/people.js';
import { mintDevToken } from '../../http/auth/tokens.js';

// The summary `npm run dev` prints once everything is up. Tokens stay outside the box and on lines of
// their own, so a triple-click copies exactly the header JSON GraphiQL expects.

export interface DevBannerOptions {
  jwtSecret: string;
  embedded: boolean;
  dataDir: string;
  apiBase: string;
  temporalUi: string;
  inboxUrl: string;
}

// One person per role a demo walk-through needs: enrol, approve, assess, look at everything.
const demoViewers = [
  ['alex', 'candidate'],
  ['maya', "alex's manager"],
  ['priya', 'assessor'],
  ['hana', 'HR'],
] as const;

export async function devBanner(options: DevBannerOptions): Promise<string> {
  const { embedded, apiBase } = options;
  const title = `Certiflow is running (${embedded ? 'embedded PGlite, worker and API in this process' : 'PostgreSQL, worker and API as child processes'})`;
  const links: [string, string][] = [
    ['Web portal (sign in as a demo person)', `${apiBase}/`],
    ['GraphQL + GraphiQL', `${apiBase}/graphql`],
    ['Temporal UI', options.temporalUi],
    ['Mail inbox', options.inboxUrl],
    ['Health check', `${apiBase}/healthz`],
  ];
  const tokenLines: string[] = [];
  for (const [id, role] of demoViewers) {
    const name = people.find((p) => p.id === id)?.name ?? id;
    const token = await mintDevToken(options.jwtSecret, id);
    tokenLines.push(`  ${id} (${name}, ${role}):`, `  {"Authorization": "Bearer ${token}"}`, '');
  }
  return [
    '',
    ...box([title, '', ...alignPairs(links)]),
    '',
    'Development tokens (12 hours; `npm run token -- <person>` mints new ones). In GraphiQL open "Headers" (bottom left) and paste one of these lines:',
    '',
    ...tokenLines,
    'More tokens: npm run token -- <personId or email>   (e.g. npm run token -- jordan@example.com)',
    embedded
      ? `State lives in ${options.dataDir} (PGlite, Temporal SQLite, inbox): a restart resumes the same journeys.`
      : 'Scale out: more "npm run worker" processes (same DATABASE_URL and TEMPORAL_ADDRESS) can run on other machines.',
    'Ctrl-C stops everything (press it twice to force).',
    '',
  ].join('\n');
}

function alignPairs(pairs: [string, string][]): string[] {
  const width = Math.max(...pairs.map(([label]) => label.length));
  return pairs.map(([label, value]) => `${label.padEnd(width)}  ${value}`);
}

function box(rows: string[]): string[] {
  const width = Math.max(...rows.map((row) => row.length));
  return [`┌${'─'.repeat(width + 2)}┐`, ...rows.map((row) => `│ ${row.padEnd(width)} │`), `└${'─'.repeat(width + 2)}┘`];
}
