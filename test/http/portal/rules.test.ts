
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../harness/fixture.js';
import { decodeEntities, noticeIn, type PortalSession, signIn } from '../../harness/portal-client.js';
import { AS_OF, journeyOf, KEY, seedPopulation, V1, withTenure } from '../../rules/rule-set-fixtures.js';

// The rule-set pages over HTTP, without JavaScript: every editor button is a form post, and the page comes
// back with the text as typed. Admin ari edits; ines (program owner) may look and check but not save;
// alex (candidate) and hana (HR) are turned away. The population of test/rules/rule-set-fixtures.ts is
// seeded as read-model rows with no workflow behind them, so when version 2 is published each journey in
// flight answers with a typed refusal, which the page lists journey by journey.

let admin: PortalSession;
let csrf: string;

const INDEX = '/admin/rules';
const EDITOR = `/admin/rules/${KEY}`;
const text = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
/** The editor's textarea content, unescaped. */
const textareaOf = (html: string) => decodeEntities(/<textarea id="definition"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)?.[1] ?? '');
const post = (action: string, fields: Record<string, string>) => admin.submit(`${EDITOR}/${action}`, fields, { csrf });

const { app } = useTestApp({ temporal: 'dev-server', app: { asOf: AS_OF } });
beforeAll(async () => {
  await seedPopulation(app.db.prisma);
  // A rule set published before periodic reviews existed: its review was never scheduled.
  await app.db.prisma.ruleSetReview.deleteMany({ where: { ruleSetKey: 'cloud-architecture-practitioner.recertification' } });
  admin = await signIn(app.baseUrl, 'ari');
  csrf = await admin.csrf(INDEX);
});


