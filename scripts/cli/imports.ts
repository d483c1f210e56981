import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { apiToken, fetchApi, viaApi } from './api.js';
import { ExitCode, type Io } from './io.js';

// `certiflow import people|courses|certifications <file> [--mapping m.json] [--dry-run]`: an HRIS or LMS
// export through the API's POST /imports/:kind (any size a GraphQL request could not carry), all or nothing. Prints the summary, then every problem as file:row:column.
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
  return viaApi(io, async () => {
    const url = new URL(`/imports/${kind}`, options.apiUrl ?? env.CERTIFLOW_API_URL ?? 'http://localhost:4000');
    if (options.dryRun) url.searchParams.set('dryRun', 'true');
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'x-file-name': encodeURIComponent(path.basename(file)) };
    if (mapping) headers['x-import-mapping'] = encodeURIComponent(mapping.toString('utf8'));
    const response = await fetchApi(url, { method: 'POST', headers, body: new Uint8Array(content) });
    const answer = (await response.json().catch(() => null)) as (ImportResult & { error?: undefined }) | { error: { code: string; message: string } } | null;
    if (!answer || answer.error) {
      io.err(answer?.error ? `${answer.error.code}: ${answer.error.message}` : `${url} answered HTTP ${response.status}.`);
      return ExitCode.Failed;
    }
    const result = answer;
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
