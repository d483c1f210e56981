import { readFile } from 'node:fs/promises';
import type { RuleSetError, RuleSetFile } from '../../rules/validate.js';
import { formatRuleSetErrors, validateRuleSet } from '../../rules/validate.js';

// What every CLI command shares: exit codes, output, and reading a rule-set file into either the checked
// rule set or its problems (an unreadable file or bad JSON is a problem at "$" like any other).

export const ExitCode = { Ok: 0, Failed: 1, Usage: 2 } as const;

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const stdio: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

export type RuleFile = { ok: true; json: unknown; value: RuleSetFile } | { ok: false; errors: RuleSetError[] };

export async function readRuleFile(file: string): Promise<RuleFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false, errors: [{ path: '$', message: `cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [{ path: '$', message: `is not valid JSON: ${(error as Error).message}` }] };
  }
  const checked = validateRuleSet(json);
  return checked.ok ? { ok: true, json, value: checked.value } : checked;
}

/** `file: N problems` and one indented `path: message (suggestion)` line per problem. */
export function reportProblems(io: Io, file: string, errors: RuleSetError[]): void {
  io.out(`${file}: ${errors.length} problem${errors.length === 1 ? '' : 's'}`);
  for (const line of formatRuleSetErrors(errors).split('\n')) io.out(`  ${line}`);
}
