import { randomBytes, randomUUID } from 'node:crypto';
import { ErrorCode, fail, ok, type Result } from '../domain/errors.js';
import type { PrismaClient } from '../prisma/client.js';
import { hashToken, tokenMatchesHash } from './approval-links.js';

// The systems that feed Certiflow: an identity provider provisioning people over SCIM (a bearer token)
// and an LMS sending xAPI statements (HTTP Basic, the client id as user name). Each has its own secret,
// shown once when created or rotated; only its sha256 is kept, so a leaked table authenticates nothing.

export type IntegrationKind = 'scim' | 'xapi';
export const INTEGRATION_KINDS: readonly IntegrationKind[] = ['scim', 'xapi'];

export interface IntegrationClientSummary {
  id: string;
  name: string;
  kind: IntegrationKind;
  createdBy: string;
  createdAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** A new secret: the only time it is visible. */
export interface IssuedSecret {
  client: IntegrationClientSummary;
  secret: string;
}

/** 256 bits, prefixed so a leaked secret is recognisable by secret scanners and people alike. */
function newSecret(kind: IntegrationKind): string {
  return `cf_${kind}_${randomBytes(32).toString('base64url')}`;
}

const summary = (row: Omit<IntegrationClientSummary, 'kind'> & { kind: string }): IntegrationClientSummary => ({
  id: row.id,
  name: row.name,
  kind: row.kind as IntegrationKind,
  createdBy: row.createdBy,
  createdAt: row.createdAt,
  rotatedAt: row.rotatedAt,
  revokedAt: row.revokedAt,
  lastUsedAt: row.lastUsedAt,
});

export function createIntegrationClientService(prisma: PrismaClient) {
  /** lastUsedAt is written at most once a minute per client: a busy LMS must not turn reads into writes. */
  const touch = async (id: string, lastUsedAt: Date | null) => {
    if (lastUsedAt && Date.now() - lastUsedAt.getTime() < 60_000) return;
    await prisma.integrationClient.update({ where: { id }, data: { lastUsedAt: new Date() } });
  };

  return {
    async create(input: { name: string; kind: string; createdBy: string }): Promise<Result<IssuedSecret>> {
      const name = input.name.trim();
      if (!name || name.length > 100) return fail(ErrorCode.InvalidInput, 'A client needs a name of 1 to 100 characters.', 'name');
      if (!INTEGRATION_KINDS.includes(input.kind as IntegrationKind)) {
        return fail(ErrorCode.InvalidInput, `kind must be one of ${INTEGRATION_KINDS.join(', ')}.`, 'kind');
      }
      const kind = input.kind as IntegrationKind;
      const secret = newSecret(kind);
      const row = await prisma.integrationClient.create({ data: { id: randomUUID(), name, kind, secretHash: hashToken(secret), createdBy: input.createdBy } });
      return ok({ client: summary(row), secret });
    },

    /** A new secret replaces the old one at once: the old stops working with this call. */
    async rotate(id: string): Promise<Result<IssuedSecret>> {
      const row = await prisma.integrationClient.findUnique({ where: { id } });
      if (!row || row.revokedAt) return fail(ErrorCode.NotFound, `No active integration client ${id}.`, 'id');
      const secret = newSecret(row.kind as IntegrationKind);
      const updated = await prisma.integrationClient.update({ where: { id }, data: { secretHash: hashToken(secret), rotatedAt: new Date() } });
      return ok({ client: summary(updated), secret });
    },

    async revoke(id: string): Promise<Result<IntegrationClientSummary>> {
      const row = await prisma.integrationClient.findUnique({ where: { id } });
      if (!row) return fail(ErrorCode.NotFound, `No integration client ${id}.`, 'id');
      const updated = row.revokedAt ? row : await prisma.integrationClient.update({ where: { id }, data: { revokedAt: new Date() } });
      return ok(summary(updated));
    },

    async list(): Promise<IntegrationClientSummary[]> {
      return (await prisma.integrationClient.findMany({ orderBy: { createdAt: 'asc' } })).map(summary);
    },

    /** The client a bearer token belongs to, if it is of this kind and not revoked. */
    async authenticateToken(kind: IntegrationKind, token: string): Promise<IntegrationClientSummary | null> {
      if (!token.startsWith(`cf_${kind}_`)) return null;
      const row = await prisma.integrationClient.findUnique({ where: { secretHash: hashToken(token) } });
      if (!row || row.kind !== kind || row.revokedAt) return null;
      await touch(row.id, row.lastUsedAt);
      return summary(row);
    },

    /** HTTP Basic: the client id as user name, the secret as password, compared in constant time. */
    async authenticateBasic(kind: IntegrationKind, clientId: string, secret: string): Promise<IntegrationClientSummary | null> {
      const row = await prisma.integrationClient.findUnique({ where: { id: clientId } }).catch(() => null);
      if (!row || row.kind !== kind || row.revokedAt || !tokenMatchesHash(secret, row.secretHash)) return null;
      await touch(row.id, row.lastUsedAt);
      return summary(row);
    },
  };
}

export type IntegrationClientService = ReturnType<typeof createIntegrationClientService>;
