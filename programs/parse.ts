import { isMap, isNode, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { DocumentProblem } from '../rules/schema-errors.js';

// Program documents are written in YAML or JSON (JSON is YAML 1.2, so one parser reads both) and every
// problem is reported at a line as well as a JSON path. Parsing keeps the node positions for that.

export interface ParsedText {
  value: unknown;
  /** The 1-based line of the property at a JSON path ("$.pathways[0].rubric"), or of its nearest ancestor. */
  lineOf(path: string): number;
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
  /** The node at `segments`: a property is found by its key (a YAML key may be a number, `5: Mastery`). */
  const nodeAt = (segments: (string | number)[]): Node | null => {
    let node: unknown = document.contents;
    for (const segment of segments) {
      if (isMap(node)) node = node.items.find((pair) => String(isScalar(pair.key) ? pair.key.value : pair.key) === String(segment))?.value ?? null;
      else if (isSeq(node) && typeof segment === 'number') node = node.items[segment] ?? null;
      else return null;
    }
    return isNode(node) ? node : null;
  };
  const lineOf = (path: string): number => {
    const segments = pathSegments(path);
    // A property is reported at its key, where the author wrote it; a missing one at its parent.
    for (let n = segments.length; n > 0; n--) {
      const parent = nodeAt(segments.slice(0, n - 1));
      const last = segments[n - 1]!;
      const pair = isMap(parent) ? parent.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(last)) : undefined;
      const key = pair && isScalar(pair.key) ? pair.key : undefined;
      if (key?.range) return lines.linePos(key.range[0]).line;
      const node = nodeAt(segments.slice(0, n));
      if (node?.range) return lines.linePos(node.range[0]).line;
    }
    const root = document.contents;
    return isNode(root) && root.range ? lines.linePos(root.range[0]).line : 1;
  };
  return { ok: true, parsed: { value, lineOf } };
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
