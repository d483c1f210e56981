import { startTestApp, type TemporalParts, type TestApp } from '../../test/harness/app.js';
import { startSmtpProcess } from './smtp-process.js';

// The test harness's app (test/harness/app.ts), with one change for load: the SMTP catcher runs in its
// own process (see smtp-process.ts), so thousands of emails do not compete with the API for this
// process's event loop. The harness's journey steps drive it unchanged.

export function startBenchApp(temporal: TemporalParts, options: { databaseUrl?: string } = {}): Promise<TestApp> {
  // Every simulated manager opens their approval link from 127.0.0.1; in production each has an address
  // of their own, so the per-address limit on link pages would only measure itself here.
  return startTestApp(temporal, { ...options, smtp: startSmtpProcess, linkRateLimit: false });
}
