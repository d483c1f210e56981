import type { PrismaClient } from '../prisma/client.js';

/**
 * A transaction-scoped PostgreSQL advisory lock on an upload key (`file:<sha256>`, `quota:<person>`),
 * shared by every process on the database and released at commit or rollback. An upload holds the
 * file's lock while it moves the file into place and records it; the sweeper holds it while it deletes.
 */
export async function lockUpload(db: Pick<PrismaClient, '$executeRaw'>, key: string): Promise<void> {
  // $executeRaw, not $queryRaw: the lock function returns void, which the client cannot read as a column.
  await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`certiflow-upload:${key}`}))`;
}
