import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LedgerEntry } from '../store-contract.js';
import { DurableLedger, type DurableLedgerOptions } from './durable-ledger.js';

/** A row for request n. */
function entry(n: number, overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    request_id: `req_${String(n).padStart(5, '0')}`,
    time: Date.parse('2026-12-06T10:00:00Z') + n,
    day: '2026-12-06',
    team_id: 't_1',
    project_id: 'p_1',
    key_id: 'k_1',
    end_user: '',
    model: 'gpt-4o',
    provider: 'openai',
    usd: 0.001,
    input_tokens: 10,
    output_tokens: 5,
    estimated: 0,
    ...overrides,
  };
}

/**
 * The injected writer: it stands for the database. While `down` it fails as an unreachable
 * server would; `failNext` fails that many calls then recovers. Rows it accepted are kept by id.
 */
class FlakyDatabase {
  down = false;
  failNext = 0;
  calls = 0;
  failures = 0;
  readonly rows = new Map<string, LedgerEntry>();
  readonly writes: string[][] = [];

  write = async (entries: readonly LedgerEntry[]): Promise<void> => {
    this.calls++;
    await new Promise((resolve) => setImmediate(resolve));
    if (this.down || this.failNext > 0) {
      if (this.failNext > 0) this.failNext--;
      this.failures++;
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1 (postgres://user:hunter2@db/ledger)'), { code: 'ECONNREFUSED' });
    }
    this.writes.push(entries.map((e) => e.request_id));
    for (const e of entries) if (!this.rows.has(e.request_id)) this.rows.set(e.request_id, e);
  };
}

const lines = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : []);

