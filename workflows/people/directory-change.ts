import { proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.js';

// What follows a change in the people directory, durably: a new manager takes the person's pending
// approvals; a leaver's journeys end at once, and when the retention period is over their personal data
// is replaced by a pseudonym (unless they came back). One run per person and directory version.

const { endJourneysOfLeaver, tellJourneysNewManager, eraseLeaver } = proxyActivities<
  Pick<Activities, 'endJourneysOfLeaver' | 'tellJourneysNewManager' | 'eraseLeaver'>
>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

export interface DirectoryChangeInput {
  personId: string;
  version: number;
  managerChanged: boolean;
  /** Set when the person left with this version: when, and when their data is erased. */
  departure: { leftAt: string; eraseAt: string } | null;
}

export async function directoryChangeWorkflow(input: DirectoryChangeInput): Promise<{ erased: string | null }> {
  if (input.managerChanged) await tellJourneysNewManager({ personId: input.personId, version: input.version });
  if (!input.departure) return { erased: null };
  await endJourneysOfLeaver({ personId: input.personId, version: input.version, leftAt: input.departure.leftAt });
  const wait = Date.parse(input.departure.eraseAt) - Date.now();
  if (wait > 0) await sleep(wait);
  return { erased: await eraseLeaver({ personId: input.personId, leftAt: input.departure.leftAt }) };
}
