import { describe, expect, it } from 'vitest';
import { approvalLinkUrl, deriveApprovalToken } from '../../approvals/tokens.js';
import { ErrorCode } from '../../domain/errors.js';
import { type EmailMessage, parseEmailMessage, renderEmail, templateNames } from '../../mail/templates.js';

const ctx = { publicUrl: 'https://certiflow.example.com', approvalLinkSecret: 'test-link-secret-0123456789' };

const samples: { [K in EmailMessage['template']]: EmailMessage<K> } = {
  'manager-approval': {
    template: 'manager-approval',
    params: {
      approvalId: 'appr-1',
      approverName: 'Maria Manager',
      candidateName: 'Cai Candidate',
      programName: 'Cloud Security',
      pathwayName: 'Portfolio',
      expiresAt: '2026-07-14T09:30:00.000Z',
    },
  },
  'enrollment-ineligible': {
    template: 'enrollment-ineligible',
    params: {
      candidateName: 'Cai Candidate',
      programName: 'Cloud Security',
      reasons: ['Tenure under 6 months', 'Course SEC-101 not completed'],
    },
  },
  'assessment-requested': {
    template: 'assessment-requested',
    params: {
      assessorName: 'Ana Assessor',
      candidateName: 'Cai Candidate',
      programName: 'Cloud Security',
      pathwayName: 'Portfolio',
      journeyId: 'journey:cloud-sec:p-1',
    },
  },
  'assessment-result': {
    template: 'assessment-result',
    params: {
      candidateName: 'Cai Candidate',
      programName: 'Cloud Security',
      outcome: 'passed',
      average: 3.6666,
      rationale: 'Clear threat model.\nGood evidence.',
    },
  },
  'credential-issued': {
    template: 'credential-issued',
    params: {
      candidateName: 'Cai Candidate',
      programName: 'Cloud Security',
      credentialNumber: 'CS-2026-0001',
      expiresAt: '2028-01-31T00:00:00.000Z',
    },
  },
  'recertification-due': {
    template: 'recertification-due',
    params: { candidateName: 'Cai Candidate', programName: 'Cloud Security', expiresAt: '2028-01-31T00:00:00.000Z' },
  },
  'journey-declined': {
    template: 'journey-declined',
    params: {
      candidateName: 'Cai Candidate',
      programName: 'Cloud Security',
      approverName: 'Maria Manager',
      comment: 'Please finish SEC-101 first.',
    },
  },
};

