/** The request-log retention timer: cutoff from retention_days, one sweep at a time, errors logged, off at 0. */
import { describe, expect, it } from 'vitest';
import { startRequestLogRetention } from './retention.js';

const DAY = 86_400_000;

function logger() {
  const lines: { level: string; fields: object; message: string }[] = [];
  return {
    lines,
    info: (fields: object, message: string) => void lines.push({ level: 'info', fields, message }),
    warn: (fields: object, message: string) => void lines.push({ level: 'warn', fields, message }),
  };
}

describe('request log retention', () => {
  it('sweeps rows older than retention_days, one sweep at a time', async () => {
    const cutoffs: number[] = [];
    let release: (n: number) => void = () => {};
    const store = {
      sweep: (before: number) =>
        new Promise<number>((resolve) => {
          cutoffs.push(before);
          release = resolve;
        }),
    };
    const log = logger();
    const retention = startRequestLogRetention(store, { retentionDays: 7, logger: log, now: () => 100 * DAY, initialDelayMs: 1e9 });
    const first = retention.sweepNow();
    expect(await retention.sweepNow()).toBe(0);
    release(12);
    expect(await first).toBe(12);
    expect(cutoffs).toEqual([93 * DAY]);
    expect(log.lines).toEqual([{ level: 'info', fields: { deleted: 12, retention_days: 7 }, message: 'old request log rows deleted' }]);
    await retention.stop();
  });

  it('logs a failed sweep and keeps going', async () => {
    const log = logger();
    const retention = startRequestLogRetention(
      { sweep: () => Promise.reject(new Error('database is locked')) },
      { retentionDays: 1, logger: log, initialDelayMs: 1e9 },
    );
    expect(await retention.sweepNow()).toBe(0);
    expect(log.lines[0]).toMatchObject({ level: 'warn', fields: { err: 'database is locked' } });
    await retention.stop();
  });

  it('runs once shortly after start', async () => {
    let swept = 0;
    const retention = startRequestLogRetention({ sweep: async () => ++swept }, { retentionDays: 1, logger: logger(), initialDelayMs: 5 });
    for (let i = 0; i < 100 && swept === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(swept).toBe(1);
    await retention.stop();
  });

  it('keeps rows for ever at 0 days', async () => {
    let called = false;
    const retention = startRequestLogRetention(
      {
        sweep: async () => {
          called = true;
          return 1;
        },
      },
      { retentionDays: 0, logger: logger(), initialDelayMs: 0 },
    );
    expect(await retention.sweepNow()).toBe(0);
    expect(called).toBe(false);
    await retention.stop();
  });
});
