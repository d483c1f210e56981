import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Inbox, type InboxApiMessage, startInbox } from '../../mail/inbox.js';
import { createSmtpTransport } from '../../mail/transport.js';
import { startSmtpCatcher } from '../harness/smtp.js';

const open: Inbox[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((inbox) => inbox.close()));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function sendTo(inbox: Inbox, subject: string, html: string, text: string) {
  const transport = createSmtpTransport({ SMTP_HOST: '127.0.0.1', SMTP_PORT: inbox.smtpPort, SMTP_SECURE: 'false' });
  try {
    await transport.sendMail({ from: 'Certiflow <certiflow@localhost>', to: 'maria@example.com', subject, html, text });
  } finally {
    // Pooled: an open connection would hold the inbox's close for its 2 s grace.
    transport.close();
  }
}

const get = (inbox: Inbox, pathname: string) => fetch(`http://127.0.0.1:${inbox.httpPort}${pathname}`);

describe('inbox', () => {
  it('shows a delivered message on the list page, its own page and the JSON API', async () => {
    const catcher = await startSmtpCatcher();
    open.push(catcher);
    await sendTo(
      catcher,
      'Approval needed <now>',
      '<p>Please <a href="http://localhost:4000/approvals/a1?token=abc&amp;x=1">review</a></p>',
      'Please review: http://localhost:4000/approvals/a1?token=abc&x=1\nOr see https://example.com/help.',
    );

    const api = await get(catcher, '/api/messages');
    expect(api.headers.get('content-type')).toMatch(/^application\/json/);
    const messages = (await api.json()) as InboxApiMessage[];
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(Object.keys(message!).sort()).toEqual(['from', 'html', 'id', 'links', 'receivedAt', 'subject', 'text', 'to']);
    expect(message).toMatchObject({
      from: 'Certiflow <certiflow@localhost>',
      to: ['maria@example.com'],
      subject: 'Approval needed <now>',
      links: ['http://localhost:4000/approvals/a1?token=abc&x=1', 'https://example.com/help'],
    });

    const list = await get(catcher, '/');
    expect(list.status).toBe(200);
    const listHtml = await list.text();
    expect(listHtml).toContain('Approval needed &lt;now&gt;');
    expect(listHtml).not.toContain('Approval needed <now>');
    expect(listHtml).toContain(`href="/messages/${message!.id}"`);
    expect(listHtml).toContain('maria@example.com');

    const detail = await get(catcher, `/messages/${message!.id}`);
    expect(detail.status).toBe(200);
    const detailHtml = await detail.text();
    expect(detailHtml).toContain('sandbox="allow-popups allow-popups-to-escape-sandbox"');
    expect(detailHtml).toContain('srcdoc="&lt;base target=&quot;_blank&quot;&gt;&lt;p&gt;Please &lt;a href=');
    expect(detailHtml).not.toContain('<a href="http://localhost:4000/approvals/a1?token=abc&amp;x=1">review</a>');
    expect(detailHtml).toContain('<pre>Please review: http://localhost:4000/approvals/a1?token=abc&amp;x=1');
  });

  it('lists the newest message first', async () => {
    const catcher = await startSmtpCatcher();
    open.push(catcher);
    await sendTo(catcher, 'First message', '<p>1</p>', '1');
    await sendTo(catcher, 'Second message', '<p>2</p>', '2');
    const html = await (await get(catcher, '/')).text();
    expect(html.indexOf('Second message')).toBeGreaterThan(-1);
    expect(html.indexOf('Second message')).toBeLessThan(html.indexOf('First message'));
  });

  it('answers 404 for an unknown message and 405 for other methods', async () => {
    const catcher = await startSmtpCatcher();
    open.push(catcher);
    expect((await get(catcher, '/messages/nope')).status).toBe(404);
    const post = await fetch(`http://127.0.0.1:${catcher.httpPort}/api/messages`, { method: 'POST' });
    expect(post.status).toBe(405);
  });

  it('waitFor resolves on arrival and rejects after the timeout', async () => {
    const catcher = await startSmtpCatcher();
    open.push(catcher);
    const arriving = catcher.waitFor((m) => m.subject === 'Later', 5_000);
    await sendTo(catcher, 'Later', '<p>x</p>', 'x');
    await expect(arriving).resolves.toMatchObject({ subject: 'Later' });
    await expect(catcher.waitFor((m) => m.subject === 'Never', 50)).rejects.toThrow(/No matching message within 50 ms/);
  });

  it('keeps messages across restarts when given a directory, and clear() empties it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'certiflow-inbox-'));
    dirs.push(dir);
    const first = await startInbox({ smtpPort: 0, httpPort: 0, dir });
    await sendTo(first, 'Kept', '<p>kept</p>', 'kept');
    await first.close();
    expect((await readFile(path.join(dir, 'messages.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(1);

    const second = await startInbox({ smtpPort: 0, httpPort: 0, dir });
    open.push(second);
    expect(second.messages().map((m) => m.subject)).toEqual(['Kept']);
    await second.clear();
    expect(second.messages()).toEqual([]);
    expect(await readFile(path.join(dir, 'messages.jsonl'), 'utf8')).toBe('');
  });
});
