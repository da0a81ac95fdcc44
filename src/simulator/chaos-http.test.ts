/**
 * The chaos harness's simulator features over HTTP: cut0 (the head, then a cut before content),
 * fail_times with id, the tally (in process and at GET /_sim/tally/{id}), and chaos configured by
 * an x-sim-scenario header while each request names its own id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from './server.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 1234 });
});
afterAll(async () => {
  await sim.close();
});

const BEARER = { authorization: 'Bearer k', 'content-type': 'application/json' };
const ANTHROPIC = { 'x-api-key': 'k', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' };

const chatBody = (content: string, stream = false) => JSON.stringify({ model: 'gpt-4o', stream, messages: [{ role: 'user', content }] });
const chat = (content: string, headers: Record<string, string> = {}, stream = false, url = sim.url) =>
  fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { ...BEARER, ...headers }, body: chatBody(content, stream) });

/** Reads a body to its end; answers what arrived and the error that ended it, if one did. */
async function drain(res: Response): Promise<{ text: string; error?: unknown }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text };
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    return { text, error };
  }
}

describe('fault=cut0', () => {
  it('streamed (OpenAI): the head and the role-only chunk, then a cut before any content', async () => {
    const res = await chat('one two three [[sim fault=cut0]]', {}, true);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const { text, error } = await drain(res);
    expect(error).toBeDefined();
    const events = text
      .split('\n')
      .filter((l) => l.startsWith('data: '))
      .map((l) => JSON.parse(l.slice(6)));
    expect(events).toHaveLength(1);
    expect(events[0].choices[0].delta).toEqual({ role: 'assistant', content: '', refusal: null });
  });

  it('streamed (Anthropic): message_start, then the cut', async () => {
    const res = await fetch(`${sim.url}/v1/messages`, {
      method: 'POST',
      headers: ANTHROPIC,
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'hi [[sim fault=cut0]]' }] }),
    });
    expect(res.status).toBe(200);
    const { text, error } = await drain(res);
    expect(error).toBeDefined();
    expect(text).toContain('event: message_start');
    expect(text).not.toContain('content_block');
  });

  it('streamed (Gemini, whose first chunk already carries text): the head only', async () => {
    const res = await fetch(`${sim.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`, {
      method: 'POST',
      headers: { 'x-goog-api-key': 'k', 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi [[sim fault=cut0]]' }] }] }),
    });
    expect(res.status).toBe(200);
    const { text, error } = await drain(res);
    expect(error).toBeDefined();
    expect(text).toBe('');
  });

  it('not streamed: a 200 head promising a body, then the cut', async () => {
    const res = await chat('hi [[sim fault=cut0]]');
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(0);
    const { text, error } = await drain(res);
    expect(error).toBeDefined();
    expect(text).toBe('');
  });

  it('leaves the simulator serving', async () => {
    expect((await chat('hi')).status).toBe(200);
  });
});

describe('fail_times and the tally', () => {
  it('fails the first N requests of an id with the fault, then succeeds; the tally has each arrival', async () => {
    const spec = '[[sim fault=429 retry_after=1 fail_times=1 id=retry-me]]';
    const first = await chat(`hi ${spec}`);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('1');
    await first.text();
    const second = await chat(`hi ${spec}`);
    expect(second.status).toBe(200);
    await second.text();
    const entry = sim.tally('retry-me')!;
    expect(entry.count).toBe(2);
    expect(entry.times).toHaveLength(2);
    expect(entry.times[1]!).toBeGreaterThanOrEqual(entry.times[0]!);
  });

  it('answers the tally at GET /_sim/tally/{id}, count 0 for an id never seen', async () => {
    await (await chat('hi [[sim id=over-http]]')).text();
    const known = (await (await fetch(`${sim.url}/_sim/tally/over-http`)).json()) as { times: number[] };
    expect(known).toMatchObject({ id: 'over-http', count: 1 });
    expect(known.times).toHaveLength(1);
    expect(await (await fetch(`${sim.url}/_sim/tally/never-seen`)).json()).toEqual({ id: 'never-seen', count: 0, times: [] });
  });

  it('counts an id across families (what "never sent twice to any provider" needs)', async () => {
    await (await chat('hi [[sim id=both]]')).text();
    const res = await fetch(`${sim.url}/v1/messages`, {
      method: 'POST',
      headers: ANTHROPIC,
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi [[sim id=both]]' }] }),
    });
    await res.text();
    expect(sim.tally('both')?.count).toBe(2);
  });
});

describe('chaos from the x-sim-scenario header', () => {
  it("merges the provider's header with the request's directive: the header's fault, the request's id", async () => {
    const res = await chat('hi [[sim id=merged]]', { 'x-sim-scenario': 'fault=503' });
    expect(res.status).toBe(503);
    await res.text();
    expect(sim.tally('merged')?.count).toBe(1);
  });

  it('injects faults from the mix at the given rate, and reports what it injected at GET /_sim/chaos', async () => {
    const before = sim.state.injected()['502'] ?? 0;
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) {
      const res = await chat(`hi [[sim id=rate-${i}]]`, { 'x-sim-scenario': 'chaos=0.5 chaos_mix=502 chaos_seed=3' });
      statuses.push(res.status);
      await res.text();
    }
    const failed = statuses.filter((s) => s === 502).length;
    expect(statuses.every((s) => s === 200 || s === 502)).toBe(true);
    expect(failed).toBeGreaterThan(70);
    expect(failed).toBeLessThan(130);
    expect(sim.state.injected()['502']! - before).toBe(failed);
    const report = (await (await fetch(`${sim.url}/_sim/chaos`)).json()) as { seed: number; injected: Record<string, number> };
    expect(report.seed).toBe(1234);
    expect(report.injected['502']).toBe(sim.state.injected()['502']);
  });

  it('gives every request the same fate on another simulator with the same seed', async () => {
    const other = await startSimulator({ port: 0 });
    try {
      const fates = async (url: string) => {
        const out: number[] = [];
        for (let i = 0; i < 60; i++) {
          const res = await chat(`hi [[sim id=fate-${i}]]`, { 'x-sim-scenario': 'chaos=0.5 chaos_mix=500,429 chaos_seed=77' }, false, url);
          out.push(res.status);
          await res.text();
        }
        return out;
      };
      expect(await fates(other.url)).toEqual(await fates(sim.url));
    } finally {
      await other.close();
    }
  });

  it('hangs when chaos draws hang', async () => {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 300);
    const error = await fetch(`${sim.url}/v1/chat/completions`, {
      method: 'POST',
      signal: abort.signal,
      headers: { ...BEARER, 'x-sim-scenario': 'chaos=1 chaos_mix=hang' },
      body: chatBody('hi [[sim id=hung]]'),
    }).catch((e: unknown) => e);
    clearTimeout(timer);
    expect((error as Error).name).toBe('AbortError');
    expect(sim.tally('hung')?.count).toBe(1);
  });
});
