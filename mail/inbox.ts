import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { html, raw, type SafeHtml } from '../html/template.js';

// A local inbox for development and tests: an SMTP server that accepts everything and a small web page
// to read what arrived, so a person can click the approval link in the email the workflow sent.

export interface InboxMessage {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  links: string[];
  messageId: string | null;
  headers: { name: string; value: string }[];
}

export type InboxApiMessage = Pick<InboxMessage, 'id' | 'receivedAt' | 'from' | 'to' | 'subject' | 'text' | 'html' | 'links'>;

export interface InboxOptions {
  /** Ports: 0 picks a free one; the handle reports the actual ports. */
  smtpPort: number;
  httpPort: number;
  host?: string;
  /** When set, messages are kept in `<dir>/messages.jsonl` and survive restarts. */
  dir?: string;
  /** Errors from SMTP client connections, which do not stop the inbox. */
  onError?: (error: Error) => void;
}

export interface Inbox {
  smtpPort: number;
  httpPort: number;
  messages(): InboxMessage[];
  waitFor(predicate: (message: InboxMessage) => boolean, timeoutMs: number): Promise<InboxMessage>;
  clear(): Promise<void>;
  close(): Promise<void>;
}

const maxMessageBytes = 10 * 1024 * 1024;

/**
 * Received messages in arrival order, and waits for the first one to match: the inbox and the
 * benchmark's SMTP child share it. `add` stores a message and wakes the waits it satisfies.
 */
