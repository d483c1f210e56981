import path from 'node:path';
import type { PrismaConfig } from 'prisma';

// The CLI insists on a datasource URL even though the JS engine never dials it.
process.env.DATABASE_URL ??= 'postgresql://localhost:5432/certiflow';

// Prisma CLI runs offline on the JS engine; migrations are applied by scripts/migrate.ts to both PGlite and PostgreSQL.
export default {
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  async adapter() {
    const { PrismaPGlite } = await import('pglite-prisma-adapter');
    const { PGlite } = await import('@electric-sql/pglite');
    // Nominal type mismatch only: the adapter pins an older @prisma/driver-adapter-utils (see prisma/client.ts).
    return new PrismaPGlite(new PGlite()) as never;
  },
} satisfies PrismaConfig;
