/**
 * The cache never crosses tenants: an entry written by one team's key is invisible to another
 * team's, streamed or not; `scope: team` and `scope: project` widen sharing only within a team or
 * project; the default `scope: key` shares nothing beyond one key; the namespace header narrows a
 * scope; only `global: true` (config) shares across teams. Each miss is proven by a second
 * upstream call, not by the answer's text (the prompt, hence the simulator's reply, is identical).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { adminCall } from '../governance/helpers.js';
import { chatBody, post, type Reply, streamedText, upstreamCalls } from './helpers.js';

const ADMIN_KEY = `admin-${randomBytes(12).toString('hex')}`;
let stack: TestStack;
let dir: string;

/** Keys: two in team A's project P1, one in A's project P2, two in team B. */
const keys: Record<'a1' | 'a2' | 'a3' | 'b1' | 'b2', string> = { a1: '', a2: '', a3: '', b1: '', b2: '' };

async function created(path: string, body: unknown): Promise<{ id: string; key?: string }> {
  const res = await adminCall(stack.url, ADMIN_KEY, 'POST', path, body);
  expect(res.status, res.text).toBe(201);
  return res.json;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-cache-tenants-'));
  const target = [{ provider: 'sim', model: 'gpt-4o-mini' }];
  stack = await startStack({
    providers: [{ id: 'sim', type: 'openai', api_key: 'sk-sim', base_url: '${SIM}/v1' }],
    models: [
      { name: 'by-key', targets: target },
      { name: 'by-team', targets: target, cache: { scope: 'team' } },
      { name: 'by-project', targets: target, cache: { scope: 'project' } },
      { name: 'shared', targets: target, cache: { global: true } },
    ],
    extra: {
      admin_key: ADMIN_KEY,
      governance: { ledger_flush_ms: 50, spill_file: join(dir, 'spill.jsonl') },
      cache: { mode: 'exact' },
    },
  });
  const teamA = await created('/teams', { name: `cache-a-${randomBytes(3).toString('hex')}` });
  const teamB = await created('/teams', { name: `cache-b-${randomBytes(3).toString('hex')}` });
  const p1 = await created('/projects', { team_id: teamA.id, name: 'p1' });
  const p2 = await created('/projects', { team_id: teamA.id, name: 'p2' });
  keys.a1 = (await created('/keys', { project_id: p1.id, name: 'a1' })).key!;
  keys.a2 = (await created('/keys', { project_id: p1.id, name: 'a2' })).key!;
  keys.a3 = (await created('/keys', { project_id: p2.id, name: 'a3' })).key!;
  keys.b1 = (await created('/keys', { team_id: teamB.id, name: 'b1' })).key!;
  keys.b2 = (await created('/keys', { team_id: teamB.id, name: 'b2' })).key!;
});

