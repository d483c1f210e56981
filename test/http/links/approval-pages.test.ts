import { describe, expect, it } from 'vitest';
import { confirmationPage, decidedPage, refusalPage, statusFor } from '../../../http/links/approval-pages.js';
import { deriveApprovalToken } from '../../../services/approval-links.js';
import { type DomainError, ErrorCode } from '../../../domain/errors.js';
import type { ApprovalSummary } from '../../../services/approvals.js';

const summary: ApprovalSummary = {
  approvalId: '6f1c2b1e-0000-4000-8000-000000000001',
  journeyId: 'journey:cloud-architecture-practitioner:emp-ada',
  step: 'manager_approval',
  approverId: 'emp-grace',
  approverName: 'Grace Hopper',
  candidateName: 'Ada Lovelace',
  programName: 'Cloud Architecture Practitioner',
  pathwayName: 'Portfolio',
  expiresAt: '2026-03-09T09:00:00.000Z',
};
const token = deriveApprovalToken('unit-test-link-secret', summary.approvalId);

/** Opening tags with their attributes, e.g. `<input type="hidden" ...>`. */
const tags = (html: string, name: string): string[] => html.match(new RegExp(`<${name}\\b[^>]*>`, 'gi')) ?? [];

// Anything a browser or a link scanner could run or follow on its own. The one <link> allowed is the
// portal's own stylesheet, checked on its own below.
const ACTIVE_CONTENT = [
  /<script/i,
  /\son[a-z]+\s*=/i,
  /javascript:/i,
  /http-equiv/i,
  /<iframe/i,
  /<object/i,
  /<embed/i,
  /<img\b/i,
  /\sautofocus\b/i,
  /\.submit\(/i,
];

const linkErrors: DomainError[] = [
  { code: ErrorCode.LinkInvalid, message: 'This approval link is not valid.' },
  { code: ErrorCode.LinkExpired, message: 'This link expired on 2026-03-09.' },
  { code: ErrorCode.LinkUsed, message: 'This link was already used: the request was approved on 2026-03-04.' },
  { code: ErrorCode.LinkMismatch, message: 'This approval request is no longer the open one for this journey.' },
  { code: ErrorCode.ApprovalAlreadyDecided, message: 'This step was already approved.' },
  { code: ErrorCode.NotAllowedInStage, message: 'Cannot decide an approval: the journey is withdrawn.' },
];

describe('confirmationPage', () => {
  const html = confirmationPage(summary, token);

  it('is a complete HTML document that asks the approver to decide', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('</html>');
    expect(html).toContain('Ada Lovelace');
    expect(html).toContain('Cloud Architecture Practitioner');
    expect(html).toContain('Portfolio');
    expect(html).toContain('Grace Hopper');
  });

  it('has no script and nothing that acts without a person pressing a button', () => {
    for (const pattern of ACTIVE_CONTENT) expect(html).not.toMatch(pattern);
  });

  it("looks like the portal: its stylesheet (the only <link>) and header, with a way into it", () => {
    expect(tags(html, 'link')).toEqual(['<link rel="stylesheet" href="/assets/portal.css">']);
    expect(html).toContain('<a href="/">Open Certiflow</a>');
    expect(html).not.toMatch(/<style|style=/i);
  });

  it('asks robots and referrers to stay away', () => {
    expect(tags(html, 'meta')).toContainEqual('<meta name="robots" content="noindex">');
    expect(tags(html, 'meta')).toContainEqual('<meta name="referrer" content="no-referrer">');
  });

  it('has a single form that POSTs to this approval', () => {
    const forms = tags(html, 'form');
    expect(forms).toHaveLength(1);
    expect(forms[0]).toMatch(/method="post"/i);
    expect(forms[0]).toContain(`action="/approvals/${summary.approvalId}"`);
  });

  it('has an Approve and a Decline submit button for the decision', () => {
    const buttons = tags(html, 'button');
    expect(buttons).toHaveLength(2);
    for (const button of buttons) {
      expect(button).toContain('type="submit"');
      expect(button).toContain('name="decision"');
    }
    expect(buttons.map((b) => /value="([^"]*)"/.exec(b)?.[1])).toEqual(['approve', 'decline']);
  });

  it('has an optional comment box with a label', () => {
    const textareas = tags(html, 'textarea');
    expect(textareas).toHaveLength(1);
    expect(textareas[0]).toContain('name="comment"');
    expect(textareas[0]).toContain('id="comment"');
    expect(textareas[0]).toContain('maxlength="2000"');
    expect(textareas[0]).not.toContain('required');
    expect(tags(html, 'label')).toContainEqual('<label for="comment">');
  });

  it('carries the token only in a hidden input', () => {
    expect(html.split(token)).toHaveLength(2);
    const inputs = tags(html, 'input');
    expect(inputs).toEqual([`<input type="hidden" name="token" value="${token}">`]);
    expect(tags(html, 'form')[0]).not.toContain(token);
    expect(html).not.toContain('token=');
  });

  it('shows when the link stops working, in UTC', () => {
    expect(html).toContain('2026-03-09 09:00 UTC');
  });

  it('escapes HTML in names, pathway and token', () => {
    const hostile: ApprovalSummary = {
      ...summary,
      candidateName: '<script>alert("c")</script>',
      programName: '<img src=x onerror=alert(1)>',
      pathwayName: 'Tom & Jerry\'s "path"',
      approverName: '</dd><form action="https://evil.example">',
    };
    const page = confirmationPage(hostile, '"><script>x</script>');
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<img/i);
    expect(tags(page, 'form')).toHaveLength(1);
    expect(page).toContain('&lt;script&gt;alert(&quot;c&quot;)&lt;/script&gt;');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('Tom &amp; Jerry&#39;s &quot;path&quot;');
    expect(tags(page, 'input')).toEqual(['<input type="hidden" name="token" value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;">']);
  });

  it('encodes the approval id in the form action', () => {
    const page = confirmationPage({ ...summary, approvalId: 'a"b/c' }, token);
    expect(tags(page, 'form')[0]).toContain('action="/approvals/a%22b%2Fc"');
  });
});

