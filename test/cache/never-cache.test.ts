/**
 * What the cache must never keep: upstream errors, content-filter stops, streams cut half-way,
 * answers a feature altered, answers over max_entry_bytes, log-probability requests, and anything
 * the caller asked not to store (`x-switchboard-cache: no-store`, `Cache-Control: no-store`,
 * `bypass`). Each case proves it by the next identical request going upstream again. `refresh`
 * goes upstream and replaces the entry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hook } from '../../src/pipeline/contract.js';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { chatBody, post, type Reply, sseFrames, streamedText, upstreamCalls } from './helpers.js';

let stack: TestStack;

/** Marks an answer altered when its question asks for it, as a guard that rewrote it would. */
const alteringGuard: Hook = {
  name: 'test-guard',
  run(ctx) {
    const request = ctx.request as { messages: { content: { type: string; text?: string }[] }[] };
    const last =
      request.messages
        .at(-1)
        ?.content.map((part) => part.text ?? '')
        .join('') ?? '';
    if (last.includes('PLEASE-ALTER')) ctx.answerAlteredBy = 'test-guard';
    return undefined;
  },
};

/** Resolves when a request whose question has this marker has settled (its store phase, if any, is behind it). */
const settledWaiters = new Map<string, () => void>();
const settleWatch: Hook = {
  name: 'test-settle-watch',
  run(ctx) {
    const request = ctx.request as { messages?: { content: { text?: string }[] }[] } | undefined;
    const last =
      request?.messages
        ?.at(-1)
        ?.content.map((part) => part.text ?? '')
        .join('') ?? '';
    for (const [marker, resolve] of settledWaiters) if (last.includes(marker)) resolve();
    return undefined;
  },
};
function settled(marker: string): Promise<void> {
  return new Promise((resolve) => settledWaiters.set(marker, resolve));
}

beforeAll(async () => {
  const target = [{ provider: 'sim', model: 'gpt-4o-mini' }];
  const retries = { max_attempts: 1 };
  stack = await startStack({
    providers: [{ id: 'sim', type: 'openai', api_key: 'sk-sim', base_url: '${SIM}/v1' }],
    models: [
      { name: 'gpt', targets: target, retries },
      { name: 'small', targets: target, retries, cache: { max_entry_bytes: 700 } },
    ],
    extra: { cache: { mode: 'exact' } },
    extraHooks: { checkOutput: [alteringGuard], settle: [settleWatch] },
  });
});
afterAll(async () => stack?.close());

async function chat(body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const reply = await post(stack, '/v1/chat/completions', body, headers);
  await stack.gateway.cache!.flush();
  return reply;
}

/** Asserts the body is not in the cache: asking again goes upstream (and is a miss). */
async function expectNotCached(body: unknown, id: string, before: number): Promise<void> {
  expect(upstreamCalls(stack, id)).toBe(before);
  const again = await chat(body);
  expect(again.cache).toBe('miss');
  expect(upstreamCalls(stack, id)).toBe(before + 1);
}

describe('upstream failures', () => {
  it.each(['500', '429', '400'])('an upstream %s is not cached', async (status) => {
    const id = `never-fault-${status}`;
    const body = chatBody('gpt', id, {}, 'Failing question', `fault=${status} fail_times=1`);
    const failed = await chat(body);
    expect(failed.status).toBeGreaterThanOrEqual(400);
    await expectNotCached(body, id, 1);
    // The success after it is cached: the cache works for this prompt.
    expect((await chat(body)).cache).toBe('hit');
    expect(upstreamCalls(stack, id)).toBe(2);
  });

  it.each([false, true])('a content_filter stop is not cached (stream: %s)', async (stream) => {
    const id = `never-filter-${stream}`;
    const body = chatBody('gpt', id, { stream }, 'A long question the filter trips on half way through', 'fault=content_filter');
    const filtered = await chat(body);
    expect(filtered.status).toBe(200);
    const finish = stream
      ? sseFrames(filtered.text).find((frame) => frame !== '[DONE]' && frame.choices?.[0]?.finish_reason)?.choices[0].finish_reason
      : filtered.json.choices[0].finish_reason;
    expect(finish).toBe('content_filter');
    await expectNotCached(body, id, 1);
  });

  it.each(['fault=cut', 'fault=cut cut_after=3', 'fault=cut0'])('a stream cut mid-way (%s) is not cached', async (fault) => {
    const id = `never-cut-${fault.replaceAll(/[ =]/g, '-')}`;
    const body = chatBody('gpt', id, { stream: true }, 'A question whose answer is cut off before the end', fault);
    const cut = await chat(body);
    // The gateway ends a cut stream with an error frame (or an error body when nothing was sent yet).
    expect(cut.text).toContain('"error"');
    expect(cut.text).not.toContain('"finish_reason":"stop"');
    await expectNotCached(body, id, 1);
  });
});