describe('DurableLedger', () => {
  let dir: string;
  let ledgers: DurableLedger[];
  const open = (options: Partial<DurableLedgerOptions> & Pick<DurableLedgerOptions, 'write'>) => {
    const ledger = new DurableLedger({
      spillFile: join(dir, 'spill', 'ledger.jsonl'),
      bufferMax: 1000,
      flushIntervalMs: 10,
      maxBatch: 50,
      retryBaseMs: 2,
      retryMaxMs: 20,
      ...options,
    });
    ledgers.push(ledger);
    return ledger;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sb-ledger-'));
    ledgers = [];
  });
  afterEach(async () => {
    for (const ledger of ledgers) await ledger.close(1000);
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes recorded rows in batches and reports an empty queue', async () => {
    const db = new FlakyDatabase();
    const ledger = open({ write: db.write, flushIntervalMs: 3_600_000, maxBatch: 10 });
    for (let i = 0; i < 25; i++) ledger.record(entry(i));
    expect(db.calls).toBe(0);
    expect(ledger.stats()).toEqual({ queued: 25, spilled: 0 });
    await ledger.flush();
    expect(db.rows.size).toBe(25);
    expect(Math.max(...db.writes.map((w) => w.length))).toBeLessThanOrEqual(10);
    expect(ledger.stats()).toEqual({ queued: 0, spilled: 0 });
  });

  it('writes once maxBatch rows are queued, without waiting for the interval', async () => {
    const db = new FlakyDatabase();
    const ledger = open({ write: db.write, flushIntervalMs: 3_600_000, maxBatch: 5 });
    for (let i = 0; i < 5; i++) ledger.record(entry(i));
    // Nothing is written inside record(): a synchronous store must not block the request.
    expect(db.calls).toBe(0);
    await vi.waitFor(() => expect(db.rows.size).toBe(5));
  });

  it('keeps a failed batch and retries it until the database answers: nothing lost', async () => {
    const db = new FlakyDatabase();
    db.failNext = 4;
    const ledger = open({ write: db.write });
    for (let i = 0; i < 120; i++) ledger.record(entry(i));
    await ledger.flush();
    expect(db.failures).toBe(4);
    expect([...db.rows.keys()].sort()).toEqual(Array.from({ length: 120 }, (_, i) => entry(i).request_id));
    expect(ledger.stats()).toEqual({ queued: 0, spilled: 0 });
  });

  it('past ledger_buffer_max spills to a 0600 file (creating its directory) and replays it when the database is back', async () => {
    const db = new FlakyDatabase();
    db.down = true;
    const ledger = open({ write: db.write, bufferMax: 10 });
    const spill = join(dir, 'spill', 'ledger.jsonl');
    for (let i = 0; i < 35; i++) ledger.record(entry(i));
    expect(ledger.stats()).toEqual({ queued: 10, spilled: 25 });
    await vi.waitFor(() => expect(lines(spill)).toHaveLength(25));
    expect(statSync(spill).mode & 0o777).toBe(0o600);
    expect(lines(spill).map((line) => (JSON.parse(line) as LedgerEntry).request_id)).toEqual(Array.from({ length: 25 }, (_, i) => entry(i + 10).request_id));
    await vi.waitFor(() => expect(db.failures).toBeGreaterThanOrEqual(3));
    expect(ledger.stats().lastError).toMatch(/ECONNREFUSED/);
    // The password in the driver's message never reaches /healthz.
    expect(ledger.stats().lastError).not.toContain('hunter2');

    db.down = false;
    await ledger.flush();
    expect(db.rows.size).toBe(35);
    expect(existsSync(spill)).toBe(false);
    expect(existsSync(`${spill}.replaying`)).toBe(false);
    expect(ledger.stats()).toEqual({ queued: 0, spilled: 0 });
  });

  it('rows recorded while the spill replays are written too, and a later outage spills again', async () => {
    const db = new FlakyDatabase();
    db.down = true;
    const ledger = open({ write: db.write, bufferMax: 5, maxBatch: 4 });
    for (let i = 0; i < 30; i++) ledger.record(entry(i));
    db.down = false;
    for (let i = 30; i < 40; i++) ledger.record(entry(i));
    await ledger.flush();
    expect(db.rows.size).toBe(40);
    db.down = true;
    for (let i = 40; i < 60; i++) ledger.record(entry(i));
    await vi.waitFor(() => expect(ledger.stats().spilled).toBe(15));
    db.down = false;
    await ledger.flush();
    expect(db.rows.size).toBe(60);
  });

  it('a failure in the middle of a replay resumes from the last batch written', async () => {
    const db = new FlakyDatabase();
    db.down = true;
    const ledger = open({ write: (entries) => db.write(entries), bufferMax: 1, maxBatch: 10 });
    for (let i = 0; i < 41; i++) ledger.record(entry(i));
    await vi.waitFor(() => expect(lines(join(dir, 'spill', 'ledger.jsonl'))).toHaveLength(40));
    // The memory row and the first spill batch get through, then the database goes away again once.
    let allowed = 2;
    const write = db.write;
    const failuresBefore = db.failures;
    db.down = false;
    db.write = async (entries) => {
      if (allowed-- === 0) db.failNext = 1;
      return write(entries);
    };
    await ledger.flush();
    expect(db.rows.size).toBe(41);
    expect(db.failures).toBe(failuresBefore + 1);
    // Resumed, not restarted: no replayed row was written twice.
    const written = db.writes.flat();
    expect(new Set(written).size).toBe(written.length);
  });

  it('replays a spill file left by a previous run at start, skipping a line cut short by a crash', async () => {
    const spill = join(dir, 'spill', 'ledger.jsonl');
    mkdirSync(join(dir, 'spill'));
    const rows = Array.from({ length: 7 }, (_, i) => JSON.stringify(entry(i)));
    writeFileSync(spill, `${rows.join('\n')}\n{"request_id":"req_cut`, { mode: 0o600 });
    writeFileSync(`${spill}.replaying`, `${JSON.stringify(entry(100))}\n`, { mode: 0o600 });
    const warnings: string[] = [];
    const db = new FlakyDatabase();
    const ledger = open({ write: db.write, logger: { error() {}, info() {}, warn: (_fields, message) => warnings.push(message) } });
    await vi.waitFor(() => expect(db.rows.size).toBe(8));
    await ledger.flush();
    expect([...db.rows.keys()].sort()).toEqual([...Array.from({ length: 7 }, (_, i) => entry(i).request_id), entry(100).request_id]);
    expect(existsSync(spill)).toBe(false);
    expect(existsSync(`${spill}.replaying`)).toBe(false);
    expect(warnings).toContain('skipping an unreadable ledger spill line');
    expect(warnings).toContain('replaying ledger rows spilled by a previous run');
  });

  it('close() gives queued rows a bounded wait, spills the rest, and the next start writes them', async () => {
    const db = new FlakyDatabase();
    db.down = true;
    const spill = join(dir, 'spill', 'ledger.jsonl');
    const ledger = open({ write: db.write, bufferMax: 100 });
    for (let i = 0; i < 20; i++) ledger.record(entry(i));
    await ledger.close(50);
    expect(lines(spill)).toHaveLength(20);
    // Rows settled after close (a request finishing late) go straight to disk.
    ledger.record(entry(20));
    expect(lines(spill)).toHaveLength(21);
    expect(db.rows.size).toBe(0);

    db.down = false;
    const next = open({ write: db.write });
    await vi.waitFor(() => expect(db.rows.size).toBe(21));
    await next.flush();
    expect(existsSync(spill)).toBe(false);
  });

  it('close() writes what it can when the database is up', async () => {
    const db = new FlakyDatabase();
    const ledger = open({ write: db.write, flushIntervalMs: 3_600_000 });
    for (let i = 0; i < 7; i++) ledger.record(entry(i));
    await ledger.close();
    expect(db.rows.size).toBe(7);
    expect(existsSync(join(dir, 'spill', 'ledger.jsonl'))).toBe(false);
  });

  it('a write that never answers counts as failed and is retried', async () => {
    const db = new FlakyDatabase();
    let hang = true;
    const ledger = open({
      write: (entries) => {
        if (!hang) return db.write(entries);
        hang = false;
        return new Promise<void>(() => {});
      },
      writeTimeoutMs: 20,
    });
    for (let i = 0; i < 3; i++) ledger.record(entry(i));
    await ledger.flush();
    expect(db.rows.size).toBe(3);
  });

  it('when the disk refuses the spill, rows stay in memory rather than being lost', async () => {
    const blocker = join(dir, 'not-a-dir');
    writeFileSync(blocker, '');
    const errors: string[] = [];
    const db = new FlakyDatabase();
    db.down = true;
    const ledger = open({
      write: db.write,
      bufferMax: 3,
      spillFile: join(blocker, 'ledger.jsonl'),
      logger: { info() {}, warn() {}, error: (_fields, message) => errors.push(message) },
    });
    for (let i = 0; i < 10; i++) ledger.record(entry(i));
    await vi.waitFor(() => expect(errors).toContain('cannot write the ledger spill file; keeping rows in memory'));
    for (let i = 10; i < 20; i++) ledger.record(entry(i));
    db.down = false;
    await ledger.flush();
    expect(db.rows.size).toBe(20);
  });

  it('record() never throws, whatever it is given', () => {
    const ledger = open({ write: new FlakyDatabase().write });
    expect(() => ledger.record(undefined as unknown as LedgerEntry)).not.toThrow();
  });
});
