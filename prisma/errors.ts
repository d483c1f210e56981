// What the database said, in the terms callers decide on: the driver adapters report the same
// PostgreSQL error differently (@prisma/adapter-pg as P2002, PGlite's adapter with 23505 in `cause`).

/** A unique constraint refused the write: someone else wrote the same key first. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; cause?: { kind?: unknown; code?: unknown } } | null;
  return e?.code === 'P2002' || e?.cause?.code === '23505' || e?.cause?.kind === 'UniqueConstraintViolation';
}
