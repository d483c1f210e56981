import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevServerEnv, createTimeSkippingEnv } from './temporal.js';

const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;

describe('time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('answers the workflow service', async () => {
    const info = await env.client.workflowService.getSystemInfo({});
    expect(info.capabilities).toBeDefined();
    expect(env.supportsTimeSkipping).toBe(true);
  });

  it('skips 30 days without waiting for them', async () => {
    const serverBefore = await env.currentTimeMs();
    const started = Date.now();
    await env.sleep('30 days');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await env.currentTimeMs()) - serverBefore).toBeGreaterThanOrEqual(THIRTY_DAYS_MS);
  });
});

describe('dev server from the Temporal CLI', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createDevServerEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('answers the workflow service and has the default namespace', async () => {
    const info = await env.client.workflowService.getSystemInfo({});
    expect(info.serverVersion).toMatch(/\d+\.\d+/);
    const ns = await env.client.workflowService.describeNamespace({ namespace: 'default' });
    expect(ns.namespaceInfo?.name).toBe('default');
    expect(env.supportsTimeSkipping).toBe(false);
  });
});
