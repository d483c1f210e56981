import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { journeyWorkflowId } from '../../domain/workflow-ids.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { accessibilityProblems, launchBrowser, openPage, PHONE, type PersonPage, screenshot, signIn, step } from '../harness/browser.js';
import { approvalLinkFor, waitForStage } from '../harness/journey-driver.js';
import { createDevServerEnv } from '../harness/temporal.js';

// One certification journey through the portal in a real browser, every person in a session of their
// own: the candidate enrols and submits evidence, the manager approves, the panel scores, the credential
// is verified in public, HR reads the dashboards and the admin meets the rule editor's validation.
// Locators go by role and label, so a control without a label fails here. With SCREENSHOTS=1 the test
// also saves the README's screenshots in docs/screenshots/.

const PROGRAM = 'cloud-architecture-practitioner';
const journeyId = journeyWorkflowId(PROGRAM, 'alex');
const journeyPath = `/journeys/${encodeURIComponent(journeyId)}`;
const LEVELS: Record<string, string> = { 'Architecture design': '4 Exemplary', Security: '3 Proficient', 'Cost optimisation': '3 Proficient', Communication: '3 Proficient' };

let env: TestWorkflowEnvironment;
let app: TestApp;
let browser: Browser;
const sessions: PersonPage[] = [];
const a11y: string[] = [];

/** Notes what a screen-reader or keyboard user would trip over on this page; asserted at the end. */
async function audit(page: Page): Promise<void> {
  a11y.push(...(await accessibilityProblems(page)));
}

/** A browser session of its own, signed in as `personId` through the sign-in form. */
async function signedIn(personId: string): Promise<Page> {
  const session = await openPage(browser, app.baseUrl);
  sessions.push(session);
  await signIn(session.page, personId);
  return session.page;
}

