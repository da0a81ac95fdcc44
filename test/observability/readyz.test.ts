/**
 * /readyz through a running gateway: ready with its dependencies up, naming each check; not
 * ready (503) while Redis is unreachable, naming Redis and why; /healthz stays a liveness check
 * that answers 200 whatever the dependencies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { freePort, PRICED_MODELS, pricedProvider, waitFor } from '../governance/helpers.js';

let healthy: TestStack;
let noRedis: TestStack;
let closedPort: number;

beforeAll(async () => {
  healthy = await startStack({ providers: [pricedProvider()], models: PRICED_MODELS, extra: { redis: 'redis://127.0.0.1:6379' } });
  // Nothing listens there: Redis (only needed for the shared counters) is unreachable.
  closedPort = await freePort();
  noRedis = await startStack({ providers: [pricedProvider()], models: PRICED_MODELS, extra: { redis: `redis://:sekret@127.0.0.1:${closedPort}` } });
}, 30_000);

afterAll(async () => {
  await healthy?.close();
  await noRedis?.close();
});

async function get(base: string, path: string): Promise<{ status: number; json: { status: string; checks: Record<string, string> } }> {
  const response = await fetch(`${base}${path}`);
  return { status: response.status, json: (await response.json()) as { status: string; checks: Record<string, string> } };
}

describe('/readyz', () => {
  it('is ready when storage and Redis answer, and says which checks it ran', async () => {
    const answer = await waitFor('redis to be ready', async () => {
      const r = await get(healthy.url, '/readyz');
      return r.status === 200 ? r : undefined;
    });
    expect(answer.json).toEqual({ status: 'ready', checks: { storage: 'ok', redis: 'ok' } });
  });

  it('is not ready while Redis is unreachable, naming it and why, without the password', async () => {
    const answer = await get(noRedis.url, '/readyz');
    expect(answer.status).toBe(503);
    expect(answer.json.status).toBe('not_ready');
    expect(answer.json.checks.storage).toBe('ok');
    expect(answer.json.checks.redis).toMatch(/^unreachable: /);
    expect(answer.json.checks.redis).toContain('ECONNREFUSED');
    expect(JSON.stringify(answer.json)).not.toContain('sekret');
  });

  it('leaves /healthz a liveness check', async () => {
    const answer = await get(noRedis.url, '/healthz');
    expect(answer.status).toBe(200);
    expect(answer.json.status).toBe('ok');
  });
});
