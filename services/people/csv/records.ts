import { parse } from 'csv-parse/sync';
import type { CsvProblem } from './mapping.js';

// The file's bytes as records with the line each starts on: encoding and BOM, the delimiter, quoting
// problems named by line. Parsing is csv-parse's; the line numbers are ours (see readRecords).

// --- Reading records: BOM, encoding, delimiter and line numbers ------------------------------------

interface RawRecord {
  line: number;
  fields: string[];
}

export function decode(input: string | Buffer, problems: CsvProblem[]): string {
  let text: string;
  if (typeof input === 'string') text = input;
  else if (input[0] === 0xff && input[1] === 0xfe) text = input.subarray(2).toString('utf16le'); // Excel "Unicode text"
  else {
    text = input.toString('utf8');
    // U+FFFD that is not in the bytes themselves: the export is in another encoding (often Windows-1252).
    const bad = text.indexOf('\uFFFD');
    if (bad >= 0 && !input.includes(Buffer.from('\uFFFD'))) {
      const line = text.slice(0, bad).split(/\r\n|\r|\n/).length;
      problems.push({ row: line, message: 'the file is not UTF-8 (first bad character on this line): export it as UTF-8' });
    }
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The delimiter used most, outside quotes, on the header line. */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch as keyof typeof counts] += 1;
  }
  return counts[';'] > counts[','] && counts[';'] >= counts['\t'] ? ';' : counts['\t'] > counts[','] ? '\t' : ',';
}

const breaks = (s: string) => s.match(/\r\n|\r|\n/g)?.length ?? 0;

const CSV_ERRORS: Record<string, string> = {
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted field: quote the whole field ("…") and double the quotes inside it',
  CSV_INVALID_CLOSING_QUOTE: 'text after a closing quote: a quoted field must end right after its closing quote; double quotes inside it ("")',
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed: the rest of the file was read as one field',
};

/**
 * Records with the line each starts on. csv-parse's own `info.lines` counts a CRLF inside a quoted
 * field as two lines, so lines are counted here from its byte offsets instead.
 */
export function readRecords(text: string, delimiter: string, problems: CsvProblem[]): RawRecord[] {
  const buf = Buffer.from(text, 'utf8');
  const lineStarts = [0];
  for (let i = 0; i < buf.length; i += 1) {
    if (buf[i] === 0x0a || (buf[i] === 0x0d && buf[i + 1] !== 0x0a)) lineStarts.push(i + 1);
  }
  const lineAt = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const records: RawRecord[] = [];
  let broken = false; // after a quoting error the parser's idea of where fields end is unreliable
  const reported = new Set<number>();
  let overcount = 0; // how far csv-parse's line count has drifted, to correct the lines in its errors
  parse(buf, {
    delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      if (broken || !error) return undefined;
      const row = (error as unknown as { lines: number }).lines - overcount;
      const message = CSV_ERRORS[error.code] ?? error.message;
      if (reported.has(row)) return undefined; // one problem per line, however many quotes it has
      reported.add(row);
      problems.push({ row, message: `malformed CSV: ${message}` });
      if (error.code !== 'INVALID_OPENING_QUOTE') {
        broken = true;
        problems.push({ row, message: 'rows after this line were not checked: fix the quoting and import again' });
      }
      return undefined;
    },
    on_record: (fields: string[], context) => {
      if (broken) return null;
      let end = context.bytes;
      if (buf[end - 1] === 0x0a) end -= 1;
      if (buf[end - 1] === 0x0d) end -= 1;
      const endLine = lineAt(Math.max(end - 1, 0));
      overcount = context.lines - endLine;
      records.push({ line: endLine - fields.reduce((n, field) => n + breaks(field), 0), fields });
      return null;
    },
  });
  return records;
}
