import { createHash } from 'node:crypto';
import { FINAL_STAGES } from '../../domain/journey.js';
import type { Prisma, PrismaClient } from '../../prisma/client.js';
import { candidateLeftUpdate, managerChangedUpdate } from '../../workflows/journey/messages.js';
import { type JourneyNotice, tellJourneys } from '../journey-notices.js';
import type { JourneyService } from '../journeys.js';
import { recordPersonAudit } from './directory.js';

// What a change in the directory means for people's journeys, carried out by the directory-change
// workflow's activities: a leaver's journeys end (each told once, by update id), a new manager takes
// pending approvals, and after the retention period a leaver's personal data gives way to a pseudonym.

export const LEFT_THE_COMPANY = 'Left the company.';

/** How an erased person's former address is recognised without keeping it. */
export const erasedEmailHash = (email: string) => createHash('sha256').update(`certiflow-erased-email:${email.toLowerCase()}`).digest('hex');

/** The same person always gets the same pseudonym, and it reveals nothing of who they were. */
export const pseudonymOf = (personId: string) => `former-${createHash('sha256').update(`certiflow-person:${personId}`).digest('hex').slice(0, 12)}`;

/** Personal values in the audit trail; structural ones (roles, version, active) stay readable. */
const PERSONAL_FIELDS = ['email', 'name', 'givenName', 'familyName', 'userName', 'externalId', 'employeeNumber', 'attributes', 'hiredAt'];

/** The change is not visible yet: its transaction has not committed (the step is retried). */
export class ChangeNotCommitted extends Error {}

export function createDepartureService({ prisma, journeys }: { prisma: PrismaClient; journeys?: Pick<JourneyService, 'act'> }) {
  /**
   * The workflow is started inside the change's transaction, so its first step may run before the
   * change commits (wait), or after it rolled back (the person's state never matches: do nothing).
   */
  async function personAt(personId: string, version: number) {
    const person = await prisma.person.findUnique({ where: { id: personId }, select: { version: true, leftAt: true } });
    if (person && person.version < version) throw new ChangeNotCommitted(`Person ${personId} is at version ${person.version}, not yet ${version}.`);
    return person;
  }

  const openJourneys = (personId: string) =>
    prisma.journey.findMany({ where: { candidateId: personId, stage: { notIn: [...FINAL_STAGES] } }, select: { id: true, program: { select: { whenHolderLeaves: true } } } });

  return {
    /** Tells every journey of the leaver still going; policies are the programs' own. */
    async endJourneysOfLeaver(personId: string, version: number, leftAt: string): Promise<JourneyNotice[]> {
      const person = await personAt(personId, version);
      // Came back since, or this change never committed: nothing to end.
      if (person?.leftAt?.toISOString() !== leftAt) return [];
      const open = await openJourneys(personId);
      const notices: JourneyNotice[] = [];
      for (const policy of ['keep', 'lapse'] as const) {
        const ids = open.filter((j) => (j.program.whenHolderLeaves === 'lapse' ? 'lapse' : 'keep') === policy).map((j) => j.id);
        if (!ids.length) continue;
        const input = { leftAt, reason: LEFT_THE_COMPANY, credentialPolicy: policy };
        notices.push(...(await tellJourneys(journeys, ids, candidateLeftUpdate, input, (journeyId) => `left:${journeyId}:${leftAt}`)));
      }
      return notices;
    },

    /** Tells the person's journeys who their manager is now, as of directory version `version`. */
    async tellNewManager(personId: string, version: number): Promise<JourneyNotice[]> {
      await personAt(personId, version);
      // Whoever the manager is by now: a later change of manager tells the same, and the update ids differ by version.
      const person = await prisma.person.findUnique({ where: { id: personId }, select: { manager: { select: { id: true, name: true, email: true, leftAt: true } } } });
      if (!person) return [];
      const manager = person.manager && !person.manager.leftAt ? { id: person.manager.id, name: person.manager.name, email: person.manager.email } : null;
      const ids = (await openJourneys(personId)).map((j) => j.id);
      return tellJourneys(journeys, ids, managerChangedUpdate, { manager }, (journeyId) => `manager:${journeyId}:${version}`);
    },

    /**
     * Replaces a leaver's personal data with a pseudonym once the retention period is over. Someone who
     * came back (no longer left, or left again on another date) is not touched. Journeys, credentials and
     * the audit trail stay, under the pseudonym.
     */
    async eraseLeaver(personId: string, leftAt: string): Promise<'erased' | 'returned' | 'already'> {
      return prisma.$transaction(async (tx) => {
        const person = await tx.person.findUnique({ where: { id: personId } });
        if (!person || person.erasedAt) return 'already';
        if (!person.leftAt || person.leftAt.toISOString() !== leftAt) return 'returned';
        const pseudonym = pseudonymOf(personId);
        const email = `${pseudonym}@erased.invalid`;
        await tx.outboxEmail.updateMany({ where: { to: person.email }, data: { to: email } });
        // Statements an LMS sent about them name them (mbox, account): the actor becomes the pseudonym.
        for (const row of await tx.learningStatement.findMany({ where: { personId }, select: { id: true, statement: true } })) {
          const statement = { ...(row.statement as Record<string, unknown>), actor: { objectType: 'Agent', account: { homePage: 'urn:certiflow:erased', name: pseudonym } } };
          await tx.learningStatement.update({ where: { id: row.id }, data: { statement: statement as Prisma.InputJsonValue } });
        }
        await tx.personDemographics.deleteMany({ where: { personId } });
        await tx.directoryGroupMember.deleteMany({ where: { personId } });
        await tx.person.update({
          where: { id: personId },
          data: {
            name: pseudonym,
            email,
            givenName: null,
            familyName: null,
            userName: null,
            externalId: null,
            employeeNumber: null,
            attributes: {},
            hiredAt: null,
            title: '',
            roleLevel: null,
            celebrationOptIn: false,
            erasedAt: new Date(),
            version: { increment: 1 },
          },
        });
        for (const row of await tx.personAudit.findMany({ where: { personId } })) {
          const changes = Object.fromEntries(
            Object.entries(row.changes as Record<string, unknown>).map(([field, value]) => [field, PERSONAL_FIELDS.includes(field) ? { from: '[erased]', to: '[erased]' } : value]),
          );
          await tx.personAudit.update({ where: { id: row.id }, data: { changes: changes as Prisma.InputJsonValue } });
        }
        // The address's hash stays, so mail a workflow still holds for them is suppressed (activities/mail.ts).
        await recordPersonAudit(tx, { personId, version: person.version + 1, actor: { id: 'system:retention', source: 'system' }, action: 'erased', changes: { pseudonym, emailHash: erasedEmailHash(person.email) } });
        return 'erased';
      });
    },
  };
}

export type DepartureService = ReturnType<typeof createDepartureService>;
