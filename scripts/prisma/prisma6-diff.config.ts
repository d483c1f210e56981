import path from 'node:path';

// Prisma 6.19.3 (npm alias `prisma6`) only for `migrate diff`: its WebAssembly schema engine runs offline,
// Prisma 7's CLI needs a native schema-engine binary it cannot download here.
process.env.DATABASE_URL ??= 'postgresql://localhost:5432/certiflow';

export default {
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  async adapter() {
    const { PrismaPGlite } = await import('pglite-prisma-adapter');
    const { PGlite } = await import('@electric-sql/pglite');
    return new PrismaPGlite(new PGlite()) as never;
  },
};
