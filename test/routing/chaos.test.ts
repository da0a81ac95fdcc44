/**
 * Issue 8's chaos proof, the short version run by `npm test` (`npm run chaos` is the long one):
 * a primary failing 30% of requests behind a healthy secondary, a dead primary behind an open
 * breaker, a 429 with retry-after honoured, and no request sent twice once its stream started.
 * Each test prints its figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChaosHarness, measureBreakerOverhead, startChaosHarness } from './chaos-harness.js';
import { createClient, runLoad, sendChat } from './load.js';
import { oneLine } from './report.js';

const REQUESTS = 2000;
const CONCURRENCY = 32;
const MIN_SUCCESS = 0.9995;

let harness: ChaosHarness;
beforeAll(async () => {
  harness = await startChaosHarness({ chaos: 0.3, firstTokenMs: 500 });
  console.log(`chaos harness: simulator seed ${harness.seed} (rerun with this seed to replay the same faults)`);
  // Warm the request path (module loading, JIT) on the healthy target, so the runs measure steady state.
  for (const stream of [false, true])
    await runLoad(harness.url, { model: 'healthy-only', stream, requests: 300, concurrency: CONCURRENCY, idPrefix: `warm-${stream}` });
});
afterAll(async () => {
  await harness?.close();
});

describe('chaos: issue 8 point 10', () => {
  it('sends the primary its configured x-sim-scenario header, and the secondary none', async () => {
    const client = createClient(harness.url, 1);
    try {
      // Until the primary answers, try again: 30% of its answers fail and fall back.
      for (let i = 0; i < 20; i++) {
        const outcome = await sendChat(client, { model: 'resilient', stream: false, id: `header-${i}` });
        if (outcome.provider === 'primary') break;
      }
    } finally {
      await client.close();
    }
    const toPrimary = harness.simulator.received.last(/\/v1\/chat\/completions$/);
    expect(toPrimary?.headers['x-sim-scenario']).toBe(`chaos=0.3 chaos_seed=${harness.seed}`);
    const toSecondary = harness.simulator.received.last(/\/v1\/messages$/);
    if (toSecondary) expect(toSecondary.headers['x-sim-scenario']).toBeUndefined();
  });

  for (const stream of [false, true]) {
    it(`keeps ≥ 99.95% of requests successful with the primary failing 30% (${stream ? 'streamed' : 'not streamed'})`, { timeout: 60_000 }, async () => {
      const injectedBefore = harness.simulator.state.injected();
      const { report } = await harness.run(`30% chaos primary, ${stream ? 'streamed' : 'not streamed'}`, {
        model: 'resilient',
        stream,
        requests: REQUESTS,
        concurrency: CONCURRENCY,
        idPrefix: `chaos-${stream ? 's' : 'j'}`,
        timeoutMs: 20_000,
      });
      const injected = Object.fromEntries(Object.entries(harness.simulator.state.injected()).map(([fault, n]) => [fault, n - (injectedBefore[fault] ?? 0)]));
      console.log(`${oneLine(report)}; faults injected at the primary ${JSON.stringify(injected)}`);
      // The proof is only a proof if the primary really failed, with every kind of fault.
      const total = Object.values(injected).reduce((a, b) => a + b, 0);
      expect(total).toBeGreaterThan(REQUESTS * 0.1);
      for (const fault of ['429', '500', '529', 'hang', 'cut0']) expect(injected[fault] ?? 0).toBeGreaterThan(0);
      expect(report.providers.secondary ?? 0).toBeGreaterThan(0);
      expect(report.successRate, JSON.stringify(report.failures)).toBeGreaterThanOrEqual(MIN_SUCCESS);
    });
  }

  it('adds < 5 ms p99 per request once a dead primary’s breaker is open (no repeated failed attempts)', { timeout: 60_000 }, async () => {
    const result = await measureBreakerOverhead(harness, { requests: 2500, concurrency: 2, warmup: 500 });
    console.log(oneLine(result.withDeadPrimary));
    console.log(oneLine(result.baseline));
    console.log(
      `breaker open: added p50 ${result.addedP50Ms.toFixed(2)} ms, added p99 ${result.addedP99Ms.toFixed(2)} ms; dead primary hit ${result.primaryHits} times in ${result.withDeadPrimary.requests} requests`,
    );
    expect(result.withDeadPrimary.successRate).toBe(1);
    expect(result.baseline.successRate).toBe(1);
    // The breaker skips the primary: it receives (at most a probe or so) nothing during the measurement.
    expect(result.primaryHits).toBeLessThanOrEqual(1);
    expect(result.addedP99Ms).toBeLessThan(5);
  });

  it('retries a 429 with retry-after: 1 after the delay, not before, and the client gets 200', async () => {
    const client = createClient(harness.url, 1);
    try {
      const outcome = await sendChat(client, { model: 'single', stream: false, id: 'retry-after-1', directive: 'fault=429 retry_after=1 fail_times=1' });
      const entry = harness.simulator.tally('retry-after-1');
      console.log(
        `429 retry-after 1: status ${outcome.status}, attempts ${outcome.attempts}, upstream arrivals ${JSON.stringify(entry?.times.map((t) => Math.round(t - entry.times[0]!)))} ms`,
      );
      expect(outcome.status).toBe(200);
      expect(outcome.ok).toBe(true);
      expect(entry?.count).toBe(2);
      expect(entry!.times[1]! - entry!.times[0]!).toBeGreaterThanOrEqual(1000);
      expect(outcome.attempts).toBe(2);
    } finally {
      await client.close();
    }
  });

  it('ends a stream cut after content reached the client with an error event, and never sends it again', async () => {
    const outcomes = await runLoad(harness.url, {
      model: 'cut-after-content',
      stream: true,
      requests: 100,
      concurrency: 10,
      idPrefix: 'cut',
      timeoutMs: 10_000,
    });
    const twice = outcomes.filter((o) => harness.simulator.tally(o.id)?.count !== 1).map((o) => `${o.id}: ${harness.simulator.tally(o.id)?.count ?? 0}`);
    console.log(
      `cut after content: ${outcomes.filter((o) => o.errorEvent !== undefined).length}/${outcomes.length} ended with an error event; ids sent more than once: ${twice.length}`,
    );
    expect(twice).toEqual([]);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe(200);
      // Content came first (from the primary), then a proper error event, never a silent [DONE].
      expect(outcome.content).not.toBe('');
      expect(outcome.failure).toMatch(/^stream_error:/);
      expect(outcome.provider).toBe('cutter');
    }
  });
});