afterAll(async () => {
  await stack?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** One chat call as a key; the write of a miss is flushed before the next call looks. */
async function ask(key: keyof typeof keys, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const reply = await post(stack, '/v1/chat/completions', body, { authorization: `Bearer ${keys[key]}`, ...headers });
  expect(reply.status, reply.text).toBe(200);
  await stack.gateway.cache!.flush();
  return reply;
}

describe('team A never reaches team B', () => {
  it('exact, not streamed: B misses and goes upstream for the prompt A cached', async () => {
    const body = chatBody('by-key', 'tenant-body');
    expect((await ask('a1', body)).cache).toBe('miss');
    expect((await ask('a1', body)).cache).toBe('hit');
    expect(upstreamCalls(stack, 'tenant-body')).toBe(1);
    const b = await ask('b1', body);
    expect(b.cache).toBe('miss');
    expect(upstreamCalls(stack, 'tenant-body')).toBe(2);
  });

  it('exact, streamed: B misses and goes upstream for the stream A cached', async () => {
    const body = chatBody('by-key', 'tenant-stream', { stream: true });
    const first = await ask('a1', body);
    expect(first.cache).toBe('miss');
    const again = await ask('a1', body);
    expect(again.cache).toBe('hit');
    expect(streamedText(again.text)).toBe(streamedText(first.text));
    expect(upstreamCalls(stack, 'tenant-stream')).toBe(1);
    expect((await ask('b1', body)).cache).toBe('miss');
    expect(upstreamCalls(stack, 'tenant-stream')).toBe(2);
  });

  it('a team-scoped alias still keeps teams apart', async () => {
    const body = chatBody('by-team', 'tenant-team-cross');
    expect((await ask('b1', body)).cache).toBe('miss');
    expect((await ask('a1', body)).cache).toBe('miss');
    expect(upstreamCalls(stack, 'tenant-team-cross')).toBe(2);
  });
});

describe('scopes within a team', () => {
  it('scope: key (the default) does not share between two keys of one team', async () => {
    const body = chatBody('by-key', 'scope-key');
    expect((await ask('b1', body)).cache).toBe('miss');
    expect((await ask('b2', body)).cache).toBe('miss');
    expect((await ask('b2', body)).cache).toBe('hit');
    expect(upstreamCalls(stack, 'scope-key')).toBe(2);
  });

  it('scope: team shares between keys of one team (across its projects), not with another team', async () => {
    const body = chatBody('by-team', 'scope-team');
    expect((await ask('a1', body)).cache).toBe('miss');
    expect((await ask('a2', body)).cache).toBe('hit');
    expect((await ask('a3', body)).cache).toBe('hit');
    expect(upstreamCalls(stack, 'scope-team')).toBe(1);
    expect((await ask('b1', body)).cache).toBe('miss');
    expect((await ask('b2', body)).cache).toBe('hit');
    expect(upstreamCalls(stack, 'scope-team')).toBe(2);
  });

  it('scope: project shares within a project only', async () => {
    const body = chatBody('by-project', 'scope-project');
    expect((await ask('a1', body)).cache).toBe('miss');
    expect((await ask('a2', body)).cache).toBe('hit');
    expect(upstreamCalls(stack, 'scope-project')).toBe(1);
    expect((await ask('a3', body)).cache).toBe('miss');
    expect(upstreamCalls(stack, 'scope-project')).toBe(2);
    // Keys without a project fall back to their own key: b1 and b2 share nothing.
    expect((await ask('b1', body)).cache).toBe('miss');
    expect((await ask('b2', body)).cache).toBe('miss');
    expect(upstreamCalls(stack, 'scope-project')).toBe(4);
  });

  it('the namespace header narrows: same key, another namespace (or none) misses', async () => {
    const body = chatBody('by-key', 'scope-namespace');
    expect((await ask('a1', body, { 'x-switchboard-cache-namespace': 'alpha' })).cache).toBe('miss');
    expect((await ask('a1', body, { 'x-switchboard-cache-namespace': 'alpha' })).cache).toBe('hit');
    expect((await ask('a1', body, { 'x-switchboard-cache-namespace': 'beta' })).cache).toBe('miss');
    expect((await ask('a1', body)).cache).toBe('miss');
    expect(upstreamCalls(stack, 'scope-namespace')).toBe(3);
  });

  it('the namespace header never widens a team scope to another team', async () => {
    const body = chatBody('by-team', 'scope-namespace-team');
    const ns = { 'x-switchboard-cache-namespace': 'common' };
    expect((await ask('a1', body, ns)).cache).toBe('miss');
    expect((await ask('a2', body, ns)).cache).toBe('hit');
    expect((await ask('b1', body, ns)).cache).toBe('miss');
    expect(upstreamCalls(stack, 'scope-namespace-team')).toBe(2);
  });
});

describe('global: true', () => {
  it('shares one entry across teams', async () => {
    const body = chatBody('shared', 'scope-global');
    const first = await ask('a1', body);
    expect(first.cache).toBe('miss');
    const other = await ask('b1', body);
    expect(other.cache).toBe('hit');
    expect(other.json.choices[0].message.content).toBe(first.json.choices[0].message.content);
    expect(upstreamCalls(stack, 'scope-global')).toBe(1);
  });
});
