import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { journeyWorkflowId } from '../../domain/workflow-ids.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { accessibilityProblems, launchBrowser, openPage, type PersonPage, signIn, step } from '../harness/browser.js';
import { waitForStage } from '../harness/journey-driver.js';
import { createDevServerEnv } from '../harness/temporal.js';

// A company defines its own program in the portal, in a real browser: an admin creates it from the
// starter template and edits it in forms, asks for its publication, a second admin approves it, and a
// candidate enrols in it. Nothing about the new program is code.

const PROGRAM = 'incident-command';

let env: TestWorkflowEnvironment;
let app: TestApp;
let browser: Browser;
const sessions: PersonPage[] = [];
const a11y: string[] = [];

async function signedIn(personId: string): Promise<Page> {
  const session = await openPage(browser, app.baseUrl);
  sessions.push(session);
  await signIn(session.page, personId);
  return session.page;
}

describe('program administration in a browser', () => {
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await env?.teardown();
  });

  it('creates a program from a template, edits it in forms, publishes it with a second admin, and enrols a candidate', async () => {
    browser = await launchBrowser();
    env = await createDevServerEnv();
    app = await startTestApp({ client: env.client, nativeConnection: env.nativeConnection, namespace: env.namespace ?? 'default' });

    await app.withWorker(async () => {
      const ari = await signedIn('ari');
      await step('an admin creates the program from the starter template', async () => {
        await ari.getByRole('link', { name: 'Program admin', exact: true }).click();
        await expect.poll(() => ari.getByRole('heading', { level: 1 }).textContent()).toBe('Program administration');
        a11y.push(...(await accessibilityProblems(ari)));
        await ari.getByLabel('Program id').fill(PROGRAM);
        await ari.getByLabel('Name', { exact: true }).fill('Incident Command');
        await ari.getByLabel('Start from').selectOption('template:starter');
        await ari.getByRole('button', { name: 'Create the draft' }).click();
        await ari.waitForURL(`**/admin/programs/${PROGRAM}/versions/1`);
        await expect.poll(() => ari.getByRole('status').textContent()).toContain('Draft of incident-command version 1 created');
      });

      await step('she edits a competency, a criterion and the pathway in the forms, not as JSON', async () => {
        const competency = ari.getByRole('group', { name: 'Core practice', exact: true });
        await competency.getByLabel('Name', { exact: true }).fill('Incident coordination');
        await competency.getByLabel('Description').fill('Runs the response to a major incident so that service is restored quickly and safely.');
        const criterion = ari.getByRole('group', { name: 'Core practice', exact: true }).last();
        await criterion.getByLabel('Threshold (lowest level that meets it)').fill('3');
        const pathway = ari.getByRole('group', { name: 'Portfolio', exact: true });
        await pathway.getByLabel('Live demonstration').check();
        a11y.push(...(await accessibilityProblems(ari)));
        await ari.getByRole('button', { name: 'Save the draft' }).click();
        await expect.poll(() => ari.getByRole('status').textContent()).toContain('Draft saved. It has no problems.');
        await expect.poll(() => ari.getByRole('group', { name: 'Incident coordination', exact: true }).isVisible()).toBe(true);
      });

      await step('she reads the plan and asks for publication; she cannot approve it herself', async () => {
        await expect.poll(() => ari.getByRole('heading', { name: 'Plan: what publishing changes, and for whom' }).isVisible()).toBe(true);
        await ari.getByLabel('Reason for the change').fill('A credential for incident commanders, piloted with the platform teams.');
        await ari.getByRole('button', { name: 'Ask a second person to approve' }).click();
        await expect.poll(() => ari.getByRole('status').textContent()).toContain('a second admin or program owner must approve it');
        await expect.poll(() => ari.getByRole('heading', { name: 'Waiting for approval' }).isVisible()).toBe(true);
        expect(await ari.getByRole('button', { name: 'Approve and publish' }).count()).toBe(0);
      });

      const theo = await signedIn('theo');
      await step('a second admin approves it from the list of versions waiting for approval', async () => {
        await theo.goto('/admin/programs');
        await theo.getByRole('table', { name: 'Program versions waiting for a second person' }).getByRole('link', { name: `${PROGRAM}@1` }).click();
        await theo.getByRole('button', { name: 'Approve and publish' }).click();
        await expect.poll(() => theo.getByRole('status').textContent()).toContain('Approved and in effect.');
      });

      const jordan = await signedIn('jordan');
      await step('a candidate finds the new program and enrols on its pathway', async () => {
        await jordan.getByRole('link', { name: 'Programs', exact: true }).click();
        await jordan.getByRole('link', { name: 'Incident Command' }).click();
        await jordan.waitForURL(`**/programs/${PROGRAM}`);
        a11y.push(...(await accessibilityProblems(jordan)));
        await jordan.getByRole('button', { name: 'Enrol on the Portfolio pathway' }).click();
        await expect.poll(() => jordan.getByRole('status').textContent()).toContain('You are enrolled');
        await waitForStage(env.client, journeyWorkflowId(PROGRAM, 'jordan'), 'awaiting_manager_approval');
      });
    });

    const version = await app.db.prisma.programVersion.findUniqueOrThrow({ where: { id: `${PROGRAM}@1` } });
    expect(version).toMatchObject({ status: 'published', author: 'ari', requestedBy: 'ari', approvedBy: 'theo' });
    const ruleSets = await app.db.prisma.ruleSet.findMany({ where: { programId: PROGRAM }, orderBy: { key: 'asc' } });
    expect(ruleSets.map((r) => [r.id, r.publishedBy, r.approvedBy])).toEqual([
      [`${PROGRAM}.eligibility@1`, 'ari', 'theo'],
      [`${PROGRAM}.recertification@1`, 'ari', 'theo'],
    ]);
    const pathway = await app.db.prisma.pathway.findUniqueOrThrow({ where: { id: `${PROGRAM}-portfolio` } });
    expect(pathway.evidenceFormats).toEqual(['written_report', 'video', 'live_demonstration']);
    expect(a11y).toEqual([]);
    for (const session of sessions) expect(session.problems).toEqual([]);
  }, 240_000);
});
