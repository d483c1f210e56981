import { addIsoDuration } from '../../../domain/duration.js';
import { JourneyStage } from '../../../domain/journey.js';
import { db } from '../activities.js';
import { msUntil } from '../clock.js';
import { type Journey, notify, record } from '../journal.js';
import { clearDeadlines, now, setDeadline, waitUntilOr } from './waits.js';

/**
 * Opens the evidence step for one attempt: deadline from the program, reminders before it, the
 * deadline moved by any pause, a pathway transfer allowed meanwhile. False when the journey stops.
 */
export async function collectEvidence(journey: Journey): Promise<'submitted' | 'missed' | 'ended'> {
  const { program, candidate } = journey.state.context!;
  const attempt = journey.state.attempt ?? 1;
  const dueAt = addIsoDuration(now(), program.submissionDeadline);
  setDeadline(journey, 'submission', dueAt);
  const reminders = (program.submissionReminders ?? [])
    .map((offset) => ({ key: `submissionReminder:${offset}`, at: addIsoDuration(dueAt, offset, -1) }))
    .filter((r) => msUntil(r.at) > 0)
    .sort((a, b) => a.at.localeCompare(b.at));
  for (const reminder of reminders) setDeadline(journey, reminder.key, reminder.at);
  journey.state = { ...journey.state, submission: null };
  await record(journey, 'submission_opened', { stage: JourneyStage.AwaitingSubmission, data: { dueAt, attempt } });

  const submitted = () => journey.state.submission !== null;
  for (const reminder of reminders) {
    const result = await waitUntilOr(journey, submitted, reminder.key);
    if (result !== 'deadline') break;
    await notify(candidate.email, {
      template: 'submission-reminder',
      params: { candidateName: candidate.name, programName: program.name, dueAt: journey.state.deadlines!.submission! },
    });
  }
  const result = await waitUntilOr(journey, submitted, 'submission');
  clearDeadlines(journey, 'submission');
  if (result !== 'done') return result === 'ended' ? 'ended' : 'missed';

  const submission = journey.state.submission!;
  const { contentHash } = await db.recordSubmission({ journeyId: journey.state.journeyId, cycle: journey.state.cycle, submittedBy: candidate.id, submission });
  await record(journey, 'evidence_submitted', {
    actorId: candidate.id,
    data: {
      submissionId: submission.submissionId,
      format: submission.format,
      title: submission.title,
      contentHash,
      attempt,
      ...(submission.file ? { fileSha256: submission.file.sha256 } : {}),
      ...(submission.scheduledAt ? { scheduledAt: submission.scheduledAt } : {}),
    },
  });
  return 'submitted';
}

/** After a final "not passed": another attempt if the program allows one, else the journey ends. */
export async function openResubmission(journey: Journey): Promise<boolean> {
  const { program, candidate } = journey.state.context!;
  const attempt = journey.state.attempt ?? 1;
  const maxAttempts = 1 + (program.maxResubmissions ?? 0);
  if (attempt >= maxAttempts) return false;
  journey.state = { ...journey.state, attempt: attempt + 1, appeal: null, assessment: null, panelScores: {}, moderation: null };
  await record(journey, 'resubmission_allowed', { data: { attempt: attempt + 1, maxAttempts } });
  await notify(candidate.email, {
    template: 'resubmission-open',
    params: { candidateName: candidate.name, programName: program.name, attempt: attempt + 1, maxAttempts, dueAt: addIsoDuration(now(), program.submissionDeadline) },
  });
  return true;
}

