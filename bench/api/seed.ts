import type { PrismaClient } from '../../prisma/client.js';

// 100,000 journeys in seconds: one INSERT … SELECT over generate_series per table, matching
// prisma/schema.prisma (Journey and the relations it requires: a candidate Person each, the demo program,
// its pathways and cohorts, which seedDemoData has inserted). Stages, pathways, departments and
// enrolment dates are spread deterministically by number, so every run queries the same data, and
// growing from 10,000 to 100,000 journeys adds numbers 10,001 to 100,000: the first 10,000 are the same.

const PROGRAM_ID = 'cloud-architecture-practitioner';

// Weighted: most journeys are certified or in progress, few at the rare stages.
const STAGES = [
  'certified', 'certified', 'certified', 'certified', 'awaiting_submission', 'awaiting_submission', 'awaiting_assessment',
  'awaiting_manager_approval', 'recertification_due', 'withdrawn', 'not_passed', 'lapsed', 'ineligible', 'in_moderation',
  'appeal_window', 'declined',
];

const sqlArray = (values: string[]) => `ARRAY[${values.map((v) => `'${v}'`).join(', ')}]`;

/** Journeys (and their candidates) numbered `from` to `to`, inclusive. */
export async function seedJourneys(prisma: PrismaClient, to: number, from = 1): Promise<void> {
  await prisma.$executeRawUnsafe(`
    INSERT INTO "Person" ("id", "email", "name", "department", "title", "roles", "managerId", "hiredAt")
    SELECT 'load-' || g, 'load-' || g || '@example.com', 'Load Candidate ' || g,
           (${sqlArray(['Engineering', 'Platform', 'Data', 'Security', 'Infrastructure'])})[1 + g % 5],
           'Engineer', ARRAY['candidate'], NULL, TIMESTAMP '2020-01-01' + (g % 2000) * INTERVAL '1 day'
    FROM generate_series(${from}, ${to}) AS g`);
  await prisma.$executeRawUnsafe(`
    INSERT INTO "Journey" ("id", "programId", "pathwayId", "candidateId", "stage", "cycle", "ruleSetId",
                           "enrolledAt", "updatedAt", "cohortId", "lastEventSeq")
    SELECT 'journey:${PROGRAM_ID}:load-' || g, '${PROGRAM_ID}',
           (${sqlArray(['cap-portfolio', 'cap-coursework', 'cap-live-demo'])})[1 + g % 3], 'load-' || g,
           (${sqlArray(STAGES)})[1 + (g::bigint * 7919) % ${STAGES.length}], 1, '${PROGRAM_ID}.eligibility@1',
           TIMESTAMP '2024-01-01' + ((g::bigint * 104729) % 1000000) * INTERVAL '1 minute',
           TIMESTAMP '2024-01-01' + ((g::bigint * 104729) % 1000000 + 600) * INTERVAL '1 minute',
           CASE WHEN g % 4 = 0 THEN 'cap-2026-pilot' WHEN g % 4 = 1 THEN 'cap-2027-q1' ELSE NULL END, 5
    FROM generate_series(${from}, ${to}) AS g`);
  // As autovacuum would after a bulk load; PGlite has none, so both databases are analysed by hand.
  await prisma.$executeRawUnsafe('ANALYZE "Person"');
  await prisma.$executeRawUnsafe('ANALYZE "Journey"');
}

/** The HR list both ways: which stages are asked for, and how the page is ordered. */
export const LIST_FILTER = { programId: PROGRAM_ID, stages: ['awaiting_submission', 'awaiting_assessment'] };