export function messageStore(initial: InboxMessage[] = []) {
  const store = initial;
  const waiters = new Set<(message: InboxMessage) => void>();
  return {
    store,
    add(message: InboxMessage): void {
      store.push(message);
      for (const notify of waiters) notify(message);
    },
    waitFor(predicate: (message: InboxMessage) => boolean, timeoutMs: number): Promise<InboxMessage> {
      const found = store.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = (message: InboxMessage) => {
          if (!predicate(message)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(message);
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`No matching message within ${timeoutMs} ms (${store.length} in the inbox)`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
  };
}

export async function startInbox(options: InboxOptions): Promise<Inbox> {
  const host = options.host ?? '127.0.0.1';
  const file = options.dir ? path.join(options.dir, 'messages.jsonl') : undefined;
  const messages = messageStore(file ? await load(file) : []);
  const { store } = messages;
  // File writes are chained so lines stay in arrival order and close() can wait for the last one.
  let writes: Promise<void> = Promise.resolve();
  const persist = (task: () => Promise<void>): Promise<void> => {
    const done = writes.then(task);
    // The caller sees a failed write; the chain must not, or every later write would fail with it.
    writes = done.catch(() => undefined);
    return done;
  };

  const accept = async (raw: Buffer, session: SMTPServerSession): Promise<void> => {
    const message = toInboxMessage(await simpleParser(raw), session);
    if (file) await persist(() => appendFile(file, `${JSON.stringify(message)}\n`, 'utf8'));
    messages.add(message);
  };

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxMessageBytes,
    banner: 'Certiflow development inbox',
    logger: false,
    closeTimeout: 2_000,
    onData(stream, session, callback) {
      readAll(stream)
        .then(async (raw) => {
          if (stream.sizeExceeded) {
            callback(Object.assign(new Error('Message exceeds the 10 MB limit'), { responseCode: 552 }));
            return;
          }
          await accept(raw, session);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  smtp.on('error', options.onError ?? ((error) => console.warn(`[inbox] SMTP: ${error.message}`)));

  // The list page names the SMTP port, known only once the server listens (port 0 picks one).
  const smtpPortRef = { value: 0 };
  const web = http.createServer((req, res) => respond(req, res, store, smtpPortRef));

  await listen((done) => smtp.listen(options.smtpPort, host, done), smtp);
  smtpPortRef.value = (smtp.server.address() as AddressInfo).port;
  try {
    await listen((done) => web.listen(options.httpPort, host, done), web);
  } catch (error) {
    await new Promise<void>((resolve) => smtp.close(resolve));
    throw error;
  }

  return {
    smtpPort: smtpPortRef.value,
    httpPort: (web.address() as AddressInfo).port,
    messages: () => [...store],
    waitFor: messages.waitFor,
    async clear() {
      store.length = 0;
      if (file) await persist(() => writeFile(file, '', 'utf8'));
    },
    async close() {
      web.closeAllConnections();
      await Promise.all([
        new Promise<void>((resolve) => smtp.close(resolve)),
        new Promise<void>((resolve, reject) => web.close((error) => (error ? reject(error) : resolve()))),
      ]);
      await writes;
    },
  };
}

function listen(start: (done: () => void) => void, emitter: NodeJS.EventEmitter): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    emitter.once('error', onError);
    start(() => {
      emitter.off('error', onError);
      resolve();
    });
  });
}

async function load(file: string): Promise<InboxMessage[]> {
  await mkdir(path.dirname(file), { recursive: true });
  const content = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const messages: InboxMessage[] = [];
  for (const [index, line] of content.split('\n').entries()) {
    if (!line.trim()) continue;
    try {
      messages.push(JSON.parse(line) as InboxMessage);
    } catch {
      // A crash mid-append leaves a partial last line; the rest of the inbox is still worth keeping.
      console.warn(`[inbox] skipped unreadable line ${index + 1} of ${file}`);
    }
  }
  return messages;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function toInboxMessage(mail: ParsedMail, session: SMTPServerSession): InboxMessage {
  const html = mail.html || '';
  const text = mail.text ?? '';
  // The envelope lists who the message was delivered to, Bcc included, unlike the To header.
  const to = session.envelope.rcptTo.map((rcpt) => rcpt.address);
  const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
  return {
    id: randomUUID(),
    receivedAt: new Date().toISOString(),
    from: addressText(mail.from) || envelopeFrom,
    to: to.length > 0 ? to : [addressText(mail.to)],
    subject: mail.subject ?? '',
    text,
    html,
    links: extractLinks(html, text),
    messageId: mail.messageId ?? null,
    headers: mail.headerLines.map(({ key, line }) => ({ name: key, value: line.slice(line.indexOf(':') + 1).trim() })),
  };
}

function addressText(address: AddressObject | AddressObject[] | undefined): string {
  if (!address) return '';
  // mailparser's `text` keeps the quotes nodemailer puts around names; show `Name <address>` instead.
  return (Array.isArray(address) ? address : [address])
    .flatMap((a) => a.value)
    .map((a) => (a.name ? `${a.name} <${a.address ?? ''}>` : (a.address ?? '')))
    .join(', ');
}

export function extractLinks(html: string, text: string): string[] {
  const fromHtml = [...html.matchAll(/\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)].map((m) => decodeEntities(m[1] ?? m[2] ?? ''));
  // Sentence punctuation right after a URL in prose is not part of it.
  const fromText = [...text.matchAll(/https?:\/\/[^\s<>"')\]]+/g)].map((m) => m[0].replace(/[.,;:!?]+$/, ''));
  return [...new Set([...fromHtml, ...fromText].filter((link) => /^https?:\/\//i.test(link)))];
}

const entities: Record<string, string> = { '&quot;': '"', '&#39;': "'", '&apos;': "'", '&lt;': '<', '&gt;': '>', '&amp;': '&' };
const decodeEntities = (value: string) => value.replace(/&(?:quot|#39|apos|lt|gt|amp);/g, (entity) => entities[entity] ?? entity);

function respond(req: http.IncomingMessage, res: http.ServerResponse, store: InboxMessage[], smtpPort: { value: number }) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('Method not allowed\n');
    return;
  }
  const { pathname } = new URL(req.url ?? '/', 'http://inbox.local');
  if (pathname === '/api/messages') {
    const body: InboxApiMessage[] = store.map(({ messageId: _id, headers: _headers, ...api }) => api);
    return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(body));
  }
  if (pathname === '/') return send(res, 200, 'text/html; charset=utf-8', listPage(store, smtpPort.value));
  const match = /^\/messages\/([^/]+)$/.exec(pathname);
  const message = match ? store.find((m) => m.id === decodeURIComponent(match[1] ?? '')) : undefined;
  if (message) return send(res, 200, 'text/html; charset=utf-8', messagePage(message));
  send(res, 404, 'text/html; charset=utf-8', page('Not found', html`<h1>Not found</h1><p><a href="/">Back to the inbox</a></p>`));
}

function send(res: http.ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, {
    'Content-Type': contentType,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

const styles = [
  'body{margin:0;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2328;background:#f6f8fa;line-height:1.5}',
  'main{max-width:1000px;margin:0 auto;padding:24px} h1{font-size:1.5rem;margin:0 0 16px} h2{font-size:1.1rem;margin:24px 0 8px}',
  'a{color:#0550ae} a:focus-visible{outline:3px solid #0969da;outline-offset:2px} .muted{color:#57606a}',
  'table{width:100%;border-collapse:collapse;background:#fff;border:1px solid #d0d7de} caption{text-align:left;padding:8px 0;color:#57606a}',
  'th,td{text-align:left;padding:8px 12px;border-bottom:1px solid #d0d7de;vertical-align:top} th{background:#f0f3f6;font-weight:600}',
  'dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;background:#fff;border:1px solid #d0d7de;padding:12px 16px;margin:0}',
  'dt{font-weight:600} dd{margin:0;word-break:break-all} iframe{width:100%;height:480px;border:1px solid #d0d7de;background:#fff}',
  'pre{white-space:pre-wrap;word-break:break-word;background:#fff;border:1px solid #d0d7de;padding:12px 16px;margin:0}',
].join('\n');

function page(title: string, body: SafeHtml): string {
  // The stylesheet is this module's constant: the one part written in as it is.
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Certiflow inbox</title><style>${raw(styles)}</style></head>
<body><main>${body}</main></body></html>`.value;
}

function listPage(store: InboxMessage[], smtpPort: number): string {
  const rows = [...store].reverse().map(
    (m) => html`<tr>
<td><time datetime="${m.receivedAt}">${displayTime(m.receivedAt)}</time></td>
<td>${m.from}</td>
<td>${m.to.join(', ')}</td>
<td><a href="/messages/${encodeURIComponent(m.id)}">${m.subject || '(no subject)'}</a></td>
</tr>
`,
  );
  const content =
    store.length === 0
      ? html`<p>No messages yet. Mail sent to SMTP port ${smtpPort} on this machine appears here.</p>`
      : html`<table>
<caption>${store.length} message${store.length === 1 ? '' : 's'}, newest first</caption>
<thead><tr><th scope="col">Received (UTC)</th><th scope="col">From</th><th scope="col">To</th><th scope="col">Subject</th></tr></thead>
<tbody>${rows}</tbody></table>`;
  return page('Inbox', html`<h1>Certiflow inbox</h1><p><a href="/">Refresh</a></p>${content}`);
}

function messagePage(m: InboxMessage): string {
  // No allow-scripts: the email cannot run code. Links open in a new, unsandboxed tab so pages such as
  // the approval confirmation work normally. The email's own markup goes into srcdoc as an attribute
  // value, escaped like any other text.
  const srcdoc = m.html ? `<base target="_blank">${m.html}` : '';
  const fields: [string, string][] = [
    ['From', m.from],
    ['To', m.to.join(', ')],
    ['Received', `${displayTime(m.receivedAt)} UTC`],
    ['Message-ID', m.messageId ?? ''],
  ];
  const links = m.links.map((link) => html`<li><a href="${link}" target="_blank" rel="noopener noreferrer">${link}</a></li>`);
  const headerRows = m.headers.map((h) => html`<dt>${h.name}</dt><dd>${h.value}</dd>`);
  return page(
    m.subject || '(no subject)',
    html`<p><a href="/">← Back to the inbox</a></p>
<h1>${m.subject || '(no subject)'}</h1>
<dl>${fields.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
<h2>HTML body</h2>
${
  srcdoc
    ? html`<iframe title="HTML body of the message" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${srcdoc}"></iframe>`
    : html`<p class="muted">This message has no HTML body.</p>`
}
<h2>Text body</h2>
${m.text ? html`<pre>${m.text}</pre>` : html`<p class="muted">This message has no text body.</p>`}
<h2>Links</h2>
${links.length ? html`<ul>${links}</ul>` : html`<p class="muted">No links.</p>`}
<details><summary>All headers</summary><dl>${headerRows}</dl></details>`,
  );
}

function displayTime(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$/, '');
}
