import type { Client } from '@temporalio/client';
import { journeyWorkflowId } from '../../domain/workflow-ids.js';
import type { JourneyStage } from '../../domain/journey.js';
import { getJourneyQuery } from '../../workflows/journey/messages.js';
import type { JourneyState } from '../../workflows/journey/types.js';
import type { TestApp } from '../../test/harness/app.js';
import { clickApproval, enroll, score, submitReport } from '../../test/harness/journey-driver.js';
import { pollWithBackoff } from '../pool.js';
import { benchCandidateId, benchCandidateName, benchManagerId } from './people.js';

// One whole journey the way people do it, through the real API: enrol by GraphQL, the manager's link from
// the real email (GET, then POST), evidence and three panel scores by GraphQL. The test harness's steps
// are used as they are; its waits are not: they poll every 100 ms and find the approval email by manager
// alone, which cannot tell 50 concurrent candidates of one manager apart. Here the email is awaited by
// candidate name as it arrives, and stages are polled with a backoff from 10 ms.

export const STEPS = ['enrol → awaiting approval', 'approval → awaiting submission', 'submission → assessment', 'scoring → certified'] as const;

export interface JourneyTimes {
  steps: number[];
  total: number;
}

const PROGRAM_ID = 'cloud-architecture-practitioner';
const REPORTS_PER_MANAGER = 25;

export async function waitForJourneyStage(client: Client, journeyId: string, stage: JourneyStage): Promise<JourneyState> {
  return pollWithBackoff(async () => {
    try {
      const state = await client.workflow.getHandle(journeyId).query(getJourneyQuery);
      return state.stage === stage ? state : undefined;
    } catch {
      // Between the certification run and the next (continue-as-new) a query can find no run to answer.
      return undefined;
    }
  }, `${journeyId} reaching ${stage}`);
}

const ok = (result: { data?: Record<string, unknown>; errors?: unknown }, field: string, success: string) => {
  const typename = (result.data?.[field] as { __typename?: string } | undefined)?.__typename;
  if (typename !== success) throw new Error(`${field} failed: ${JSON.stringify(result)}`);
};

export async function runJourney(app: TestApp, client: Client, i: number): Promise<JourneyTimes> {
  const candidateId = benchCandidateId(i);
  const managerEmail = `${benchManagerId(i, REPORTS_PER_MANAGER)}@example.com`;
  const name = benchCandidateName(i);
  const journeyId = journeyWorkflowId(PROGRAM_ID, candidateId);
  const marks = [performance.now()];

  await enroll(app, candidateId);
  const email = await app.smtp.waitFor((m) => m.to.includes(managerEmail) && m.subject.includes(name), 600_000);
  const link = email.links.find((l) => l.includes('/approvals/'));
  if (!link) throw new Error(`no approval link in the email for ${name}`);
  marks.push(performance.now());

  const click = await clickApproval(link, 'approve');
  if (click.postStatus !== 200) throw new Error(`approval POST answered ${click.postStatus}`);
  await waitForJourneyStage(client, journeyId, 'awaiting_submission');
  marks.push(performance.now());

  ok(await submitReport(app, candidateId, journeyId), 'submitEvidence', 'MutationSubmitEvidenceSuccess');
  const assessing = await waitForJourneyStage(client, journeyId, 'awaiting_assessment');
  marks.push(performance.now());

  for (const member of assessing.panel ?? []) {
    ok(await score(app, member.id, journeyId, [4, 3, 3, 3]), 'scoreSubmission', 'MutationScoreSubmissionSuccess');
  }
  await waitForJourneyStage(client, journeyId, 'certified');
  marks.push(performance.now());

  return { steps: marks.slice(1).map((t, k) => t - marks[k]!), total: marks.at(-1)! - marks[0]! };
}

export const certiflowJourneyId = (i: number) => journeyWorkflowId(PROGRAM_ID, benchCandidateId(i));
