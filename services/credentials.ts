import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '../prisma/client.js';

// Shareable credential links. A share code is the credential id with an HMAC of it under a server
// secret, so a holder can hand a link to anyone while nobody can guess or enumerate other people's:
// without the secret no valid code can be made, and a wrong one is indistinguishable from a missing
// credential. No column is needed, and changing the secret invalidates every link at once.

/** 22 base64url characters: 132 bits of the MAC, far beyond guessing. */
const MAC_LENGTH = 22;

export type VerifiedStatus = 'active' | 'expired' | 'revoked' | 'superseded';

/** What a verifier sees: enough to trust the credential, nothing more (no scores, no contact details). */
export interface CredentialVerification {
  number: string;
  holderName: string;
  programName: string;
  issuedAt: Date;
  expiresAt: Date;
  status: VerifiedStatus;
  revokedAt: Date | null;
}

/** Stored status → what a verifier is told; an active credential past its expiry reads as expired. */
export function verifiedStatus(stored: string, expiresAt: Date, now: Date): VerifiedStatus {
  if (stored === 'revoked') return 'revoked';
  if (stored === 'renewed') return 'superseded';
  if (stored === 'active' && expiresAt.getTime() > now.getTime()) return 'active';
  return 'expired';
}

export function createCredentialService({ prisma, secret }: { prisma: PrismaClient; secret: string }) {
  // A key of its own, so a share code can never double as an approval or survey token.
  const key = createHmac('sha256', secret).update('certiflow:credential-share').digest();
  const mac = (credentialId: string) => createHmac('sha256', key).update(credentialId).digest('base64url').slice(0, MAC_LENGTH);

  return {
    /** The code for /verify/<code>. */
    shareCode: (credentialId: string): string => `${credentialId}.${mac(credentialId)}`,

    /** The credential a code stands for, or null for any code this server did not make. */
    async verify(code: string, now = new Date()): Promise<CredentialVerification | null> {
      const dot = code.lastIndexOf('.');
      if (dot <= 0 || code.length > 200) return null;
      const credentialId = code.slice(0, dot);
      const given = Buffer.from(code.slice(dot + 1));
      const expected = Buffer.from(mac(credentialId));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      const credential = await prisma.credential.findUnique({
        where: { id: credentialId },
        include: { person: { select: { name: true } }, program: { select: { name: true } } },
      });
      if (!credential) return null;
      return {
        number: credential.number,
        holderName: credential.person.name,
        programName: credential.program.name,
        issuedAt: credential.issuedAt,
        expiresAt: credential.expiresAt,
        status: verifiedStatus(credential.status, credential.expiresAt, now),
        revokedAt: credential.revokedAt,
      };
    },
  };
}

export type CredentialService = ReturnType<typeof createCredentialService>;
