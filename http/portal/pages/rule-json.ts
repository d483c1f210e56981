import { childPath } from '../../../rules/rule-set.js';

// The rule editor's text: parsed as JSON with a syntax error placed on its line and column, and each
// problem the API reports at a JSON path ($.rules[0].conditions.all[1].fact) placed on the line of that
// value in the admin's own text (or of its nearest enclosing value when the path names something missing).

export interface Problem {
  path: string;
  message: string;
  suggestion?: string | null;
  /** 1-based line in the submitted text, when it can be found. */
  line?: number;
}

export type Parsed = { ok: true; value: unknown } | { ok: false; problem: Problem };

class SyntaxProblem extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/**
 * Reads JSON strictly (as JSON.parse does), recording the line where each value starts by its JSON path,
 * and throws a SyntaxProblem at the first mistake. Written out because JSON.parse's messages in Node 20
 * give no position for most mistakes.
 */
function scan(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) if (text[i++] === '\n') line++;
  };
  const shown = (c: string | undefined) => (c === undefined ? 'the end of the text' : `"${c}"`);
  const expect = (c: string, what: string) => {
    if (text[i] !== c) throw new SyntaxProblem(i, `expected ${what} but found ${shown(text[i])}`);
    i++;
  };
  const string = (): string => {
    const start = i;
    expect('"', 'a string in double quotes');
    while (text[i] !== '"') {
      const c = text[i];
      if (c === undefined || c === '\n') throw new SyntaxProblem(start, 'a string is not closed with a double quote on its line');
      if (c < ' ') throw new SyntaxProblem(i, 'a string contains a control character; write it as an escape such as \\t');
      if (c === '\\') {
        ESCAPE.lastIndex = i;
        if (!ESCAPE.test(text)) throw new SyntaxProblem(i, 'invalid escape in a string');
        i = ESCAPE.lastIndex;
      } else i++;
    }
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string, at: number): void => {
    ws();
    lines.set(path, at);
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        const keyLine = line;
        if (text[i] !== '"') throw new SyntaxProblem(i, `expected a property name in double quotes but found ${shown(text[i])}`);
        const key = string();
        ws();
        expect(':', 'a colon after the property name');
        ws();
        value(childPath(path, key), keyLine);
        ws();
        if (text[i] === '}') return void i++;
        const comma = i;
        expect(',', 'a comma or "}" after the value');
        ws();
        if (text[i] === '}') throw new SyntaxProblem(comma, 'a comma before "}" (JSON allows no trailing comma)');
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (let n = 0; ; n++) {
        ws();
        value(childPath(path, n), line);
        ws();
        if (text[i] === ']') return void i++;
        const comma = i;
        expect(',', 'a comma or "]" after the value');
        ws();
        if (text[i] === ']') throw new SyntaxProblem(comma, 'a comma before "]" (JSON allows no trailing comma)');
      }
    }
    if (c === '"') return void string();
    const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i));
    if (literal) {
      i += literal.length;
      return;
    }
    NUMBER.lastIndex = i;
    if (c !== undefined && NUMBER.test(text)) {
      i = NUMBER.lastIndex;
      return;
    }
    throw new SyntaxProblem(i, c === undefined ? 'the text ends where a value was expected' : `unexpected ${shown(c)}: a value must be an object, array, string in double quotes, number, true, false or null`);
  };
  ws();
  value('$', line);
  ws();
  if (i < text.length) throw new SyntaxProblem(i, `unexpected ${shown(text[i])} after the end of the JSON value`);
  return lines;
}

export function parseRuleText(text: string): Parsed {
  if (!text.trim()) return { ok: false, problem: { path: '$', message: 'is empty: write or paste the rule-set JSON', line: 1 } };
  try {
    scan(text);
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    if (!(error instanceof SyntaxProblem)) return { ok: false, problem: { path: '$', message: `is not valid JSON: ${(error as Error).message}` } };
    const before = text.slice(0, error.offset).split('\n');
    const column = (before.at(-1)?.length ?? 0) + 1;
    return { ok: false, problem: { path: '$', message: `is not valid JSON: ${error.message} (column ${column})`, line: before.length } };
  }
}

/** The path without its last step: `$.rules[0].name` → `$.rules[0]`; `$` stays `$`. */
function parentPath(path: string): string {
  const cut = /(\.[A-Za-z_$][A-Za-z0-9_$]*|\[(?:\d+|"(?:[^"\\]|\\.)*")\])$/.exec(path);
  return cut ? path.slice(0, -cut[0].length) || '$' : '$';
}

/** Adds the line of each problem's value (or of the nearest value around it) in the text. */
export function locateProblems(text: string, problems: readonly Problem[]): Problem[] {
  let lines: Map<string, number>;
  try {
    lines = scan(text);
  } catch {
    return [...problems];
  }
  return problems.map((problem) => {
    if (problem.line) return problem;
    let path = problem.path;
    while (!lines.has(path) && path !== '$') path = parentPath(path);
    const line = lines.get(path);
    return line ? { ...problem, line } : problem;
  });
}

// The database keeps JSON without its key order (jsonb), so a stored rule set is shown in the order people
// write rule files (rules/sets/*.json): envelope first, then each condition's fact, operator and value.
const KEY_ORDER = ['$schema', 'id', 'programId', 'kind', 'type', 'version', 'name', 'fact', 'operator', 'value', 'path', 'params', 'priority', 'description', 'effectiveDate', 'reviewPeriod', 'conditions', 'all', 'any', 'not', 'condition', 'rules', 'event'];
const rank = (key: string): number => {
  const i = KEY_ORDER.indexOf(key);
  return i < 0 ? KEY_ORDER.length : i;
};

function ordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ordered);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).sort(([a], [b]) => rank(a) - rank(b));
  return Object.fromEntries(entries.map(([k, v]) => [k, ordered(v)]));
}

/** The text an editor starts from: pretty JSON, two spaces, keys in the usual order of rule files. */
export const prettyJson = (value: unknown): string => `${JSON.stringify(ordered(value), null, 2)}\n`;
