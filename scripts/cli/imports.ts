import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { apiCaller, apiToken, viaApi } from './api.js';
import { ExitCode, type Io } from './io.js';

// `certiflow import people|courses|certifications <file> [--mapping m.json] [--dry-run]`: an HRIS or LMS
// export through the API, all or nothing. Prints the summary, then every problem as file:row:column.
// Exit 0 when applied (or a clean dry run), 1 when the file was rejected.

export interface ImportOptions {
  mapping?: string;
  dryRun?: boolean;
  json?: boolean;
  apiUrl?: string;
}

interface ImportResult {
  applied: boolean;
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  problems: { row: number; column: string | null; message: string }[];
}

const IMPORT = `mutation Import($input: ImportInput!) { importRecords(input: $input) {
  __typename
  ... on MutationImportRecordsSuccess { data { applied dryRun rows created updated unchanged rejected problems { row column message } } }
  ... on CertiflowError { code message path }
} }`;

async function readOrSay(file: string, io: Io): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (error) {
    io.err(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    return null;
  }
}

export async function importCommand(kind: string, file: string, options: ImportOptions, io: Io, env = process.env): Promise<number> {
  const token = apiToken(io, env, "an HR person's or admin's", 'hana');
  if (!token) return ExitCode.Usage;
  const content = await readOrSay(file, io);
  const mapping = options.mapping ? await readOrSay(options.mapping, io) : undefined;
  if (!content || mapping === null) return ExitCode.Failed;
  const call = apiCaller(options.apiUrl ?? env.CERTIFLOW_API_URL, token);
  return viaApi(io, async () => {
    const input = { kind: kind.toUpperCase(), fileName: path.basename(file), contentBase64: content.toString('base64'), mapping: mapping?.toString('utf8') ?? null, dryRun: !!options.dryRun };
    const answer = ((await call(IMPORT, { input })) as { importRecords: { data?: ImportResult; code?: string; message?: string; path?: string } }).importRecords;
    if (!answer.data) {
      io.err(`${answer.code ?? 'ERROR'}${answer.path ? ` (${answer.path})` : ''}: ${answer.message ?? 'refused'}`);
      return ExitCode.Failed;
    }
    const result = answer.data;
    if (options.json) io.out(JSON.stringify(result, null, 2));
    else {
      for (const p of result.problems) io.err(`${p.row === 0 ? options.mapping : file}:${p.row}${p.column ? `:${p.column}` : ''}: ${p.message}`);
      const counts = `${result.rows} row(s): ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged, ${result.rejected} rejected`;
      const what = result.problems.length ? 'Rejected, nothing applied' : result.dryRun ? 'Dry run, nothing applied' : 'Applied';
      io.out(`${what}. ${counts}.`);
    }
    return result.problems.length ? ExitCode.Failed : ExitCode.Ok;
  });
}
