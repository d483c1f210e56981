// How long each person asked to act on a journey has to answer before the task passes to someone else,
// and how long before that they are reminded. A program sets them in its document (`responseTimes`);
// journeys enrolled before programs could say so, and programs that do not, get these.

export type ResponseTask = 'scoring' | 'moderation' | 'appealVote';

export interface ResponseTimes {
  scoring: string;
  moderation: string;
  appealVote: string;
  reminder: string;
}

export const DEFAULT_RESPONSE_TIMES: ResponseTimes = { scoring: 'P14D', moderation: 'P7D', appealVote: 'P7D', reminder: 'P3D' };

export function responseTimesOf(configured: Partial<ResponseTimes> | undefined | null): ResponseTimes {
  return { ...DEFAULT_RESPONSE_TIMES, ...Object.fromEntries(Object.entries(configured ?? {}).filter(([, v]) => !!v)) };
}

/** How a task is named to people: in reminders, hand-over notices and the audit trail. */
export const RESPONSE_TASK_NAMES: Record<ResponseTask, string> = {
  scoring: 'score the submission',
  moderation: 'moderate the disputed assessment',
  appealVote: 'vote on the appeal',
};
