import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { DocumentProblem } from '../rules/schema-errors.js';

// Program documents are written in YAML or JSON (JSON is YAML 1.2, so one parser reads both) and every
// problem is reported at a line as well as a JSON path. Parsing keeps the node positions for that.

export interface ParsedText {
  value: unknown;
  /** The 1-based line of the value at a JSON path ("$.pathways[0].rubric"), or of its nearest ancestor. */
  lineOf(path: string): number | undefined;
}

export type ParseResult = { ok: true; parsed: ParsedText } | { ok: false; problems: DocumentProblem[] };

/** Larger than any program; a bigger text is refused before parsing. */
export const MAX_DOCUMENT_CHARS = 1_000_000;

export function parseProgramText(text: string): ParseResult {
  if (text.length > MAX_DOCUMENT_CHARS) {
    return { ok: false, problems: [{ path: '$', line: 1, message: `is ${text.length} characters; a program document is at most ${MAX_DOCUMENT_CHARS}` }] };
  }
  const lines = new LineCounter();
  // uniqueKeys: a repeated key would silently drop one of its values (toJS below bounds alias expansion).
  const document = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => ({
        path: '$',
        line: error.linePos?.[0].line,
        message: `is not valid YAML or JSON: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
      })),
    };
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { ok: false, problems: [{ path: '$', line: 1, message: `cannot be read: ${(error as Error).message}` }] };
  }
  const lineOf = (path: string): number | undefined => {
    const segments = pathSegments(path);
    // A missing property is reported at its parent, the place where it must be added.
    for (let n = segments.length; n >= 0; n--) {
      const node = n === 0 ? document.contents : document.getIn(segments.slice(0, n), true);
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return undefined;
  };
  return { ok: true, parsed: { value, lineOf } };
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && 'range' in value && (isMap(value) || isSeq(value) || 'value' in value);
}

/** "$.a.b[0][\"x-y\"]" → ["a", "b", 0, "x-y"]. */
export function pathSegments(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  const pattern = /\.([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (const match of path.slice(1).matchAll(pattern)) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[3] !== undefined) segments.push(JSON.parse(match[3]) as string);
  }
  return segments;
}
