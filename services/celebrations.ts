import type { PrismaClient } from '../prisma/client.js';
import { keyedDigest } from './keyed-digests.js';

// The public celebration feed: recent credentials of people who opted in, crediting their mentor.
// The opt-in filter lives here, in the one query, so no caller can list someone who did not opt in.

export interface Celebration {
  credentialId: string;
  personName: string;
  programName: string;
  certifiedAt: Date;
  /** A re-certification rather than a first credential. */
  renewal: boolean;
  mentorName: string | null;
}

export const MAX_CELEBRATIONS = 50;

export async function recentCelebrations(prisma: PrismaClient, first: number): Promise<Celebration[]> {
  const credentials = await prisma.credential.findMany({
    where: { status: { not: 'revoked' }, person: { celebrationOptIn: true, leftAt: null } },
    orderBy: [{ issuedAt: 'desc' }, { id: 'asc' }],
    take: Math.max(1, Math.min(MAX_CELEBRATIONS, first)),
    select: { id: true, cycle: true, issuedAt: true, person: { select: { name: true } }, program: { select: { name: true } }, journey: { select: { mentorId: true } } },
  });
  const mentorIds = [...new Set(credentials.flatMap((c) => (c.journey.mentorId ? [c.journey.mentorId] : [])))];
  const mentors = new Map((await prisma.person.findMany({ where: { id: { in: mentorIds } }, select: { id: true, name: true } })).map((m) => [m.id, m.name]));
  return credentials.map((c) => ({
    credentialId: c.id,
    personName: c.person.name,
    programName: c.program.name,
    certifiedAt: c.issuedAt,
    renewal: c.cycle > 1,
    mentorName: c.journey.mentorId ? (mentors.get(c.journey.mentorId) ?? null) : null,
  }));
}

export async function setCelebrationOptIn(prisma: PrismaClient, personId: string, optIn: boolean): Promise<boolean> {
  const person = await prisma.person.update({ where: { id: personId }, data: { celebrationOptIn: optIn }, select: { celebrationOptIn: true } });
  return person.celebrationOptIn;
}

/**
 * The feed's id for a celebration. Not the credential's id: the feed is public, and anyone who holds a
 * credential id without knowing whose it is (an anonymised assessment's moderator, say) could look it up.
 */
export const celebrationId = (credentialId: string): string => `celebration:${keyedDigest('celebration', credentialId).slice(0, 20)}`;

