/**
 * Results and auto-promotion end to end on the simulator: a stored prompt with two versions whose
 * simulated answers differ deterministically (version 1 carries a fault directive, so every call
 * fails upstream; version 2 answers), an experiment between them driven by traffic through the
 * gateway; the results show the error rates, the comparison and a winner; the promotion loop then
 * moves the `production` label to version 2 with the experiment's reason, and marks it promoted.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { adminCall, createKey, pricedProvider, waitFor } from '../governance/helpers.js';

const ADMIN_KEY = `admin-${randomBytes(12).toString('hex')}`;
const OWNER = { key_id: 'admin_key', role: 'owner' };
let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({
    providers: [pricedProvider()],
    // One attempt and no breaker: version 1's failures stay its own and never hold back version 2.
    models: [{ name: 'capped', targets: [{ provider: 'sim', model: 'gpt-4o-mini' }], retries: { max_attempts: 1 }, breaker: false }],
    extra: { admin_key: ADMIN_KEY },
  });
  const prompts = stack.gateway.prompts.store;
  const template = (text: string) => ({ messages: [{ role: 'user' as const, content: text }], model: 'capped', params: { max_tokens: 5 } });
  await prompts.push(OWNER, 'global', 'support', { template: template('Greet the customer. [[sim fault=500]]') });
  await prompts.push(OWNER, 'global', 'support', { template: template('Greet the customer warmly.') });
  await prompts.setLabel(OWNER, 'global', 'support', 'production', 1);
});

afterAll(async () => {
  await stack?.close();
});

async function call(key: string, user: string, version?: string) {
  const response = await fetch(`${stack.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ prompt: { id: 'support', ...(version ? { version } : {}) }, user }),
  });
  await response.text();
  return response;
}

describe('experiment results and auto-promotion', () => {
  it('compares the variants on the traffic and promotes the winner by moving the label', async () => {
    const created = await adminCall(stack.url, ADMIN_KEY, 'POST', '/experiments', {
      name: 'warmer-greeting',
      target: { prompt: 'support' },
      variants: [
        { name: 'current', weight: 1, prompt_version: 1 },
        { name: 'warmer', weight: 1, prompt_version: 2 },
      ],
      primary_metric: 'error_rate',
      guard_metrics: ['latency_ms'],
      min_samples: 10,
      auto_promote: { label: 'production' },
    });
    expect(created.status, created.text).toBe(201);
    const id = created.json.id as string;
    expect(created.json).toMatchObject({ object: 'experiment', name: 'warmer-greeting', scope: 'global', status: 'running', control: 'current' });

    const { key } = await createKey(stack.url, ADMIN_KEY, { budget: { usd: 100, period: 'month' } });
    const seen = new Map<string, number>();
    for (let i = 0; i < 60; i++) {
      const response = await call(key, `user-${i}`);
      const variant = response.headers.get('x-switchboard-variant')!;
      expect(response.status).toBe(variant === 'current' ? 500 : 200);
      seen.set(variant, (seen.get(variant) ?? 0) + 1);
    }
    // A pinned version number is not part of the experiment.
    const pinned = await call(key, 'user-0', '2');
    expect(pinned.headers.get('x-switchboard-experiment')).toBeNull();
    await stack.gateway.requestLog.flush();

    const results = await waitFor('results with every request', async () => {
      const got = await adminCall(stack.url, ADMIN_KEY, 'GET', `/experiments/${id}/results`);
      expect(got.status, got.text).toBe(200);
      const total = (got.json.variants as { requests: number }[]).reduce((n, v) => n + v.requests, 0);
      return total === 60 ? got.json : undefined;
    });
    expect(results).toMatchObject({ object: 'experiment_results', experiment_id: id, control: 'current', primary_metric: 'error_rate', alpha: 0.05 });
    const byName = new Map(
      (results.variants as { name: string; requests: number; metrics: Record<string, { n: number; mean: number }> }[]).map((v) => [v.name, v]),
    );
    expect(byName.get('current')!.requests).toBe(seen.get('current'));
    expect(byName.get('current')!.metrics.error_rate!.mean).toBe(1);
    expect(byName.get('warmer')!.metrics.error_rate!.mean).toBe(0);
    const errorRate = (results.comparisons as { variant: string; metric: string; verdict: string; difference: number }[]).find(
      (c) => c.metric === 'error_rate',
    );
    expect(errorRate).toMatchObject({ variant: 'warmer', verdict: 'better', difference: -1 });
    expect(results.decision).toMatchObject({ decision: 'winner', variant: 'warmer' });

    // One pass of the promotion loop (its timer runs every 60 s here, so it cannot act mid-traffic).
    await stack.gateway.experiments.promote();
    expect((await stack.gateway.prompts.store.labelled('global', 'support', 'production'))?.version).toBe(2);
    const [move] = await stack.gateway.prompts.store.labelHistory('global', 'support', 'production');
    expect(move).toMatchObject({ version: 2, previousVersion: 1, reason: 'experiment warmer-greeting promoted variant warmer' });
    const after = await adminCall(stack.url, ADMIN_KEY, 'GET', `/experiments/${id}`);
    expect(after.json).toMatchObject({
      status: 'promoted',
      decision: { decision: 'winner', variant: 'warmer', promoted: { label: 'production', version: 2 } },
    });
    // Promoted: no longer assigned, and the label now serves version 2 to everyone.
    const later = await call(key, 'user-1');
    expect(later.status).toBe(200);
    expect(later.headers.get('x-switchboard-experiment')).toBeNull();
    const audit = await adminCall(stack.url, ADMIN_KEY, 'GET', `/audit?object_id=${id}`);
    expect((audit.json.data as { action: string }[]).map((r) => r.action).sort()).toEqual(['experiment.created', 'experiment.promoted']);
  });
});
