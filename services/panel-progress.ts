import { type Client, QueryNotRegisteredError, QueryRejectedError, ServiceError, WorkflowNotFoundError } from '@temporalio/client';
import { getJourneyQuery } from '../workflows/journey/messages.js';

// Who of the current panel has scored. The workflow keeps each member's scores to itself until the whole
// panel has scored (only then are they written to the read model, together), so "has this assessor
// scored yet?" is asked of the workflow. Only who, never what: the scores stay hidden.

/** How long a page waits for the workflow before falling back to the read model. */
const QUERY_MS = 3000;

export function createPanelProgressService({ client }: { client: Client }) {
  return {
    /** Assessor ids of the current round that have scored; null when the workflow cannot say in time. */
    async scoredBy(journeyId: string): Promise<string[] | null> {
      try {
        const state = await client.withDeadline(Date.now() + QUERY_MS, () => client.workflow.getHandle(journeyId).query(getJourneyQuery));
        return Object.keys(state.panelScores ?? {});
      } catch (error) {
        // Not found, no worker, server away or too slow: all mean "cannot say now".
        if ([ServiceError, WorkflowNotFoundError, QueryNotRegisteredError, QueryRejectedError].some((type) => error instanceof type)) return null;
        throw error;
      }
    },
  };
}

export type PanelProgressService = ReturnType<typeof createPanelProgressService>;
