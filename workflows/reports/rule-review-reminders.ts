import { proxyActivities } from '@temporalio/workflow';
import type { createMailActivities } from '../../activities/mail.js';
import type { createRuleReviewActivities } from '../../activities/rule-reviews.js';

// Reminds the certification committee of rule-set reviews falling due. Run daily by a schedule; the
// outbox key (review, member) means each member is reminded once per review however often it runs.

export type RuleReviewRemindersInput = { version: 1; withinDays?: number };

const reviews = proxyActivities<ReturnType<typeof createRuleReviewActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '10 seconds', maximumAttempts: 5 },
});
const mail = proxyActivities<ReturnType<typeof createMailActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes', maximumAttempts: 20 },
});

export async function ruleReviewRemindersWorkflow(input: RuleReviewRemindersInput): Promise<{ reminded: number }> {
  const { reviews: due, committee } = await reviews.findRuleReviewsDue({ asOf: new Date().toISOString(), withinDays: input.withinDays ?? 30 });
  let reminded = 0;
  for (const review of due) {
    for (const member of committee) {
      const result = await mail.sendEmail({
        idempotencyKey: `rule-review:${review.reviewId}:${member.id}`,
        to: member.email,
        message: { template: 'rule-review-due', params: { recipientName: member.name, ruleSetKey: review.ruleSetKey, dueOn: review.dueOn } },
      });
      if (result.status === 'sent') reminded += 1;
    }
  }
  return { reminded };
}