describe('renderEmail', () => {
  it.each(templateNames)('%s renders a subject, a text part and a complete HTML document', (name) => {
    const email = renderEmail(samples[name], ctx);
    expect(email.subject).toMatch(/\S/);
    expect(email.subject).not.toMatch(/\n/);
    expect(email.text).toContain('Hello ');
    expect(email.html).toMatch(/^<!doctype html>/);
    expect(email.html).toContain('<html lang="en">');
  });

  it('manager-approval links to the confirmation page with the derived token and says when it expires', () => {
    const email = renderEmail(samples['manager-approval'], ctx);
    const link = approvalLinkUrl(ctx.publicUrl, 'appr-1', deriveApprovalToken(ctx.approvalLinkSecret, 'appr-1'));
    expect(email.subject).toBe('Approval needed: Cai Candidate for Cloud Security');
    expect(email.text).toContain('Hello Maria Manager,');
    expect(email.text).toContain(link);
    expect(email.html).toContain(`href="${link}"`);
    expect(email.text).toContain('confirmation page where you can approve or decline');
    expect(email.text).toContain('Tuesday 14 July 2026, 09:30 UTC');
    expect(email.text).toContain('Portfolio pathway');
  });

  it('manager-approval renders expiry in UTC whatever the offset of the input', () => {
    const message = samples['manager-approval'];
    const email = renderEmail({ ...message, params: { ...message.params, expiresAt: '2026-07-14T23:30:00-02:00' } }, ctx);
    expect(email.text).toContain('Wednesday 15 July 2026, 01:30 UTC');
  });

  it('enrollment-ineligible lists every reason', () => {
    const email = renderEmail(samples['enrollment-ineligible'], ctx);
    expect(email.text).toContain('- Tenure under 6 months\n- Course SEC-101 not completed');
    expect(email.html).toContain('<li>Course SEC-101 not completed</li>');
  });

  it('enrollment-ineligible without reasons renders no empty list', () => {
    const message = samples['enrollment-ineligible'];
    const email = renderEmail({ ...message, params: { ...message.params, reasons: [] } }, ctx);
    expect(email.html).not.toContain('<ul');
    expect(email.text).toContain('not eligible to enrol in Cloud Security yet');
  });

  it('assessment-requested names the candidate, pathway and journey', () => {
    const email = renderEmail(samples['assessment-requested'], ctx);
    expect(email.subject).toBe('Assessment requested: Cai Candidate, Cloud Security');
    expect(email.text).toContain('Hello Ana Assessor,');
    expect(email.text).toContain('Journey reference: journey:cloud-sec:p-1');
  });

  it('assessment-result distinguishes pass from not passed and rounds the average', () => {
    const passed = renderEmail(samples['assessment-result'], ctx);
    expect(passed.subject).toBe('You passed the Cloud Security assessment');
    expect(passed.text).toContain('average score of 3.67');
    expect(passed.text).toContain('> Clear threat model.\n> Good evidence.');

    const message = samples['assessment-result'];
    const notPassed = renderEmail({ ...message, params: { ...message.params, outcome: 'not_passed', average: 2 } }, ctx);
    expect(notPassed.subject).toBe('Your Cloud Security assessment result');
    expect(notPassed.text).toContain('was not passed this time. Your average score was 2.');
  });

  it('credential-issued gives the number and the expiry date', () => {
    const email = renderEmail(samples['credential-issued'], ctx);
    expect(email.subject).toBe('Your Cloud Security credential: CS-2026-0001');
    expect(email.text).toContain('Credential number: CS-2026-0001');
    expect(email.text).toContain('Valid until: 31 January 2028');
  });

  it('recertification-due gives the expiry date', () => {
    const email = renderEmail(samples['recertification-due'], ctx);
    expect(email.subject).toBe('Recertification due: Cloud Security');
    expect(email.text).toContain('expires on 31 January 2028');
  });

  it('journey-declined quotes the comment only when there is one', () => {
    const withComment = renderEmail(samples['journey-declined'], ctx);
    expect(withComment.text).toContain('Maria Manager declined your request to enrol in Cloud Security.');
    expect(withComment.text).toContain('> Please finish SEC-101 first.');

    const { comment: _comment, ...params } = samples['journey-declined'].params;
    const without = renderEmail({ template: 'journey-declined', params }, ctx);
    expect(without.text).not.toContain('Their comment');
    expect(without.html).not.toContain('<blockquote');
  });

  it('escapes HTML in every parameter and keeps the text part verbatim', () => {
    const hostile = '<script>alert("x")</script> & <b>bold</b>';
    const email = renderEmail(
      { template: 'journey-declined', params: { candidateName: hostile, programName: hostile, approverName: hostile, comment: hostile } },
      ctx,
    );
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<b>bold');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(email.text).toContain(hostile);
  });

  it('keeps the subject on one line', () => {
    const message = samples['recertification-due'];
    const email = renderEmail({ ...message, params: { ...message.params, programName: 'Cloud\r\nBcc: x@example.com' } }, ctx);
    expect(email.subject).toBe('Recertification due: Cloud Bcc: x@example.com');
  });
});

describe('parseEmailMessage', () => {
  it('accepts every sample', () => {
    for (const name of templateNames) expect(parseEmailMessage(samples[name]).ok).toBe(true);
  });

  it('rejects an unknown template', () => {
    const result = parseEmailMessage({ template: 'nope', params: {} });
    expect(result.ok ? null : result.error).toMatchObject({ code: ErrorCode.InvalidInput, path: 'template' });
  });

  it('rejects bad params with the path of the field', () => {
    const message = samples['manager-approval'];
    const result = parseEmailMessage({ template: message.template, params: { ...message.params, expiresAt: 'soon' } });
    expect(result.ok ? null : result.error).toMatchObject({ code: ErrorCode.InvalidInput, path: 'params.expiresAt' });
  });
});
