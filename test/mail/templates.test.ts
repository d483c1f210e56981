import { escapeText } from '../../html/template.js';
import { describe, expect, it } from 'vitest';
import { approvalLinkUrl, deriveApprovalToken } from '../../services/approval-links.js';
import { ErrorCode } from '../../domain/errors.js';
import {
  type EmailMessage,
  formatDate,
  formatDateTime,
  parseEmailMessage,
  renderEmail,
  type TemplateName,
  templateNames,
} from '../../mail/templates.js';

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
  'journey-withdrawn': {
    template: 'journey-withdrawn',
    params: { candidateName: 'Cai Candidate', programName: 'Cloud Security', reason: 'Moved to a role outside security.' },
  },
  'approval-moved': {
    template: 'approval-moved',
    params: { approverName: 'Maria Manager', candidateName: 'Cai Candidate', programName: 'Cloud Security', newApproverName: 'Nico Newmanager' },
  },
  'mentor-assigned': {
    template: 'mentor-assigned',
    params: {
      mentorName: 'Mo Mentor',
      candidateName: 'Cai Candidate',
      programName: 'Cloud Security',
      firstCheckInDue: '2026-03-02T10:00:00.000Z',
    },
  },
  'check-in-reminder': {
    template: 'check-in-reminder',
    params: {
      recipientName: 'Cai Candidate',
      candidateName: 'Cai Candidate',
      mentorName: 'Mo Mentor',
      programName: 'Cloud Security',
      dueAt: '2026-03-16T10:00:00.000Z',
    },
  },
  'check-in-missed': {
    template: 'check-in-missed',
    params: {
      managerName: 'Maria Manager',
      candidateName: 'Cai Candidate',
      mentorName: 'Mo Mentor',
      programName: 'Cloud Security',
      dueAt: '2026-03-16T10:00:00.000Z',
      missedCount: 2,
    },
  },
  'submission-reminder': {
    template: 'submission-reminder',
    params: { candidateName: 'Cai Candidate', programName: 'Cloud Security', dueAt: '2026-06-30T17:00:00.000Z' },
  },
  'resubmission-open': {
    template: 'resubmission-open',
    params: {
      candidateName: 'Cai Candidate',
      programName: 'Cloud Security',
      attempt: 2,
      maxAttempts: 3,
      dueAt: '2026-08-31T17:00:00.000Z',
    },
  },
  'panel-assessment-requested': {
    template: 'panel-assessment-requested',
    params: {
      assessorName: 'Ana Assessor',
      candidateName: 'Cai Candidate',
      programName: 'Cloud Security',
      pathwayName: 'Live demonstration',
      journeyId: 'journey:cloud-sec:p-1',
      format: 'live_demo',
      panelSize: 3,
      scheduledAt: '2026-07-14T09:30:00.000Z',
    },
  },
  'moderation-requested': {
    template: 'moderation-requested',
    params: {
      moderatorName: 'Mia Moderator',
      candidateName: 'Cai Candidate',
      programName: 'Cloud Security',
      journeyId: 'journey:cloud-sec:p-1',
      spread: 1.5,
    },
  },
  'appeal-review-requested': {
    template: 'appeal-review-requested',
    params: {
      reviewerName: 'Rae Reviewer',
      candidateName: 'Cai Candidate',
      programName: 'Cloud Security',
      journeyId: 'journey:cloud-sec:p-1',
      grounds: 'The panel did not score my second case study.',
    },
  },
  'appeal-decided': {
    template: 'appeal-decided',
    params: {
      candidateName: 'Cai Candidate',
      programName: 'Cloud Security',
      outcome: 'reassess',
      rationale: 'Case study 2 was not scored.',
    },
  },
  'recertification-reminder': {
    template: 'recertification-reminder',
    params: { candidateName: 'Cai Candidate', programName: 'Cloud Security', expiresAt: '2028-01-31T00:00:00.000Z', daysLeft: 30 },
  },
  'credential-renewed': {
    template: 'credential-renewed',
    params: {
      candidateName: 'Cai Candidate',
      programName: 'Cloud Security',
      credentialNumber: 'CS-2026-0001',
      expiresAt: '2030-01-31T00:00:00.000Z',
    },
  },
  'credential-lapsed': {
    template: 'credential-lapsed',
    params: {
      candidateName: 'Cai Candidate',
      programName: 'Cloud Security',
      credentialNumber: 'CS-2026-0001',
      lapsedAt: '2028-03-01T00:00:00.000Z',
    },
  },
  'credential-revoked': {
    template: 'credential-revoked',
    params: {
      candidateName: 'Cai Candidate',
      programName: 'Cloud Security',
      credentialNumber: 'CS-2026-0001',
      reason: 'Evidence was found to be copied.',
    },
  },
  'rules-changing': {
    template: 'rules-changing',
    params: {
      candidateName: 'Cai Candidate',
      programName: 'Cloud Security',
      effectiveAt: '2026-09-01T00:00:00.000Z',
      reason: 'The prerequisite course was replaced.',
      submissionDueAt: '2026-09-15T00:00:00.000Z',
    },
  },
  'program-changing': {
    template: 'program-changing',
    params: {
      candidateName: 'Cai Candidate',
      programName: 'Cloud Security',
      version: 2,
      reason: 'Threat modelling is now a critical criterion.',
      changes: [
        { area: 'rubric', effectiveAt: '2026-10-01T00:00:00.000Z' },
        { area: 'timing', effectiveAt: '2026-09-01T00:00:00.000Z' },
      ],
      atNextRecertification: false,
    },
  },
  'quarterly-report': {
    template: 'quarterly-report',
    params: { recipientName: 'Ines Ortega', programName: 'Cloud Security', quarter: '2026-Q3', reportId: 'cloud-security:2026-Q3', highlights: ['3 new credentials'] },
  },
  'rule-review-due': {
    template: 'rule-review-due',
    params: { recipientName: 'Ines Duarte', ruleSetKey: 'cloud-architecture-practitioner.eligibility', dueOn: '2027-11-25T00:00:00.000Z' },
  },
  'satisfaction-survey': {
    template: 'satisfaction-survey',
    params: { candidateName: 'Cai Candidate', programName: 'Cloud Security', assessmentId: 'assessment-1' },
  },
  'decision-appealable': {
    template: 'decision-appealable',
    params: { candidateName: 'Cai Candidate', programName: 'Cloud Security', decision: 'revocation', appealUntil: '2026-12-18T09:00:00.000Z' },
  },
  'response-reminder': {
    template: 'response-reminder',
    params: { recipientName: 'Priya Assessor', candidateName: 'Cai Candidate', programName: 'Cloud Security', journeyId: 'journey:cs:cai', task: 'scoring', dueAt: '2026-12-18T09:00:00.000Z' },
  },
  'task-reassigned': {
    template: 'task-reassigned',
    params: { recipientName: 'Priya Assessor', candidateName: 'Cai Candidate', programName: 'Cloud Security', journeyId: 'journey:cs:cai', task: 'appealVote', reason: 'overdue' },
  },
  'staffing-alert': {
    template: 'staffing-alert',
    params: { recipientName: 'Hana HR', candidateName: 'Cai Candidate', programName: 'Cloud Security', journeyId: 'journey:cs:cai', need: 'mentor', detail: 'every mentor is at capacity', retryAt: '2026-12-11T09:00:00.000Z' },
  },
};

