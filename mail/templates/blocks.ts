import { ANONYMOUS_CANDIDATE_LABEL } from '../../domain/anonymity.js';
import { z } from 'zod';

// What every template module shares. Templates describe content as plain strings in blocks; only
// `layout` produces HTML, and it escapes every string, so no template can inject markup whatever the
// parameters hold.

export const isoDateTime = z.iso.datetime({ offset: true });
export const text = z.string().min(1);
/** A whole number of at least `min` (counts, attempts, days). */
export const wholeNumber = (min: number) => z.number().int().min(min);

export interface RenderContext {
  publicUrl: string;
  approvalLinkSecret: string;
}

export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'quote'; text: string }
  | { kind: 'action'; label: string; href: string };

export interface Content {
  subject: string;
  greeting: string;
  blocks: Block[];
}

/** A template module's renderers, one per template, each typed by that template's param schema. */
export type Renderers<S extends Record<string, z.ZodType>> = {
  [K in keyof S]: (params: z.output<S[K]>, ctx: RenderContext) => Content;
};

export const paragraph = (text: string): Block => ({ kind: 'paragraph', text });
export const list = (items: string[]): Block => ({ kind: 'list', items });

/** A label followed by the quoted text, or nothing at all when the free text is blank. */
export function quoted(label: string, value: string | undefined): Block[] {
  return value?.trim() ? [paragraph(label), { kind: 'quote', text: value }] : [];
}

/**
 * Where to find the journey. Not by its id for an anonymised assessment's judges: the id names the
 * candidate (domain/workflow-ids.ts); the portal lists the work under Assessments by an alias instead.
 */
export const journeyReference = (p: { journeyId: string; candidateName: string }): Block =>
  p.candidateName === ANONYMOUS_CANDIDATE_LABEL ? paragraph('You will find it under Assessments in Certiflow.') : paragraph(`Journey reference: ${p.journeyId}`);
