import type { Prisma } from '../prisma/client.js';

// Self-reported demographics of the demo people, for the adverse-impact audit only. Invented values,
// spread so the audit has something to show; people who chose not to say have no row or null fields.

type Demographics = { gender: string | null; ethnicity: string | null; ageBand: string | null; disability: string | null };

export const demoDemographics: Record<string, Demographics> = {
  alex: { gender: 'man', ethnicity: 'asian', ageBand: '25-34', disability: 'no' },
  jordan: { gender: 'non-binary', ethnicity: 'white', ageBand: '25-34', disability: 'no' },
  sam: { gender: 'man', ethnicity: 'asian', ageBand: '18-24', disability: 'yes' },
  maya: { gender: 'woman', ethnicity: 'asian', ageBand: '35-44', disability: 'no' },
  omar: { gender: 'man', ethnicity: 'middle eastern', ageBand: '45-54', disability: null },
  priya: { gender: 'woman', ethnicity: 'asian', ageBand: '35-44', disability: 'no' },
  tom: { gender: 'man', ethnicity: 'white', ageBand: '35-44', disability: 'no' },
  hana: { gender: 'woman', ethnicity: 'hispanic', ageBand: '35-44', disability: 'no' },
};

/** Idempotent, like the rest of the seed: existing rows are left as they are. */
export async function seedDemographics(tx: Prisma.TransactionClient): Promise<void> {
  for (const [personId, data] of Object.entries(demoDemographics)) {
    await tx.personDemographics.upsert({ where: { personId }, create: { personId, ...data, source: 'self' }, update: {} });
  }
}