describe('rule-set pages', () => {
  it('shows an admin each rule set with its versions, and the editor prefilled as the next version', async () => {
    const index = await admin.page(INDEX);
    expect(index.status).toBe(200);
    expect(index.html).toContain(`<caption>Published versions of ${KEY}</caption>`);
    expect(index.html).toMatch(new RegExp(`<tr><td>${V1}</td><td>\\d{4}-\\d{2}-\\d{2}</td><td>ines</td><td>Initial publication of the program criteria</td>`));
    expect(index.html).toContain('<caption>Rule-set reviews due within 30 days</caption>');
    expect(index.html).toContain('Never scheduled');

    const editor = await admin.page(EDITOR);
    expect(editor.status).toBe(200);
    expect(editor.html).toContain('<label for="definition">Rule-set JSON</label>');
    expect(editor.html).toContain('class="code" rows="28" spellcheck="false" autocapitalize="off" autocomplete="off" aria-describedby="definition-hint definition-problems"');
    // Prefilled from version 1, numbered as version 2, keys in the order rule files are written.
    const prefilled = JSON.parse(textareaOf(editor.html)) as { version: number; id: string };
    expect(prefilled).toMatchObject({ id: KEY, version: 2 });
    expect(Object.keys(prefilled).filter((k) => k !== '$schema').slice(0, 4)).toEqual(['id', 'programId', 'kind', 'version']);
    for (const action of ['validate', 'save', 'simulate', 'diff', 'publish']) expect(editor.html).toContain(`formaction="${EDITOR}/${action}"`);
    expect(editor.html).toContain('<legend>Journeys in flight on version 1</legend>');
    expect(editor.html).toMatch(/<input type="radio" id="policy-KEEP" name="transitionPolicy" value="KEEP" checked/);
    expect(editor.html).toContain('data-confirm="Ask for publication of this text as');
    expect(editor.html).toContain('<script src="/assets/rule-editor.js" defer></script>');
    const script = await admin.fetch('/assets/rule-editor.js');
    expect(script.headers.get('content-type')).toContain('text/javascript');
  });

  it('shows invalid JSON and an invalid rule inline, with path, line and reason, and keeps the text', async () => {
    const broken = '{\n  "id": "x",\n  "version": 2,\n}\n';
    const syntax = await post('validate', { definition: broken });
    expect(syntax.status).toBe(400);
    expect(textareaOf(syntax.html)).toBe(broken);
    expect(decodeEntities(syntax.html)).toContain('<code>$</code> <span class="rule-line" data-line="3">line 3</span>: is not valid JSON: a comma before "}" (JSON allows no trailing comma) (column 15)');

    const wrong = withTenure(18) as unknown as { rules: { conditions: { all: { operator: string }[] } }[] };
    wrong.rules[0]!.conditions.all[0]!.operator = 'greaterThanInclusiv';
    const typed = text(wrong);
    const line = typed.split('\n').findIndex((l) => l.includes('greaterThanInclusiv')) + 1;
    const invalid = await post('validate', { definition: typed });
    expect(invalid.status).toBe(400);
    expect(textareaOf(invalid.html)).toBe(typed);
    expect(invalid.html).toContain('aria-invalid="true"');
    expect(decodeEntities(invalid.html)).toContain(
      `<code>$.rules[0].conditions.all[0].operator</code> <span class="rule-line" data-line="${line}">line ${line}</span>: unknown operator "greaterThanInclusiv" <span class="hint">(did you mean greaterThanInclusive?)</span>`,
    );

    // The editor script's live check: the same answer as JSON.
    const live = await admin.fetch(`${EDITOR}/validate`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, definition: typed }),
    });
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({
      valid: false,
      problems: [{ path: '$.rules[0].conditions.all[0].operator', message: 'unknown operator "greaterThanInclusiv"', suggestion: 'did you mean greaterThanInclusive?', line }],
    });
    const fine = await post('validate', { definition: text(withTenure(18)) });
    expect(fine.status).toBe(200);
    expect(fine.html).toContain('No problems found: this text can be published as version 2.');
  });

  it('saves a valid draft and opens it next time', async () => {
    const saved = await post('save', { definition: text(withTenure(18)), draftId: '' });
    expect(saved.status).toBe(200);
    expect(saved.html).toContain('Draft saved. It has no problems and can be published.');
    const drafts = await app.db.prisma.ruleSetDraft.findMany();
    expect(drafts).toMatchObject([{ key: KEY, author: 'ari', basedOnVersion: 1 }]);
    expect(saved.html).toContain(`<input type="hidden" name="draftId" value="${drafts[0]!.id}">`);
    const reopened = await admin.page(EDITOR);
    expect(reopened.html).toContain('Draft by ari, saved');
    expect(JSON.parse(textareaOf(reopened.html))).toEqual(withTenure(18));
  });

  it('simulates the text (who would lose or gain eligibility) and compares it with version 1, saving nothing', async () => {
    const before = await app.db.prisma.ruleSetDraft.findMany({ select: { id: true, updatedAt: true } });
    const simulated = await post('simulate', { definition: text(withTenure(18)), asOf: AS_OF.slice(0, 10) });
    expect(simulated.status).toBe(200);
    const html = decodeEntities(simulated.html);
    expect(html).toContain('<caption>Journeys and past candidates whose eligibility would change</caption>');
    expect(html).toContain(
      `<tr><td>Jordan Lee</td><td><a href="/journeys/${encodeURIComponent(journeyOf('jordan'))}">${journeyOf('jordan')}</a></td><td>In flight</td><td>Awaiting manager approval</td><td>Eligible <span class="hint">(${V1})</span></td><td>Not eligible</td><td>Would lose eligibility</td><td><ul class="rule-why"><li>Now in the way: At least 18 months' tenure: you have 14</li></ul></td></tr>`,
    );
    expect(html).toContain('<summary>3 unchanged</summary>');

    const compared = await post('diff', { definition: text(withTenure(18)) });
    expect(compared.status).toBe(200);
    const diff = decodeEntities(compared.html);
    expect(diff).toContain(`Changes from ${V1} to ${KEY}@2`);
    expect(diff).toContain('<caption>Rule “tenure-and-cloud-foundation”: 1 change</caption>');
    expect(diff).toContain('value 6 → 18');
    expect(await app.db.prisma.ruleSetDraft.findMany({ select: { id: true, updatedAt: true } })).toEqual(before);
  });

  it('publishes with a transition policy, creating version 2 and showing what each journey in flight answered', async () => {
    const editor = await admin.page(EDITOR);
    const draftId = /<input type="hidden" name="draftId" value="([^"]+)">/.exec(editor.html)?.[1] ?? '';
    expect(draftId).not.toBe('');
    const fields = { definition: text(withTenure(18)), draftId, transitionPolicy: 'TRANSITION', transitionPeriod: 'P30D' };

    const tooShort = await post('publish', { ...fields, reason: 'Why not' });
    expect(tooShort.status).toBe(400);
    expect(decodeEntities(tooShort.html)).toContain('Say why the rules change, in at least 10 characters');
    expect(textareaOf(tooShort.html)).toBe(fields.definition);
    expect(await app.db.prisma.ruleSet.count({ where: { key: KEY } })).toBe(1);

    const reason = 'Tenure raised to 18 months for the 2027 intake.';
    const requested = await post('publish', { ...fields, reason });
    expect(requested.postStatus).toBe(303);
    expect(noticeIn(requested.html)).toEqual({ kind: 'success', text: 'Publication asked for: a second admin or program owner must approve it before it takes effect.' });
    expect(requested.html).toContain('<h2 id="approval-heading">Waiting for approval</h2>');
    // ari asked, so ari is offered no approve button; nothing is published yet.
    expect(requested.html).not.toContain(`action="${EDITOR}/approve"`);
    expect(await app.db.prisma.ruleSet.count({ where: { key: KEY } })).toBe(1);

    // The second person: ines, an owner of the program, approves from the same page.
    const owner = await signIn(app.baseUrl, 'ines');
    const waiting = await owner.page(`${EDITOR}?draft=${encodeURIComponent(draftId)}`);
    expect(waiting.html).toContain(`action="${EDITOR}/approve"`);
    expect(decodeEntities(waiting.html)).toContain(`Reason: ${reason}`);
    const published = await owner.submit(`${EDITOR}/approve`, { draftId }, { csrf: await owner.csrf(EDITOR) });
    expect(published.postStatus).toBe(303);
    expect(published.path).toBe(EDITOR);
    expect(noticeIn(published.html)).toEqual({ kind: 'success', text: `Approved and published ${KEY}@2 (asked by ari). 0 of 2 journeys in flight accepted the change.` });
    const version = await app.db.prisma.ruleSet.findUniqueOrThrow({ where: { id: `${KEY}@2` }, include: { transitions: true } });
    expect(version).toMatchObject({ publishedBy: 'ari', approvedBy: 'ines', reason, transitions: [{ policy: 'transition', previousRuleSetId: V1 }] });
    expect(await app.db.prisma.ruleSetDraft.count()).toBe(0);

    const html = decodeEntities(published.html);
    expect(html).toContain(`What publishing ${KEY}@2 told journeys in flight`);
    expect(html).toContain(`<caption>Answer of each journey to ${KEY}@2</caption>`);
    for (const person of ['alex', 'jordan']) {
      expect(html).toMatch(new RegExp(`<tr><td><a href="[^"]+">${journeyOf(person)}</a></td><td>Refused</td><td>—</td><td>[^<]+</td></tr>`));
    }
    // The editor now starts from version 2, numbered 3.
    expect(JSON.parse(textareaOf(published.html))).toMatchObject({ version: 3 });
  });

  it('is for admins and program owners: a program owner may check but not save; others get 403', async () => {
    const owner = await signIn(app.baseUrl, 'ines');
    const ownerEditor = await owner.page(EDITOR);
    expect(ownerEditor.status).toBe(200);
    expect(ownerEditor.html).not.toContain(`formaction="${EDITOR}/save"`);
    expect(ownerEditor.html).not.toContain(`formaction="${EDITOR}/publish"`);
    const ownerCsrf = await owner.csrf(EDITOR);
    const checked = await owner.submit(`${EDITOR}/validate`, { definition: text(withTenure(12, 3)) }, { csrf: ownerCsrf });
    expect(checked.status).toBe(200);
    const refused = await owner.submit(`${EDITOR}/save`, { definition: text(withTenure(12, 3)) }, { csrf: ownerCsrf });
    expect(refused.status).toBe(403);

    for (const personId of ['alex', 'hana']) {
      const other = await signIn(app.baseUrl, personId);
      expect((await other.page(INDEX)).status).toBe(403);
      expect((await other.page(EDITOR)).status).toBe(403);
      const posted = await other.submit(`${EDITOR}/validate`, { definition: '{}' }, { csrf: await other.csrf(INDEX) });
      expect(posted.status).toBe(403);
    }
    expect(await app.db.prisma.ruleSetDraft.count()).toBe(0);
  });
});
