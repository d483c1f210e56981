import type { Client } from '@temporalio/client';

// What Temporal says about activities that keep failing: how often each was tried and why it failed.
// The evidence that an outage made activities retry rather than give up.

export interface RetryEvidence {
  /** Highest attempt number seen on a pending activity. */
  maxAttempt: number;
  /** "<activity type>: <last line of its last failure>" for each retrying activity seen. */
  failures: Set<string>;
}

export const noRetries = (): RetryEvidence => ({ maxAttempt: 0, failures: new Set() });

/** Adds what the workflows' pending activities show now to `evidence`. */
export async function observeRetries(client: Client, workflowIds: string[], evidence: RetryEvidence): Promise<void> {
  await Promise.all(
    workflowIds.map(async (id) => {
      const description = await client.workflow.getHandle(id).describe().catch(() => null);
      for (const activity of description?.raw.pendingActivities ?? []) {
        const attempt = activity.attempt ?? 0;
        evidence.maxAttempt = Math.max(evidence.maxAttempt, attempt);
        // Prisma's messages start with where the call was and end with why it failed: keep the why.
        const message = activity.lastFailure?.message?.split('\n').filter((line) => line.trim()).at(-1);
        if (attempt > 1 && message) evidence.failures.add(`${activity.activityType?.name}: ${message.trim().slice(0, 120)}`);
      }
    }),
  );
}
