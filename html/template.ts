// HTML is built with a tagged template that escapes every interpolated value unless it is already
// markup made by this tag. Pages never concatenate strings by hand, so user text cannot become markup.

const SAFE = Symbol('safe-html');

export interface SafeHtml {
  readonly [SAFE]: true;
  readonly value: string;
}

type Part = SafeHtml | string | number | boolean | null | undefined | readonly Part[];

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for an element's content and for a quoted attribute value alike. */
export function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const isSafe = (part: unknown): part is SafeHtml => typeof part === 'object' && part !== null && SAFE in part;

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (Array.isArray(part)) return part.map(render).join('');
  if (isSafe(part)) return part.value;
  return escapeText(String(part));
}

export function html(strings: TemplateStringsArray, ...parts: Part[]): SafeHtml {
  let value = strings[0] ?? '';
  parts.forEach((part, i) => {
    value += render(part) + (strings[i + 1] ?? '');
  });
  return { [SAFE]: true, value };
}

/** Markup from a trusted source (e.g. an SVG chart built by this module's tag). */
export function raw(value: string): SafeHtml {
  return { [SAFE]: true, value };
}

export const join = (parts: readonly SafeHtml[], separator = ''): SafeHtml => raw(parts.map((p) => p.value).join(separator));
