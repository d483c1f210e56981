import { html, type SafeHtml } from '../../html/template.js';
import type { Block, Content } from './blocks.js';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** The one layout every email shares: a plain-text part and an HTML part built from the same blocks. */
export function layout(content: Content): RenderedEmail {
  // A header value cannot span lines; names typed with stray newlines must not break the subject.
  const subject = content.subject.replace(/\s+/g, ' ').trim();
  const text = [content.greeting, ...content.blocks.map(blockText), '-- \nCertiflow'].join('\n\n');
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="margin:0;padding:24px;background:#f5f6f8;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2328;line-height:1.5">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">
<p style="margin:0 0 16px">${content.greeting}</p>
${content.blocks.map(blockHtml)}
<p style="margin:24px 0 0;font-size:13px;color:#555">Certiflow</p>
</div></body></html>`;
  return { subject, text, html: page.value };
}

function blockText(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return block.text;
    case 'list':
      return block.items.map((item) => `- ${item}`).join('\n');
    case 'quote':
      return block.text
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n');
    case 'action':
      return `${block.label}:\n${block.href}`;
  }
}

function blockHtml(block: Block): SafeHtml {
  switch (block.kind) {
    case 'paragraph':
      return html`<p style="margin:0 0 16px">${block.text}</p>`;
    case 'list':
      return html`<ul style="margin:0 0 16px;padding-left:20px">${block.items.map((item) => html`<li>${item}</li>`)}</ul>`;
    case 'quote':
      return html`<blockquote style="margin:0 0 16px;padding:8px 12px;border-left:4px solid #c7cdd4;white-space:pre-wrap">${block.text}</blockquote>`;
    case 'action':
      return html`<p style="margin:0 0 16px"><a href="${block.href}" style="display:inline-block;padding:10px 18px;background:#1d4ed8;color:#ffffff;border-radius:6px;text-decoration:none;font-weight:600">${block.label}</a></p>
<p style="margin:0 0 16px;font-size:13px;color:#555">If the button does not work, copy this address into your browser:<br><span style="word-break:break-all">${block.href}</span></p>`;
  }
}
