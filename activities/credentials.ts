import { createHmac } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { ErrorCode } from '../domain/errors.js';
import type { PrismaClient } from '../prisma/client.js';
import { utcTimestamp } from '../prisma/sql-values.js';
import type { CredentialRecord } from '../domain/journey-records.js';
import { purposeKey } from '../services/keyed-digests.js';

/**
 * A short, stable, human-readable number: the same journey cycle always gets the same one. The digest is
 * keyed with a server secret: a journey's id names its candidate, so an unkeyed hash of it would let
 * anyone holding a number (a verifier, a celebration feed reader) find whose credential it is by hashing
 * directory ids. Eight hex digits clash now and then (about 1 in 100 at 10,000 credentials of one prefix
 * and year): `attempt` takes the next eight digits of the same keyed hash, as stable as the first.
 */
export function credentialNumber(key: string, programId: string, journeyId: string, cycle: number, issuedAt: string, attempt = 0): string {
  const prefix = programId
    .split(/[^a-z0-9]+/i)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase())
    .join('')
    .slice(0, 4);
  const digest = createHmac('sha256', key).update(`${journeyId}#${cycle}`).digest('hex').slice(attempt * 8, attempt * 8 + 8).toUpperCase();
  return `${prefix}-${issuedAt.slice(0, 4)}-${digest}`;
}

/** A cycle's numbers to try: the keyed hash has 64 hex digits, eight at a time. */
const NUMBER_ATTEMPTS = 8;

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
      // A retry finds the cycle's credential and inserts nothing. A number another journey's credential
      // holds is skipped too, and the next number of the cycle is tried: the cycle must get a credential.
      for (let attempt = 0; attempt < NUMBER_ATTEMPTS; attempt++) {
        const number = credentialNumber(numberKey, input.programId, input.journeyId, input.cycle, input.issuedAt, attempt);
        const [row] = await prisma.$queryRaw<{ id: string; number: string; issuedAt: Date; expiresAt: Date }[]>`
          WITH inserted AS (
            INSERT INTO "Credential" ("id", "number", "journeyId", "cycle", "personId", "programId", "issuedAt", "expiresAt", "status")
            VALUES (${input.credentialId}, ${number}, ${input.journeyId}, ${input.cycle}::int, ${input.personId}, ${input.programId},
                    ${utcTimestamp(input.issuedAt)}, ${utcTimestamp(input.expiresAt)}, 'active')
            ON CONFLICT DO NOTHING
            RETURNING "id", "number", "issuedAt", "expiresAt"
          )
          SELECT * FROM inserted
          UNION ALL
          SELECT "id", "number", "issuedAt", "expiresAt" FROM "Credential"
          WHERE "journeyId" = ${input.journeyId} AND "cycle" = ${input.cycle}::int AND NOT EXISTS (SELECT 1 FROM inserted)`;
        if (row) return { credentialId: row.id, number: row.number, issuedAt: row.issuedAt.toISOString(), expiresAt: row.expiresAt.toISOString() };
      }
      throw ApplicationFailure.nonRetryable(
        `No credential number was free for ${input.journeyId} cycle ${input.cycle} after ${NUMBER_ATTEMPTS} tries (or its credential id ${input.credentialId} is taken)`,
        ErrorCode.Conflict,
      );
    },

    async expireCredential(input: { credentialId: string }): Promise<void> {
      await prisma.credential.updateMany({ where: { id: input.credentialId, status: 'active' }, data: { status: 'expired' } });
    },
  };
}
