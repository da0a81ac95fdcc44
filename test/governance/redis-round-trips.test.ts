/**
 * Issue 7, speed: with Redis, a request costs exactly one round trip for admission and one for
 * settlement, whatever limits and budgets apply. A MONITOR connection watches the shared Redis
 * while a gateway serves N requests (streamed and not) for a key with a budget, rpm, tpm and
 * concurrency limits under a team with its own budget: the gateway's connection sends exactly N
 * admission scripts and N settlement scripts, every key under its governance.redis_prefix, and
 * nothing else.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIT_LUA, SEED_LUA, SETTLE_LUA } from '../../src/storage/redis/counter-scripts.js';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { adminCall, chat, PRICED_MODELS, pricedProvider, waitFor } from './helpers.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
const ADMIN_KEY = `admin-${randomBytes(12).toString('hex')}`;
const PREFIX = `sbtest:trips:${randomBytes(4).toString('hex')}:`;
const N = 8;

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
const SCRIPTS = new Map([
  [sha1(ADMIT_LUA), 'admit'],
  [sha1(SETTLE_LUA), 'settle'],
  [sha1(SEED_LUA), 'seed'],
]);

let stack: TestStack;
let dir: string;
let redis: Redis;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-trips-'));
  stack = await startStack({
    providers: [pricedProvider()],
    models: PRICED_MODELS,
    extra: {
      admin_key: ADMIN_KEY,
      redis: REDIS_URL,
      governance: { redis_prefix: PREFIX, ledger_flush_ms: 50, spill_file: join(dir, 'spill.jsonl') },
    },
  });
  redis = new Redis(REDIS_URL);
});

afterAll(async () => {
  await stack?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (redis) {
    const keys = await redis.keys(`${PREFIX}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
});

/** One command seen by MONITOR. */
interface Seen {
  args: string[];
  source: string;
}

/** What a command is: a counter script by its SHA (EVALSHA) or its text (EVAL), else the command name. */
function classify(args: readonly string[]): string {
  const name = args[0]!.toLowerCase();
  if (name === 'evalsha') return SCRIPTS.get(args[1]!) ?? 'evalsha:unknown';
  if (name === 'eval') return SCRIPTS.get(sha1(args[1]!)) ?? 'eval:unknown';
  return name;
}

/** The keys of a script call (EVAL/EVALSHA script numkeys key...). */
function scriptKeys(args: readonly string[]): string[] {
  return args.slice(3, 3 + Number(args[2]));
}

describe('Redis round trips per request', () => {
  it('sends one admission script and one settlement script per request, and nothing else', async () => {
    const team = await adminCall(stack.url, ADMIN_KEY, 'POST', '/teams', { name: 'trips', budget: { usd: 100, period: 'month' } });
    expect(team.status, team.text).toBe(201);
    const created = await adminCall(stack.url, ADMIN_KEY, 'POST', '/keys', {
      team_id: team.json.id,
      name: 'trips',
      budget: { usd: 50, period: 'day' },
      limits: { rpm: 1000, tpm: 1_000_000, concurrency: 10 },
    });
    expect(created.status, created.text).toBe(201);
    const key = created.json.key as string;

    // Warm-up: seeds both budget counters from the ledger (once per counter) and loads the scripts.
    const warm = await chat(stack.url, key, { maxTokens: 5 });
    expect(warm.status, warm.text).toBe(200);
    const warmId = warm.headers.get('x-request-id')!;
    await waitFor('the warm-up settlement', async () => ((await redis.exists(`${PREFIX}st:${warmId}`)) === 1 ? true : undefined));

    const monitor = await new Redis(REDIS_URL).monitor();
    const seen: Seen[] = [];
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      seen.push({ args, source });
    });
    try {
      for (let i = 0; i < N; i++) {
        const answer = await chat(stack.url, key, { maxTokens: 5, stream: i % 2 === 0 });
        expect(answer.status, answer.text).toBe(200);
        expect(answer.headers.get('x-ratelimit-limit-requests')).toBe('1000');
      }
      // Commands run inside a script show up with source "lua"; the gateway's own connection is
      // the source of the commands that touch its prefix.
      const fromGateway = () => {
        const sources = new Set(seen.filter((s) => s.source !== 'lua' && s.args.some((a) => a.startsWith(PREFIX))).map((s) => s.source));
        return seen.filter((s) => sources.has(s.source));
      };
      await waitFor('every settlement', async () => (fromGateway().length >= 2 * N ? true : undefined));
      // Settlement runs after the last byte: give a stray command (there must be none) time to show.
      await new Promise((resolve) => setTimeout(resolve, 300));

      const commands = fromGateway();
      const kinds = commands.map((c) => classify(c.args));
      expect(kinds.filter((k) => k === 'admit')).toHaveLength(N);
      expect(kinds.filter((k) => k === 'settle')).toHaveLength(N);
      expect(kinds).toHaveLength(2 * N);
      expect(new Set(commands.map((c) => c.source)).size).toBe(1);
      for (const command of commands) {
        const keys = scriptKeys(command.args);
        expect(keys.length).toBeGreaterThan(0);
        for (const k of keys) expect(k.startsWith(PREFIX)).toBe(true);
      }
      // One admission covers every counter: rpm, tpm, concurrency and both budgets (2 keys each).
      const admit = commands.find((c) => classify(c.args) === 'admit')!;
      expect(scriptKeys(admit.args)).toHaveLength(3 + 2 * 2);
    } finally {
      monitor.disconnect();
    }
  });
});
