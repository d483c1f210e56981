import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../../demo/seed.js';
import { mintDevToken } from '../../../http/auth/tokens.js';
import { createGraphQLHandler } from '../../../http/graphql.js';
import { ApiError, createApiClient } from '../../../http/portal/api-client.js';
import type { PageContext, PageResult, PortalViewer } from '../../../http/portal/page.js';
import { calibrationExerciseRoutes } from '../../../http/portal/pages/calibration-exercises.js';
import type { RouteOptions } from '../../../http/portal/routes.js';
import { type Database, openDatabase } from '../../../prisma/client.js';
import { createServices } from '../../../services/index.js';

// The calibration exercise pages, run by their handlers against the real GraphQL API on the demo data
// (no Temporal, no browser): dana (committee, current term) sets an exercise, three assessors score it
// through the rubric form and each then sees how they compare; the committee sees every sheet and closes it.

const SECRET = 'calibration-exercises-portal-secret';
const ROLES: Record<string, string[]> = { dana: ['committee'], lars: ['assessor'], grace: ['assessor'], kenji: ['assessor'], alex: ['candidate'] };
const CRITERIA = ['architecture-design', 'security', 'cost-optimisation', 'communication'];
let db: Database;
let yoga: ReturnType<typeof createGraphQLHandler>;
const routes = calibrationExerciseRoutes({} as RouteOptions);

beforeAll(async () => {
  db = await openDatabase({});
  await db.migrate();
  await seedDemoData(db.prisma, '2026-11-25T09:00:00.000Z');
  const services = createServices({ prisma: db.prisma, client: undefined as never, taskQueue: 'x' });
  yoga = createGraphQLHandler({ services, jwtSecret: SECRET, production: true, rateLimit: false });
});

afterAll(async () => {
  await db?.close();
});

/** Runs the route `method path` as `personId`, with the path's parameters and a posted form. */
async function run(personId: string, method: 'GET' | 'POST', path: string, params: Record<string, string> = {}, form: Record<string, string> = {}, search = ''): Promise<PageResult> {
  const route = routes.find((r) => r.method === method && r.path === path)!;
  const client = createApiClient(async (request) => yoga.fetch(request));
  const token = await mintDevToken(SECRET, personId);
  const viewer: PortalViewer = { id: personId, name: personId, email: null, roles: ROLES[personId]! };
  const ctx = {
    url: new URL(`http://portal.test${path}${search}`),
    params,
    csrf: 'csrf',
    form: new URLSearchParams(form),
    viewer,
    api: (document: never, variables?: object) => client.request(document, variables ?? {}, token),
  } as unknown as PageContext;
  return route.handler(ctx);
}

const body = (result: PageResult) => {
  if (result.kind !== 'page') throw new Error(`expected a page, got ${result.kind}`);
  return result.body.value;
};
const levels = (values: number[]) => Object.fromEntries(CRITERIA.map((c, i) => [`level:${c}`, String(values[i])]));
const reference = (values: (number | '')[]) => Object.fromEntries(CRITERIA.map((c, i) => [`reference:${c}`, String(values[i])]));
const PATHWAY = 'cloud-architecture-practitioner|cap-portfolio';

