import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.js';

// Database writes are idempotent and retried until the database is back: a journey waits, it never
// loses a step. Failures marked non-retryable (bad data) surface at once.
export const db = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '2 minutes' },
});

// SMTP can be down for a while; the outbox row keeps the message and the retry sends it once.
export const mail = proxyActivities<Pick<Activities, 'sendEmail'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});
