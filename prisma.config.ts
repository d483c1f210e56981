import path from 'node:path';
import { defineConfig } from 'prisma/config';

// Prisma 7: the datasource URL lives here (not in schema.prisma); only migrate/introspect commands use it.
// Migrations are applied by prisma/migrate.ts to both PGlite and PostgreSQL.
export default defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/certiflow' },
});