describe('decidedPage', () => {
  it.each([
    ['approve', 'approved'],
    ['decline', 'declined'],
  ] as const)('confirms a decision to %s', (decision, verb) => {
    const html = decidedPage(summary, decision);
    expect(html).toContain(verb);
    expect(tags(html, 'form')).toHaveLength(0);
    for (const pattern of ACTIVE_CONTENT) expect(html).not.toMatch(pattern);
    expect(tags(html, 'link')).toEqual(['<link rel="stylesheet" href="/assets/portal.css">']);
  });

  it('escapes names', () => {
    const html = decidedPage({ ...summary, candidateName: '<b>Ada</b>' }, 'approve');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;b&gt;Ada&lt;/b&gt;');
  });
});

describe('refusalPage', () => {
  it.each(linkErrors)('says nothing was changed for $code', (error) => {
    const html = refusalPage(error);
    expect(html).toContain('Nothing was changed.');
    expect(html).toContain(error.message.replace(/'/g, '&#39;'));
    expect(tags(html, 'form')).toHaveLength(0);
    expect(tags(html, 'h1')).toHaveLength(1);
    for (const pattern of ACTIVE_CONTENT) expect(html).not.toMatch(pattern);
    expect(tags(html, 'link')).toEqual(['<link rel="stylesheet" href="/assets/portal.css">']);
  });

  it('gives each link error its own heading and a generic one otherwise', () => {
    const heading = (error: DomainError) => /<h1>([^<]*)<\/h1>/.exec(refusalPage(error))?.[1];
    const expired = heading(linkErrors[1]!);
    const invalid = heading(linkErrors[0]!);
    expect(expired).not.toBe(invalid);
    const generic = heading({ code: ErrorCode.WorkflowUnavailable, message: 'Try again later.' });
    expect(generic).toBeDefined();
    expect(linkErrors.map(heading)).not.toContain(generic);
    expect(refusalPage({ code: ErrorCode.WorkflowUnavailable, message: 'Try again later.' })).toContain(
      'Nothing was changed.',
    );
  });

  it('escapes the message', () => {
    const html = refusalPage({ code: ErrorCode.LinkInvalid, message: '<script>x</script>' });
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
  });
});

describe('statusFor', () => {
  it.each([
    [ErrorCode.LinkInvalid, 404],
    [ErrorCode.LinkExpired, 410],
    [ErrorCode.LinkUsed, 409],
    [ErrorCode.LinkMismatch, 409],
    [ErrorCode.ApprovalAlreadyDecided, 409],
    [ErrorCode.NotAllowedInStage, 409],
    [ErrorCode.Forbidden, 409],
  ])('%s → %i', (code, status) => {
    expect(statusFor({ code, message: '' })).toBe(status);
  });
});