describe('the calibration exercise pages', () => {
  let id = '';

  it('let the committee set an exercise, which assessors then find', async () => {
    expect(body(await run('dana', 'GET', '/calibration'))).toContain('Show its rubric');
    expect(body(await run('lars', 'GET', '/calibration'))).not.toContain('Set an exercise');
    // Once a pathway is chosen, the form shows its rubric's criteria, each with an optional reference level.
    const form = body(await run('dana', 'GET', '/calibration', {}, {}, `?pathway=${encodeURIComponent(PATHWAY)}`));
    for (const criterion of CRITERIA) expect(form).toContain(`name="reference:${criterion}"`);
    expect(form).toContain('Set the exercise');
    const exercise = { pathway: PATHWAY, title: 'Payments landing zone', format: 'written_report', content: 'A landing-zone design for a payments team, with network segmentation and a cost model.' };
    // A reference for some criteria only is refused, naming the first one left out.
    await expect(run('dana', 'POST', '/calibration', {}, { ...exercise, ...reference([4, '', 3, 3]) })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const created = await run('dana', 'POST', '/calibration', {}, { ...exercise, ...reference([4, 3, 3, 3]) });
    expect(created).toMatchObject({ kind: 'redirect', notice: { kind: 'success' } });
    id = decodeURIComponent((created as { location: string }).location.split('/').at(-1)!);
    expect(body(await run('lars', 'GET', '/calibration'))).toContain('Payments landing zone');
    // An assessor cannot set one (the API refuses too: test/graphql/calibration-exercises.test.ts).
    await expect(run('lars', 'POST', '/calibration', {}, { pathway: 'cloud-architecture-practitioner|cap-portfolio', title: 'x'.repeat(5), format: 'written_report', content: 'y'.repeat(40) })).rejects.toThrow(/This page is for/);
    // Bad input comes back from the API with what is wrong, and nothing is set.
    const short = run('dana', 'POST', '/calibration', {}, { pathway: 'cloud-architecture-practitioner|cap-portfolio', title: 'Too short', format: 'written_report', content: 'short' });
    await expect(short).rejects.toBeInstanceOf(ApiError);
    await expect(short).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await db.prisma.calibrationExercise.count()).toBe(1);
  });

  it("take an assessor's levels through the rubric form, then show how they compare", async () => {
    const before = body(await run('lars', 'GET', '/calibration/:id', { id }));
    expect(before).toContain('Your levels');
    expect(before).toContain('name="level:security"');
    expect(before).not.toContain('How you compare');
    for (const [personId, values] of [['lars', [2, 2, 2, 2]], ['grace', [3, 3, 3, 3]], ['kenji', [4, 3, 3, 3]]] as const) {
      expect(await run(personId, 'POST', '/calibration/:id/score', { id }, { ...levels([...values]), comment: 'Scored on the descriptors.' })).toMatchObject({ kind: 'redirect', notice: { kind: 'success' } });
      // With his sheet alone in, lars reads why the others' levels are missing, and the reference comparison.
      if (personId === 'lars') {
        const alone = body(await run('lars', 'GET', '/calibration/:id', { id }));
        expect(alone).toContain('held back until a first batch of three sheets is in');
        expect(alone).toContain("reference on 0 of 4 criteria");
      }
    }
    const after = body(await run('lars', 'GET', '/calibration/:id', { id }));
    expect(after).toContain('How you compare');
    expect(after).not.toContain('held back until a first batch of three sheets is in');
    expect(after).toContain('<strong>-1.13</strong>');
    expect(after).not.toContain('Submit my levels');
    expect(after).not.toContain('Every sheet');
    expect(after).not.toMatch(/Grace|Kenji/);
    // A second sheet is refused by the API.
    await expect(run('lars', 'POST', '/calibration/:id/score', { id }, levels([3, 3, 3, 3]))).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('show the committee every sheet and let it close the exercise', async () => {
    const committee = body(await run('dana', 'GET', '/calibration/:id', { id }));
    expect(committee).toContain('Every sheet (committee)');
    expect(committee).toContain('Lars Berg');
    expect(committee).toContain('Scored on the descriptors.');
    expect(committee).toContain('Pairs agreeing');
    expect(committee).toContain('<td>33%</td>');
    expect(committee).toContain('Architecture');
    expect(committee).toContain('(-1.50)');
    expect(await run('dana', 'POST', '/calibration/:id/close', { id })).toMatchObject({ kind: 'redirect', notice: { kind: 'success' } });
    expect(body(await run('dana', 'GET', '/calibration/:id', { id }))).not.toContain('Close the exercise');
  });

  it('are not for a candidate', async () => {
    await expect(run('alex', 'GET', '/calibration')).rejects.toThrow(/This page is for/);
  });
});
