import { loadConfig } from '../config/index.js';
import { people } from '../demo/people.js';
import { mintDevToken } from '../http/auth/tokens.js';

// `npm run token -- <personId or email>`: a development bearer token. The database is not opened: a
// running `npm run dev` owns the PGlite directory. The API checks the person exists when the token is used.

const usage = [
  'Usage: npm run token -- <personId or email>',
  '',
  'Demo people:',
  ...people.map((p) => `  ${p.id.padEnd(8)} ${p.email.padEnd(20)} ${p.name} (${p.roles.join(', ')})`),
].join('\n');

const arg = process.argv[2]?.trim();
if (!arg || arg === '--help' || arg === '-h') {
  console.error(usage);
  process.exit(arg ? 0 : 1);
}

const byEmail = arg.includes('@') ? people.find((p) => p.email.toLowerCase() === arg.toLowerCase()) : undefined;
if (arg.includes('@') && !byEmail) {
  console.error(`No demo person has the email ${arg}; pass a person id instead.\n\n${usage}`);
  process.exit(1);
}
const personId = byEmail?.id ?? arg;
const person = people.find((p) => p.id === personId);
// A development tool: without DEV_MODE in the environment it mints with the development secret, which
// only a server in DEV_MODE accepts; with AUTH_JWT_SECRET set, with that.
const config = loadConfig({ DEV_MODE: 'true', ...process.env });
const token = await mintDevToken(config.AUTH_JWT_SECRET, personId);

// Piped (`$(npm run -s token -- alex)`), only the token; on a terminal, the header line to paste too.
if (!process.stdout.isTTY) {
  console.log(token);
} else {
  const who = person
    ? `${person.name} (${person.id}, ${person.roles.join(', ')})`
    : `"${personId}" (not a demo person: the API accepts it only if that person exists)`;
  console.log(`Token for ${who}, valid 12 hours. Paste into GraphiQL's "Headers":\n{"Authorization": "Bearer ${token}"}`);
}
