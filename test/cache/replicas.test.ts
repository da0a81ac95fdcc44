/**
 * The cache shared by two gateway processes through Redis (and PostgreSQL for the keys): an answer
 * replica A stored is a hit on replica B without a second upstream call, exactly or by meaning
 * (the vectors travel through Redis, the search runs in each replica), and two teams asking the
 * same question never share an entry on either path.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../src/simulator/server.js';
import { createTestSchema, type TestSchema } from '../../src/testing/postgres.js';
import { type Replica, startReplica, stopReplica } from '../../src/testing/replicas.js';

const ADMIN_KEY = `admin-${randomBytes(12).toString('hex')}`;
const PREFIX = `sbtest:cache-replicas:${randomBytes(4).toString('hex')}:`;

let simulator: RunningSimulator;
let schema: TestSchema;
let dir: string;
const replicas: Replica[] = [];
const redis = new Redis('redis://127.0.0.1:6379');

async function admin(path: string, body: unknown): Promise<Record<string, unknown> & { id: string }> {
  const response = await fetch(`${replicas[0]!.url}/admin/v1${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as Record<string, unknown> & { id: string };
}

/** A new team with one key, known to every replica. */
async function teamKey(): Promise<string> {
  const team = await admin('/teams', { name: `team-${randomBytes(4).toString('hex')}` });
  const { key } = (await admin('/keys', { team_id: team.id, name: 'cache' })) as unknown as { key: string };
  for (const replica of replicas) {
    for (let i = 0; ; i++) {
      const response = await fetch(`${replica.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
      if (response.status === 200) break;
      if (i > 100) throw new Error(`replica ${replica.url} never learned the key`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return key;
}

async function ask(replica: Replica, key: string, content: string): Promise<{ cache: string | null; text: string }> {
  const response = await fetch(`${replica.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt', messages: [{ role: 'user', content }] }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { choices: Array<{ message: { content: string } }> };
  return { cache: response.headers.get('x-switchboard-cache'), text: body.choices[0]!.message.content };
}

/** Waits until `count` entries are in Redis (a miss's write goes on after its answer). */
async function entriesStored(count: number): Promise<void> {
  for (let i = 0; ; i++) {
    let found = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}cache:e:*`, 'COUNT', 10_000);
      found += keys.length;
      cursor = next;
    } while (cursor !== '0');
    if (found >= count) return;
    if (i > 200) throw new Error(`only ${found} of ${count} cache entries reached Redis`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

beforeAll(async () => {
  simulator = await startSimulator({ port: 0 });
  schema = await createTestSchema('cache_replicas');
  dir = mkdtempSync(join(tmpdir(), 'switchboard-cache-replicas-'));
  const files = [0, 1].map((i) => {
    const file = join(dir, `config-${i}.yaml`);
    writeFileSync(
      file,
      stringify({
        server: { host: '127.0.0.1', port: 0 },
        storage: schema.url,
        redis: 'redis://127.0.0.1:6379',
        admin_key: ADMIN_KEY,
        governance: { redis_prefix: PREFIX, spill_file: join(dir, `spill-${i}.jsonl`) },
        // A test machine loaded by parallel suites can stall a command past the 100 ms default (a miss).
        cache: { mode: 'semantic', redis_timeout_ms: 5_000 },
        providers: [{ id: 'sim', type: 'openai', api_key: 'sk-sim', base_url: `${simulator.url}/v1` }],
        models: [{ name: 'gpt', targets: [{ provider: 'sim', model: 'gpt-4o-mini' }] }],
      }),
    );
    return file;
  });
  // The first start migrates the schema; the second then finds it ready.
  replicas.push(await startReplica(files[0]!));
  replicas.push(await startReplica(files[1]!));
}, 120_000);

afterAll(async () => {
  await Promise.all(replicas.map(stopReplica));
  await schema?.drop();
  await simulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describe('the cache across two replicas sharing Redis', () => {
  it('serves on replica B what replica A answered, and never shares an entry between teams', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const keyA = await teamKey();
    const keyB = await teamKey();
    const question = 'What is the capital of France? [[sim id=cache-replicas-1]]';

    const first = await ask(a, keyA, question);
    expect(first.cache).toBe('miss');
    await entriesStored(1);
    const second = await ask(b, keyA, question);
    expect(second.cache).toBe('hit');
    expect(second.text).toBe(first.text);
    expect(simulator.tally('cache-replicas-1')?.count).toBe(1);

    // Team B asks the very same thing on either replica: its own miss, its own upstream call.
    expect((await ask(b, keyB, question)).cache).toBe('miss');
    expect(simulator.tally('cache-replicas-1')?.count).toBe(2);
    await entriesStored(2);
    expect((await ask(a, keyB, question)).cache).toBe('hit');
    expect((await ask(a, keyA, question)).cache).toBe('hit');
    expect(simulator.tally('cache-replicas-1')?.count).toBe(2);
  });

  it('serves a reworded question on replica B from what replica A stored, never to another team', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const keyA = await teamKey();
    const keyB = await teamKey();
    const first = await ask(a, keyA, 'Can you tell me what the capital of Spain is? [[sim id=cache-replicas-2]]');
    expect(first.cache).toBe('miss');
    await entriesStored(3);
    const reworded = 'Tell me what the capital of Spain is. [[sim id=cache-replicas-2]]';
    const second = await ask(b, keyA, reworded);
    expect(second.cache).toBe('semantic-hit');
    expect(second.text).toBe(first.text);
    expect((await ask(b, keyB, reworded)).cache).toBe('miss');
    expect(simulator.tally('cache-replicas-2')?.count).toBe(2);
  });
});
