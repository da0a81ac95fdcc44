/** The /readyz probe limits: a time limit per probe, one probe shared by concurrent callers, answers reused briefly, rejections read as reasons. */
import { describe, expect, it } from 'vitest';
import { limitedCheck, type ReadinessCheck, readinessReport } from './readiness.js';

function counting(answer: () => Promise<string | undefined>): ReadinessCheck & { calls: number } {
  const check = {
    name: 'dep',
    calls: 0,
    check() {
      check.calls++;
      return answer();
    },
  };
  return check;
}

describe('limitedCheck', () => {
  it('answers "timed out" when a probe hangs', async () => {
    const hung = counting(() => new Promise(() => {}));
    expect(await limitedCheck(hung, { timeoutMs: 20, cacheMs: 0 }).check()).toBe('timed out after 20 ms');
  });

  it('turns a rejection into a reason', async () => {
    const failing = counting(() => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:9')));
    expect(await limitedCheck(failing).check()).toBe('unreachable: connect ECONNREFUSED 127.0.0.1:9');
  });

  it('shares one probe among concurrent callers and reuses its answer while fresh', async () => {
    const ok = counting(async () => undefined);
    const limited = limitedCheck(ok, { cacheMs: 60_000 });
    const answers = await Promise.all(Array.from({ length: 50 }, () => limited.check()));
    expect(answers.every((a) => a === undefined)).toBe(true);
    await limited.check();
    expect(ok.calls).toBe(1);
  });

  it('probes again once the answer is stale', async () => {
    const ok = counting(async () => undefined);
    const limited = limitedCheck(ok, { cacheMs: 0 });
    await limited.check();
    await limited.check();
    expect(ok.calls).toBe(2);
  });
});

describe('readinessReport', () => {
  it('is ready only when every check is ok, and names each', async () => {
    const up: ReadinessCheck = { name: 'storage', check: async () => undefined };
    const down: ReadinessCheck = { name: 'redis', check: async () => 'unreachable: connect ECONNREFUSED' };
    expect(await readinessReport([up])).toEqual({ ready: true, checks: { storage: 'ok' } });
    expect(await readinessReport([up, down])).toEqual({ ready: false, checks: { storage: 'ok', redis: 'unreachable: connect ECONNREFUSED' } });
  });
});
