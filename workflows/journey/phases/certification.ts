import { patched, uuid4 } from '@temporalio/workflow';
import { addIsoDuration } from '../../../domain/duration.js';
import { JourneyStage } from '../../../domain/journey.js';
import { db } from '../activities.js';
import { now } from '../clock.js';
import { type Journey, journeyContext, notify, record } from '../journal.js';
import { JourneyPatches } from '../patches.js';

// The credential, issued once the candidate has passed: the same step on every path.

export async function certify(journey: Journey): Promise<void> {
  const { candidate, program } = journeyContext(journey);
  // Two committee members from the moment the credential exists (patch decision-appeals): a revocation
  // arriving before the holding run starts must not slip through with one.
  if (patched(JourneyPatches.decisionAppeals)) journey.state = { ...journey.state, revocationNeedsTwo: true };
  const issuedAt = now();
  const credential = await db.issueCredential({
    credentialId: uuid4(),
    journeyId: journey.state.journeyId,
    cycle: journey.state.cycle,
    personId: candidate.id,
    programId: program.id,
    issuedAt,
    expiresAt: addIsoDuration(issuedAt, program.validity),
  });
  journey.state = { ...journey.state, credential };
  await record(journey, 'credential_issued', { stage: JourneyStage.Certified, data: { ...credential } });
  await notify(candidate.email, {
    template: 'credential-issued',
    params: { candidateName: candidate.name, programName: program.name, credentialNumber: credential.number, expiresAt: credential.expiresAt },
  });
}
