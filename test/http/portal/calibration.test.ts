import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../../demo/seed.js';
import { mintDevToken } from '../../../http/auth/tokens.js';
import { createGraphQLHandler } from '../../../http/graphql.js';
import { ApiError, createApiClient } from '../../../http/portal/api-client.js';
import type { PageContext, PortalViewer } from '../../../http/portal/page.js';
import { calibration } from '../../../http/portal/pages/calibration.js';
import { type Database, openDatabase } from '../../../prisma/client.js';
import { createServices } from '../../../services/index.js';
import { seedCalibrationPanels } from '../../graphql/calibration-fixture.js';

// The committee's calibration page, rendered by its handler against the real GraphQL API on a seeded
// database (test/graphql/calibration-fixture.ts); no Temporal is needed, so no browser or server either.

const SECRET = 'calibration-portal-secret';
let db: Database;

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, '2026-11-25T09:00:00.000Z');
  await seedCalibrationPanels(db.prisma);
});

afterAll(async () => {
  await db?.close();
});

async function render(personId: string, roles: string[], search = '') {
  const services = createServices({ prisma: db.prisma, client: undefined as never, taskQueue: 'x' });
  const yoga = createGraphQLHandler({ services, jwtSecret: SECRET, production: true, rateLimit: false });
  const client = createApiClient(async (request) => yoga.fetch(request));
  const token = await mintDevToken(SECRET, personId);
  const viewer: PortalViewer = { id: personId, name: personId, email: null, roles };
  const ctx = {
    url: new URL(`http://portal.test/committee/calibration${search}`),
    viewer,
    api: (document: never, variables?: object) => client.request(document, variables ?? {}, token),
  } as unknown as PageContext;
  const result = await calibration(ctx);
  if (result.kind !== 'page') throw new Error(`expected a page, got ${result.kind}`);
  return result.body.value;
}

const cells = (page: string, first: string) => {
  const row = new RegExp(`<tr><td>${first}</td>(.*?)</tr>`).exec(page)?.[1] ?? '';
  return [...row.matchAll(/<td>(.*?)<\/td>/g)].map((m) => m[1]);
};

describe('the calibration page', () => {
  it('shows a committee member alpha by criterion and each assessor against their panels', async () => {
    const page = await render('dana', ['committee']);
    expect(page).toContain('Assessor calibration: Cloud Architecture Practitioner');
    expect(cells(page, 'Security').slice(0, 1)).toEqual(['12']);
    expect(cells(page, 'Lars Berg')).toEqual(['12', '-1.00', '100%']);
    expect(cells(page, 'Priya Nair')).toEqual(['6', '+0.50', '100%']);
  });

  it('suppresses a quarter with too few panels', async () => {
    const page = await render('dana', ['committee'], `?quarter=${encodeURIComponent(currentQuarter())}`);
    expect(page).toContain('Suppressed: too few submissions');
    expect(page).toContain('No submission was scored by more than one assessor in this period.');
  });

  it('is refused by the API to a committee member whose term has ended', async () => {
    const refusal = await render('omar', ['committee', 'manager']).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiError);
    expect((refusal as ApiError).code).toBe('FORBIDDEN');
  });
});

/** A quarter the page offers (the current one): the seeded panels were scored in 2026-Q3. */
function currentQuarter(): string {
  const now = new Date();
  return `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
}
