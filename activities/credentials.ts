import { createHmac } from 'node:crypto';
import type { PrismaClient } from '../prisma/client.js';
import { utcTimestamp } from '../prisma/sql-values.js';
import type { CredentialRecord } from '../domain/journey-records.js';
import { purposeKey } from '../services/keyed-digests.js';

/**
 * A short, stable, human-readable number: the same journey cycle always gets the same one. The digest is
 * keyed with a server secret: a journey's id names its candidate, so an unkeyed hash of it would let
 * anyone holding a number (a verifier, a celebration feed reader) find whose credential it is by hashing
 * directory ids.
 */
export function credentialNumber(key: string, programId: string, journeyId: string, cycle: number, issuedAt: string): string {
  const prefix = programId
    .split(/[^a-z0-9]+/i)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase())
    .join('')
    .slice(0, 4);
  const digest = createHmac('sha256', key).update(`${journeyId}#${cycle}`).digest('hex').slice(0, 8).toUpperCase();
  return `${prefix}-${issuedAt.slice(0, 4)}-${digest}`;
}

/** The number key, derived from APPROVAL_LINK_SECRET (which the worker holds to sign approval links) for this use alone. */
export const credentialNumberKey = (linkSecret: string): string => purposeKey(linkSecret, 'credential-number');

export function createCredentialActivities({ prisma, linkSecret }: { prisma: PrismaClient; linkSecret: string }) {
  const numberKey = credentialNumberKey(linkSecret);
  return {
    /** One credential per journey cycle: a retry returns the credential issued the first time. */
    async issueCredential(input: {
      credentialId: string;
      journeyId: string;
      cycle: number;
      personId: string;
      programId: string;
      issuedAt: string;
      expiresAt: string;
    }): Promise<CredentialRecord> {
      // Skipped only when this journey cycle already has its credential (a retry): a clash on any other
      // unique key (the number) must fail loudly, not leave the cycle without a credential.
      await prisma.$executeRaw`
        INSERT INTO "Credential" ("id", "number", "journeyId", "cycle", "personId", "programId", "issuedAt", "expiresAt", "status")
        VALUES (${input.credentialId}, ${credentialNumber(numberKey, input.programId, input.journeyId, input.cycle, input.issuedAt)}, ${input.journeyId},
                ${input.cycle}::int, ${input.personId}, ${input.programId}, ${utcTimestamp(input.issuedAt)}, ${utcTimestamp(input.expiresAt)}, 'active')
        ON CONFLICT ("journeyId", "cycle") DO NOTHING`;
      const row = await prisma.credential.findUniqueOrThrow({ where: { journeyId_cycle: { journeyId: input.journeyId, cycle: input.cycle } } });
      return {
        credentialId: row.id,
        number: row.number,
        issuedAt: row.issuedAt.toISOString(),
        expiresAt: row.expiresAt.toISOString(),
      };
    },

    async expireCredential(input: { credentialId: string }): Promise<void> {
      await prisma.credential.updateMany({ where: { id: input.credentialId, status: 'active' }, data: { status: 'expired' } });
    },
  };
}