/** Renders the sample with some params replaced, through `parseEmailMessage` so every variant is a valid message. */
function render(name: TemplateName, params: Record<string, unknown> = {}) {
  const parsed = parseEmailMessage({ template: name, params: { ...samples[name].params, ...params } });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return renderEmail(parsed.value, ctx);
}

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

  it("manager-approval to a delegate says whose approval it is", () => {
    const message = samples['manager-approval'];
    const email = renderEmail({ ...message, params: { ...message.params, onBehalfOf: 'Omar Owner' } }, ctx);
    expect(email.text).toContain("needs their manager's approval: Omar Owner has named you to decide approvals in their place.");
    expect(email.text).not.toContain('as their manager');
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

describe('lifecycle templates', () => {
  // Subject and text name the facts the recipient acts on; dates are readable and in UTC.
  it.each<[TemplateName, string, string[]]>([
    [
      'mentor-assigned',
      'You are mentoring Cai Candidate for Cloud Security',
      ['Hello Mo Mentor,', "assigned as Cai Candidate's mentor", 'first check-in', 'Monday 2 March 2026, 10:00 UTC'],
    ],
    [
      'check-in-reminder',
      'Check-in due 16 March 2026: Cai Candidate and Mo Mentor, Cloud Security',
      ['Hello Cai Candidate,', 'Cai Candidate (candidate) and Mo Mentor (mentor)', 'Monday 16 March 2026, 10:00 UTC', 'counts as missed'],
    ],
    [
      'check-in-missed',
      'Missed check-in: Cai Candidate, Cloud Security',
      ['Hello Maria Manager,', 'their mentor Mo Mentor', 'Monday 16 March 2026, 10:00 UTC', 'missed 2 check-ins', "As Cai Candidate's manager"],
    ],
    [
      'submission-reminder',
      'Reminder: your Cloud Security evidence is due 30 June 2026',
      ['Hello Cai Candidate,', 'due by Tuesday 30 June 2026, 17:00 UTC', 'submit it in Certiflow'],
    ],
    [
      'resubmission-open',
      'Cloud Security: you may resubmit by 31 August 2026 (attempt 2 of 3)',
      ['was not passed', 'attempt 2 of 3.', 'by Monday 31 August 2026, 17:00 UTC'],
    ],
    [
      'panel-assessment-requested',
      'Panel assessment requested: Cai Candidate, Cloud Security',
      [
        'Hello Ana Assessor,',
        'Live demonstration pathway, live demo',
        'one of the 3 assessors on the panel',
        'scheduled for Tuesday 14 July 2026, 09:30 UTC',
        'Score independently',
        'hidden from the rest of the panel',
        'until all panel members have submitted',
        'Journey reference: journey:cloud-sec:p-1',
      ],
    ],
    [
      'moderation-requested',
      'Moderation needed: Cai Candidate, Cloud Security',
      ['Hello Mia Moderator,', 'differ by as much as 1.5', 'record the moderated result', 'Journey reference: journey:cloud-sec:p-1'],
    ],
    [
      'appeal-review-requested',
      'Appeal review requested: Cai Candidate, Cloud Security',
      ['Hello Rae Reviewer,', 'Cai Candidate has appealed', '> The panel did not score my second case study.', 'order a reassessment'],
    ],
    [
      'appeal-decided',
      'Your Cloud Security appeal: reassessment ordered',
      ['Hello Cai Candidate,', 'assessed again by a new panel', '> Case study 2 was not scored.'],
    ],
    [
      'recertification-reminder',
      'Your Cloud Security credential expires in 30 days',
      ['expires in 30 days, on 31 January 2028', 'complete recertification in Certiflow before then'],
    ],
    [
      'credential-renewed',
      'Your Cloud Security credential has been renewed',
      ['has been renewed', 'Credential number: CS-2026-0001', 'Valid until: 31 January 2030'],
    ],
    [
      'credential-lapsed',
      'Your Cloud Security credential has lapsed',
      ['credential CS-2026-0001 lapsed on 1 March 2028', 'no longer valid', 'You can re-enrol in Cloud Security'],
    ],
    [
      'credential-revoked',
      'Your Cloud Security credential has been revoked',
      ['credential CS-2026-0001 has been revoked', '> Evidence was found to be copied.', 'contact the program team'],
    ],
    [
      'approval-moved',
      'No longer needed: approval for Cai Candidate (Cloud Security)',
      ['now reports to Nico Newmanager', 'no longer works', 'nothing more for you to do'],
    ],
    [
      'journey-withdrawn',
      'Your Cloud Security journey has been withdrawn',
      ['certification journey has been withdrawn', '> Moved to a role outside security.', 'welcome to enrol again'],
    ],
  ])('%s: subject and text give the key facts', (name, subject, facts) => {
    const email = renderEmail(samples[name], ctx);
    expect(email.subject).toBe(subject);
    for (const fact of facts) expect(email.text).toContain(fact);
    expect(email.html).toContain(escapeText(facts[0] ?? ''));
  });

  it('check-in-missed says when it is the first miss', () => {
    expect(render('check-in-missed', { missedCount: 1 }).text).toContain('This is the first check-in Cai Candidate has missed');
  });

  it('resubmission-open says when it is the final attempt', () => {
    expect(render('resubmission-open', { attempt: 3 }).text).toContain('attempt 3 of 3, your final attempt.');
    expect(render('resubmission-open').text).not.toContain('final attempt');
  });

  it('panel-assessment-requested without a live session asks for a review, and a panel of one is not told about a panel', () => {
    const { scheduledAt: _scheduledAt, ...params } = samples['panel-assessment-requested'].params;
    const noSession = renderEmail({ template: 'panel-assessment-requested', params: { ...params, format: 'written_report' } }, ctx);
    expect(noSession.text).not.toContain('scheduled');
    expect(noSession.text).toContain('written report');
    expect(noSession.text).toContain('review the evidence and record your scores');

    const alone = render('panel-assessment-requested', { panelSize: 1 });
    expect(alone.text).toContain('you have been assigned to assess it');
    expect(alone.text).not.toContain('hidden from the rest of the panel');
  });

  it.each([
    ['upheld', 'Your Cloud Security appeal: original result upheld', 'upheld the original result, so it stands'],
    ['overturned', 'Your Cloud Security appeal: result overturned', 'overturned the original result in your favour'],
    ['reassess', 'Your Cloud Security appeal: reassessment ordered', 'ordered a reassessment'],
  ])('appeal-decided %s explains the outcome', (outcome, subject, body) => {
    const email = render('appeal-decided', { outcome });
    expect(email.subject).toBe(subject);
    expect(email.text).toContain(body);
  });

  it('appeal-decided leaves out an empty rationale', () => {
    expect(render('appeal-decided', { rationale: ' ' }).html).not.toContain('<blockquote');
  });

  it('recertification-reminder counts down to the last day', () => {
    expect(render('recertification-reminder', { daysLeft: 1 }).subject).toBe('Your Cloud Security credential expires in 1 day');
    const today = render('recertification-reminder', { daysLeft: 0 });
    expect(today.subject).toBe('Your Cloud Security credential expires today');
    expect(today.text).toContain('expires today, 31 January 2028');
  });

  it('assessment-result offers an appeal until the deadline only when not passed', () => {
    const appealUntil = '2026-05-29T17:00:00.000Z';
    const notPassed = render('assessment-result', { outcome: 'not_passed', average: 2, appealUntil });
    expect(notPassed.text).toContain(`you may appeal until ${formatDateTime(appealUntil)}`);
    expect(notPassed.text).toContain('Friday 29 May 2026, 17:00 UTC');
    expect(notPassed.text).toContain('with your grounds');

    expect(render('assessment-result', { outcome: 'not_passed', average: 2 }).text).not.toContain('appeal');
    expect(render('assessment-result', { appealUntil }).text).not.toContain('appeal');
  });

  it('formats dates in UTC whatever the offset of the input', () => {
    const email = render('submission-reminder', { dueAt: '2026-06-30T23:30:00-02:00' });
    expect(email.subject).toContain(formatDate('2026-07-01T01:30:00Z'));
    expect(email.text).toContain('Wednesday 1 July 2026, 01:30 UTC');
  });
});

describe('every template escapes its parameters', () => {
  const hostile = '<script>alert("x")</script> & <b>bold</b>';
  // Enumerations (an outcome, a task, a reason, a need, a decision) are checked by their schemas, not free text.
  const ENUMS = ['outcome', 'task', 'reason', 'need', 'decision'];
  const isFreeText = (key: string, value: string) => !ENUMS.includes(key) && !/^\d{4}-\d{2}-\d{2}T/.test(value);

  it.each(templateNames)('%s', (name) => {
    const params = Object.fromEntries(
      Object.entries(samples[name].params).map(([key, value]) => [
        key,
        typeof value === 'string' && isFreeText(key, value) ? hostile : Array.isArray(value) && value.every((v) => typeof v === 'string') ? [hostile] : value,
      ]),
    );
    const email = render(name, params);
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<b>bold');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(email.text).toContain(hostile);
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

  it('knows every lifecycle template', () => {
    expect(templateNames).toHaveLength(31);
    expect(new Set(templateNames).size).toBe(templateNames.length);
  });

  it.each<[TemplateName, Record<string, unknown>, string]>([
    ['mentor-assigned', { firstCheckInDue: 'next Monday' }, 'params.firstCheckInDue'],
    ['check-in-reminder', { recipientName: '' }, 'params.recipientName'],
    ['check-in-missed', { missedCount: 0 }, 'params.missedCount'],
    ['check-in-missed', { missedCount: '2' }, 'params.missedCount'],
    ['submission-reminder', { dueAt: undefined }, 'params.dueAt'],
    ['resubmission-open', { attempt: 1.5 }, 'params.attempt'],
    ['resubmission-open', { attempt: 4, maxAttempts: 3 }, 'params.attempt'],
    ['panel-assessment-requested', { panelSize: 0 }, 'params.panelSize'],
    ['panel-assessment-requested', { scheduledAt: 'tomorrow' }, 'params.scheduledAt'],
    ['moderation-requested', { spread: -1 }, 'params.spread'],
    ['appeal-review-requested', { grounds: '' }, 'params.grounds'],
    ['appeal-decided', { outcome: 'uphold' }, 'params.outcome'],
    ['response-reminder', { task: 'grading' }, 'params.task'],
    ['staffing-alert', { retryAt: 'next week' }, 'params.retryAt'],
    ['recertification-reminder', { daysLeft: -1 }, 'params.daysLeft'],
    ['credential-renewed', { expiresAt: '2030-01-31' }, 'params.expiresAt'],
    ['credential-lapsed', { lapsedAt: undefined }, 'params.lapsedAt'],
    ['credential-revoked', { credentialNumber: 42 }, 'params.credentialNumber'],
    ['journey-withdrawn', { reason: '' }, 'params.reason'],
    ['assessment-result', { appealUntil: 'in two weeks' }, 'params.appealUntil'],
    ['assessment-result', { outcome: 'failed' }, 'params.outcome'],
  ])('rejects %s with %o at %s', (name, params, path) => {
    const result = parseEmailMessage({ template: name, params: { ...samples[name].params, ...params } });
    expect(result.ok ? null : result.error).toMatchObject({ code: ErrorCode.InvalidInput, path });
  });
});

describe('rules-changing', () => {
  it('names the date the new rules apply and the adjusted deadline', () => {
    const { subject, text } = render('rules-changing');
    expect(subject).toContain('1 September 2026');
    expect(text).toContain('The prerequisite course was replaced.');
    expect(text).toMatch(/deadline has been adjusted/);
  });
});

describe('program-changing', () => {
  it('says what changes for a journey in flight and from when', () => {
    const { subject, text } = render('program-changing');
    expect(subject).toBe('Cloud Security changes: version 2');
    expect(text).toContain('Threat modelling is now a critical criterion.');
    expect(text).toMatch(/the rubric your evidence is assessed against, from Thursday 1 October 2026/);
    expect(text).toMatch(/deadlines, reminders and check-in cadence, from Tuesday 1 September 2026/);
  });

  it('tells a holder the changes wait for the next re-certification window', () => {
    const sample = samples['program-changing'];
    const { text } = renderEmail({ ...sample, params: { ...sample.params, atNextRecertification: true } }, ctx);
    expect(text).toContain('apply from your next re-certification window');
    expect(text).not.toContain('from Thursday');
  });
});

describe('quarterly-report and satisfaction-survey', () => {
  it('links the HR-only report downloads and a signed survey link', () => {
    const report = renderEmail(samples['quarterly-report'], ctx);
    expect(report.text).toContain('https://certiflow.example.com/reports/cloud-security%3A2026-Q3.csv');
    const survey = renderEmail(samples['satisfaction-survey'], ctx);
    expect(survey.text).toMatch(/https:\/\/certiflow\.example\.com\/surveys\/assessment-1\?token=[\w-]{43}/);
  });
});
