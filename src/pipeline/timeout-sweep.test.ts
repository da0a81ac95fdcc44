/** TimeoutSweep: items expire once past their deadline, whatever order they joined in; removed ones never do. */
import { describe, expect, it } from 'vitest';
import { type Expiring, TimeoutSweep } from './timeout-sweep.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function item(timeoutMs: number, deadline: number, expired: string[], name: string): Expiring {
  return { timeoutMs, deadline, expire: () => void expired.push(name) };
}

describe('TimeoutSweep', () => {
  it('expires items past their deadline, in any lane and any order, and only once', async () => {
    const sweep = new TimeoutSweep();
    const expired: string[] = [];
    const now = performance.now();
    // Joined out of deadline order: a later deadline first.
    sweep.add(item(40, now + 10_000, expired, 'late'));
    sweep.add(item(40, now + 30, expired, 'soon'));
    sweep.add(item(60, now + 40, expired, 'other-lane'));
    for (let i = 0; i < 100 && expired.length < 2; i++) await sleep(10);
    expect(expired.sort()).toEqual(['other-lane', 'soon']);
    expect(sweep.size).toBe(1);
    await sleep(100);
    expect(expired).toHaveLength(2);
  });

  it('never expires an item removed before its deadline', async () => {
    const sweep = new TimeoutSweep();
    const expired: string[] = [];
    const entry = sweep.add(item(20, performance.now() + 20, expired, 'removed'));
    sweep.remove(entry);
    sweep.remove(entry);
    await sleep(80);
    expect(expired).toEqual([]);
    expect(sweep.size).toBe(0);
  });
});
