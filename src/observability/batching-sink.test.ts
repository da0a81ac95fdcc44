import { describe, expect, it } from 'vitest';
import { createBatchingSink } from './batching-sink.js';
import type { RequestRecord } from './request-record.js';

const record = (id: string): RequestRecord => ({
  id,
  time: 0,
  operation: 'chat',
  ingress: 'openai',
  stream: false,
  modelRequested: 'm',
  status: 200,
  attempts: 1,
  gatewayMs: 0,
  totalMs: 0,
});

describe('createBatchingSink', () => {
  it('never writes on record(); flush writes everything in slices of sliceSize, in order', async () => {
    const calls: string[][] = [];
    const sink = createBatchingSink((batch) => void calls.push(batch.map((r) => r.id)), { flushIntervalMs: 60_000, maxBatch: 1000, sliceSize: 2 });
    for (const id of ['a', 'b', 'c', 'd', 'e']) sink.record(record(id));
    expect(calls).toEqual([]);
    await sink.flush();
    expect(calls).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    await sink.close();
  });

  it('keeps memory bounded: beyond maxQueued the oldest records are dropped and counted', async () => {
    const written: string[] = [];
    const sink = createBatchingSink((batch) => void written.push(...batch.map((r) => r.id)), { flushIntervalMs: 60_000, maxBatch: 1000, maxQueued: 3 });
    for (const id of ['a', 'b', 'c', 'd', 'e']) sink.record(record(id));
    await sink.close();
    expect(written).toEqual(['c', 'd', 'e']);
    expect(sink.dropped()).toBe(2);
  });

  it('reports writer failures and goes on with the next slice', async () => {
    const errors: unknown[] = [];
    const written: string[] = [];
    const sink = createBatchingSink(
      (batch) => {
        if (batch[0]!.id === 'a') throw new Error('disk full');
        written.push(...batch.map((r) => r.id));
      },
      { flushIntervalMs: 60_000, maxBatch: 1000, sliceSize: 1, onError: (err) => errors.push(err) },
    );
    sink.record(record('a'));
    sink.record(record('b'));
    await sink.close();
    expect(written).toEqual(['b']);
    expect(errors).toHaveLength(1);
  });
});
