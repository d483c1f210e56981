import { Prisma } from '../generated/prisma/client.js';

// Values for the few statements written in SQL rather than through the client (one round trip where
// the client would need several), typed as the columns Prisma made, so they store what Prisma would.

/** A `DateTime` column is `timestamp(3)` without time zone holding UTC wall time, whatever the session's zone. */
export const utcTimestamp = (iso: string) => Prisma.sql`(${iso}::timestamptz AT TIME ZONE 'UTC')`;

/** A `Json` column (jsonb). */
export const jsonb = (value: unknown) => Prisma.sql`${JSON.stringify(value)}::jsonb`;
