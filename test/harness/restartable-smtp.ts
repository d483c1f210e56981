import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Inbox, type InboxMessage, startInbox } from '../../mail/inbox.js';

// An SMTP catcher that can go down and come back on the same port, keeping what it received (in a
// file, as the dev inbox does), so a test can count every email across the outage.

export interface RestartableSmtp {
  smtpPort: number;
  messages(): InboxMessage[];
  running(): boolean;
  /** Closes the server: connections are refused until `start`. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startRestartableSmtp(): Promise<RestartableSmtp> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'certiflow-smtp-'));
  const open = (smtpPort: number) => startInbox({ smtpPort, httpPort: 0, host: '127.0.0.1', dir, onError: () => undefined });
  let inbox: Inbox | null = await open(0);
  const smtpPort = inbox.smtpPort;
  let lastSeen: InboxMessage[] = [];
  return {
    smtpPort,
    messages: () => (inbox ? inbox.messages() : lastSeen),
    running: () => inbox !== null,
    async stop() {
      if (!inbox) return;
      lastSeen = inbox.messages();
      await inbox.close();
      inbox = null;
    },
    async start() {
      inbox ??= await open(smtpPort);
    },
    async close() {
      await inbox?.close();
      inbox = null;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