describe('a client that leaves', () => {
  it('leaves nothing behind when it closes a streamed miss half-way', async () => {
    const id = 'never-client-leaves';
    const body = chatBody('gpt', id, { stream: true }, 'CLIENT-LEAVES before the long answer to this question has been streamed', 'token_ms=20');
    const ended = settled('CLIENT-LEAVES');
    const abort = new AbortController();
    const response = await fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: abort.signal,
    });
    expect(response.headers.get('x-switchboard-cache')).toBe('miss');
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    abort.abort();
    await reader.read().catch(() => undefined);
    await ended;
    await expectNotCached(body, id, 1);
  });
});

describe('what the caller asks', () => {
  it.each([
    ['x-switchboard-cache', 'no-store'],
    ['cache-control', 'no-store'],
    ['cache-control', 'private, no-store'],
  ])('%s: %s is answered but not stored', async (name, value) => {
    const id = `never-nostore-${name}-${value.replaceAll(/[ ,]/g, '')}`;
    const body = chatBody('gpt', id, { stream: true });
    const first = await chat(body, { [name]: value });
    expect(first.status).toBe(200);
    expect(first.cache).toBe('miss');
    await expectNotCached(body, id, 1);
  });

  it.each([
    ['x-switchboard-cache', 'no-store'],
    ['cache-control', 'no-store'],
  ])('%s: %s is still served from an entry that exists', async (name, value) => {
    const id = `never-nostore-served-${name}`;
    const body = chatBody('gpt', id);
    await chat(body);
    const served = await chat(body, { [name]: value });
    expect(served.cache).toBe('hit');
    expect(upstreamCalls(stack, id)).toBe(1);
  });

  it('bypass neither reads nor writes, and says bypass', async () => {
    const id = 'never-bypass';
    const body = chatBody('gpt', id);
    const skipped = await chat(body, { 'x-switchboard-cache': 'bypass' });
    expect(skipped.cache).toBe('bypass');
    await expectNotCached(body, id, 1);
    const bypassed = await chat(body, { 'x-switchboard-cache': 'bypass' });
    expect(bypassed.cache).toBe('bypass');
    expect(upstreamCalls(stack, id)).toBe(3);
    expect((await chat(body)).cache).toBe('hit');
  });

  it('refresh goes upstream and replaces the entry', async () => {
    const id = 'never-refresh';
    const body = chatBody('gpt', id);
    await chat(body);
    expect((await chat(body)).cache).toBe('hit');
    const between = Date.now() + 1;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const refreshed = await chat(body, { 'x-switchboard-cache': 'refresh' });
    expect(refreshed.status).toBe(200);
    expect(refreshed.cache).toBe('miss');
    expect(upstreamCalls(stack, id)).toBe(2);
    // The entry now is the refreshed one: purging everything older than the refresh leaves it.
    await stack.gateway.cache!.store.purge({ createdBefore: between });
    expect((await chat(body)).cache).toBe('hit');
    expect(upstreamCalls(stack, id)).toBe(2);
  });

  it('a log-probabilities request bypasses the cache', async () => {
    const id = 'never-logprobs';
    const body = chatBody('gpt', id, { logprobs: true, top_logprobs: 2 });
    const first = await chat(body);
    expect(first.status, first.text).toBe(200);
    expect(first.cache).toBe('bypass');
    const second = await chat(body);
    expect(second.cache).toBe('bypass');
    expect(upstreamCalls(stack, id)).toBe(2);
  });
});

describe('what the answer is', () => {
  const LONG = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');

  it.each([false, true])('an answer over max_entry_bytes is not stored (stream: %s)', async (stream) => {
    const id = `never-large-${stream}`;
    const body = chatBody('small', id, { stream }, LONG);
    const big = await chat(body);
    expect(big.status).toBe(200);
    expect(stream ? streamedText(big.text) : big.json.choices[0].message.content).toContain('word59');
    await expectNotCached(body, id, 1);
  });

  it('an answer under max_entry_bytes on the same alias is stored', async () => {
    const id = 'never-large-control';
    const body = chatBody('small', id, {}, 'Hi');
    await chat(body);
    expect((await chat(body)).cache).toBe('hit');
    expect(upstreamCalls(stack, id)).toBe(1);
  });

  it.each([false, true])('an empty answer is not stored (stream: %s)', async (stream) => {
    // An OpenAI refusal streamed as refusal deltas reaches the cache as an empty answer.
    const id = `never-empty-${stream}`;
    const body = chatBody('gpt', id, { stream }, 'Say nothing', 'reply=');
    const empty = await chat(body);
    expect(empty.status).toBe(200);
    expect(stream ? streamedText(empty.text) : empty.json.choices[0].message.content).toBe('');
    await expectNotCached(body, id, 1);
  });

  it('an answer a feature altered is not stored', async () => {
    const id = 'never-altered';
    const body = chatBody('gpt', id, {}, 'PLEASE-ALTER this answer');
    const altered = await chat(body);
    expect(altered.status).toBe(200);
    await expectNotCached(body, id, 1);
  });
});