/** At phone width the page must not scroll sideways (wide tables scroll inside their own region). */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const original = page.viewportSize();
  await page.setViewportSize(PHONE);
  const widths = await page.evaluate(() => ({ content: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  expect(widths.content, `page is ${widths.content}px wide at ${widths.viewport}px`).toBeLessThanOrEqual(widths.viewport);
  if (original) await page.setViewportSize(original);
}

describe('the portal in a browser', () => {
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await env?.teardown();
  });

  it('carries one journey from enrolment to a verified credential across every role', async () => {
    // Started here, not in a hook, so that a missing Chromium fails this test (a failed hook only skips it),
    // and first, before any server.
    browser = await launchBrowser();
    env = await createDevServerEnv();
    app = await startTestApp({ client: env.client, nativeConnection: env.nativeConnection, namespace: env.namespace ?? 'default' });

    await app.withWorker(async () => {
      const alex = await signedIn('alex');

      await step('candidate browses the programs and enrols on a pathway', async () => {
        await alex.goto('/');
        await expect.poll(() => alex.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome, Alex Kim');
        await audit(alex);
        await alex.getByRole('link', { name: 'Programs', exact: true }).click();
        await alex.getByRole('link', { name: 'Cloud Architecture Practitioner' }).click();
        await alex.waitForURL(`**/programs/${PROGRAM}`);
        await expect.poll(() => alex.getByRole('heading', { name: 'Prerequisites' }).isVisible()).toBe(true);
        await expect.poll(() => alex.getByRole('table', { name: 'Rubric criteria for Portfolio' }).isVisible()).toBe(true);
        await audit(alex);
        await screenshot(alex, 'program');
        await alex.getByRole('button', { name: 'Enrol on the Portfolio pathway' }).click();
        await alex.waitForURL(`**${journeyPath}`);
        await expect.poll(() => alex.getByRole('status').textContent()).toContain('You are enrolled');
      });

      await step('keyboard: the skip link comes first, shows its focus and leads to the content', async () => {
        await alex.goto(journeyPath);
        await alex.keyboard.press('Tab');
        const skip = alex.getByRole('link', { name: 'Skip to content' });
        await expect.poll(() => skip.evaluate((el) => el === document.activeElement)).toBe(true);
        const focus = await skip.evaluate((el) => {
          const style = getComputedStyle(el);
          const box = el.getBoundingClientRect();
          return { outline: style.outlineStyle, width: Number.parseFloat(style.outlineWidth), onScreen: box.left >= 0 && box.top >= 0 && box.width > 0 };
        });
        expect(focus.outline).not.toBe('none');
        expect(focus.width).toBeGreaterThan(0);
        expect(focus.onScreen).toBe(true);
        await alex.keyboard.press('Enter');
        await expect.poll(() => alex.evaluate(() => document.activeElement?.id)).toBe('main');
      });

      const maya = await signedIn('maya');
      await step('manager approves the enrolment on My team; the emailed link then says it was used', async () => {
        await waitForStage(env.client, journeyId, 'awaiting_manager_approval');
        await maya.goto('/team');
        await expect.poll(() => maya.getByRole('heading', { name: 'Waiting for your approval (1)' }).isVisible()).toBe(true);
        await maya.getByLabel('Comment for Alex Kim').fill('Go for it: a good fit for the platform work.');
        await audit(maya);
        await screenshot(maya, 'team-approvals');
        await maya.getByRole('button', { name: "Approve Alex Kim's enrolment" }).click();
        await expect.poll(() => maya.getByRole('status').textContent()).toContain("You approved Alex Kim's enrolment");
        await waitForStage(env.client, journeyId, 'awaiting_submission');
        await maya.goto(await approvalLinkFor(app, 'maya@example.com'));
        await expect.poll(() => maya.getByRole('heading', { level: 1 }).textContent()).toBe('This link was already used');
      });

      await step('candidate submits a written report on the journey page', async () => {
        await alex.goto(journeyPath);
        await expect.poll(() => alex.getByRole('heading', { name: 'Submit your evidence' }).isVisible()).toBe(true);
        await audit(alex);
        await screenshot(alex, 'journey', { phone: true });
        await expectNoSidewaysScroll(alex);
        const form = alex.getByRole('form', { name: 'Written report' });
        await form.getByLabel('Title').fill('Multi-region order platform');
        await form.getByRole('textbox', { name: 'Report' }).fill('Design of an active-active order platform across two regions, with diagrams, a cost model and a threat model.');
        await form.getByLabel('Reflection').fill('I learned to justify consistency trade-offs to product owners, and to review the threat model with security early.');
        await form.getByRole('button', { name: 'Submit written report' }).click();
        await alex.waitForURL(`**${journeyPath}`);
        await expect.poll(() => alex.getByRole('status').textContent()).toContain('Your evidence "Multi-region order platform" was submitted');
        await expect.poll(() => alex.getByRole('table', { name: 'Evidence submissions' }).textContent()).toContain('Multi-region order platform');
      });

      const panel = await step('three assessors from other departments are drawn', async () => {
        const state = await waitForStage(env.client, journeyId, 'awaiting_assessment');
        const ids = (state.panel ?? []).map((member) => member.id);
        expect(ids).toHaveLength(3);
        return ids;
      });

      for (const [i, assessorId] of panel.entries()) {
        await step(`assessor ${assessorId} scores on the rubric form`, async () => {
          const assessor = await signedIn(assessorId);
          await assessor.goto('/assessments');
          await assessor.getByRole('link', { name: "Score Alex Kim's submission" }).click();
          await assessor.waitForURL(`**/assessments/${encodeURIComponent(journeyId)}`);
          await expect.poll(() => assessor.getByRole('heading', { name: 'Evidence: Multi-region order platform' }).isVisible()).toBe(true);
          const form = assessor.getByRole('form', { name: 'Scoring form' });
          for (const [criterion, level] of Object.entries(LEVELS)) {
            await form.getByRole('group', { name: criterion }).getByLabel(level).check();
          }
          await form.getByLabel('Comment for the candidate and the panel').fill('Clear trade-off analysis; the cost model is realistic.');
          if (i === 0) {
            await audit(assessor);
            await screenshot(assessor, 'scoring', { at: assessor.getByRole('heading', { name: 'Your scores' }) });
          }
          await form.getByRole('button', { name: 'Submit my scores' }).click();
          await expect.poll(() => assessor.getByRole('status').textContent()).toContain('Your scores are recorded');
        });
      }

      const verifyPath = await step('candidate sees the credential and its share link', async () => {
        await waitForStage(env.client, journeyId, 'certified');
        await alex.goto(journeyPath);
        await expect.poll(() => alex.getByRole('table', { name: 'Assessment decisions' }).textContent()).toContain('Passed');
        await expectNoSidewaysScroll(alex);
        await alex.goto('/');
        const credentials = alex.getByRole('table', { name: /^Each credential/ });
        await expect.poll(() => credentials.textContent()).toContain('Active');
        await screenshot(alex, 'home');
        await credentials.getByRole('link').first().click();
        await alex.waitForURL('**/credentials/**');
        await audit(alex);
        const link = await alex.getByLabel('Verification link').inputValue();
        expect(link).toMatch(/\/verify\/[^/]+$/);
        return new URL(link).pathname;
      });

      await step('anyone with the link can verify the credential without signing in', async () => {
        const visitor = await openPage(browser, app.baseUrl);
        sessions.push(visitor);
        await visitor.page.goto(verifyPath);
        await expect.poll(() => visitor.page.getByRole('heading', { level: 1 }).textContent()).toBe('Credential check');
        const text = await visitor.page.getByRole('main').textContent();
        expect(text).toContain('Valid: this credential is active.');
        expect(text).toContain('Alex Kim');
        expect(text).toContain('Cloud Architecture Practitioner');
        await audit(visitor.page);
        await screenshot(visitor.page, 'verify', { phone: true });
      });

      await step('HR opens Insights and the program dashboard', async () => {
        const hana = await signedIn('hana');
        await hana.goto('/insights');
        await hana.getByRole('link', { name: 'Cloud Architecture Practitioner' }).click();
        await hana.waitForURL(`**/insights/programs/${PROGRAM}`);
        await expect.poll(() => hana.getByRole('heading', { level: 1 }).textContent()).toBe('Cloud Architecture Practitioner');
        await expect.poll(() => hana.getByLabel('Break figures down by').isVisible()).toBe(true);
        await audit(hana);
        await screenshot(hana, 'insights');
      });

      await step('admin edits a rule set and sees the validation error inline', async () => {
        const ari = await signedIn('ari');
        await ari.goto('/admin/rules');
        await ari.getByRole('link', { name: `Open ${PROGRAM}.eligibility in the editor` }).click();
        await ari.waitForURL(`**/admin/rules/${PROGRAM}.eligibility`);
        const editor = ari.getByRole('textbox', { name: 'Rule-set JSON' });
        // A typo in a fact name: the kind of slip the editor must catch before anything is published.
        await editor.fill((await editor.inputValue()).replace('"tenureMonths"', '"tenureMonth"'));
        await ari.getByRole('button', { name: 'Validate' }).click();
        await ari.waitForURL(`**/admin/rules/${PROGRAM}.eligibility/validate`);
        // The problems are listed beside the text, named for screen readers, and the text is kept as typed.
        const problems = ari.getByRole('list', { name: /problems? in the rule set/ });
        await expect.poll(() => problems.textContent()).toContain('tenureMonth');
        expect(await editor.getAttribute('aria-invalid')).toBe('true');
        expect(await editor.inputValue()).toContain('"tenureMonth"');
        await audit(ari);
        await screenshot(ari, 'rule-editor');
      });
    });

    // No page may log an error or break its content security policy in the browser, nor trip up a
    // screen-reader or keyboard user in the ways accessibilityProblems() looks for.
    expect(sessions.flatMap((s) => s.problems)).toEqual([]);
    expect(a11y).toEqual([]);
  }, 300_000);
});
