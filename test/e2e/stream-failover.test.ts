/**
 * Stream-aware failover through a running gateway: a stream that fails before any content
 * reached the client is a failed attempt (the next target answers, and the client never knows;
 * with one target it gets a proper HTTP error); once content went out, a failure ends the stream
 * with the client format's own error event, and nothing is sent upstream again. Per-target
 * timeouts (first token, idle, total) bound attempts, and a client that leaves cancels them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StackConfig, startStack, type TestStack } from '../../src/testing/stack.js';
import { expectAnthropicError, expectOpenAIError, postJson, type RawResponse } from '../bad-input/http.js';
import { sseEvents } from '../security/raw.js';

let stack: TestStack;
let flaky: Server;
/** Each response the flaky upstream started, with whether the gateway hung up before it was whole. */
const flakyCalls: Array<{ mode: string; hungUp: Promise<boolean> }> = [];

const openaiChunk = (delta: Record<string, unknown>) =>
  `data: ${JSON.stringify({ id: 'flaky-1', object: 'chat.completion.chunk', created: 1, model: 'flaky-model', choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`;
const anthropicEvent = (data: Record<string, unknown>) => `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;
const MESSAGE_START = anthropicEvent({
  type: 'message_start',
  message: { id: 'msg_flaky', type: 'message', role: 'assistant', model: 'flaky-claude', content: [], usage: { input_tokens: 1, output_tokens: 0 } },
});
const OVERLOADED = anthropicEvent({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
const TEXT_BLOCK =
  anthropicEvent({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }) +
  anthropicEvent({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'partial answer' } });

/**
 * An upstream that misbehaves as the prompt says (`flaky=MODE`), in the OpenAI Chat Completions
 * format or Anthropic's (by path): cuts, stalls, error frames and empty streams, before or after
 * its first text.
 */
function startFlaky(): Promise<Server> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const mode = /flaky=([\w-]+)/.exec(Buffer.concat(chunks).toString())?.[1] ?? 'none';
      flakyCalls.push({ mode, hungUp: new Promise((resolve) => res.on('close', () => resolve(!res.writableFinished))) });
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const cut = () => res.write('', () => res.socket?.destroy());
      switch (mode) {
        case 'cut-before':
          res.write(openaiChunk({ role: 'assistant', content: '' }));
          return cut();
        case 'empty':
          return res.end(`${openaiChunk({ role: 'assistant', content: '' })}data: [DONE]\n\n`);
        case 'stall-before':
          return void res.write(openaiChunk({ role: 'assistant', content: '' }));
        case 'stall-after':
          return void res.write(openaiChunk({ role: 'assistant', content: '' }) + openaiChunk({ content: 'partial answer' }));
        case 'overloaded':
          return res.end(MESSAGE_START + OVERLOADED);
        case 'overloaded-after':
          // The error comes in a later chunk, once the text has gone out to the client.
          res.write(MESSAGE_START + TEXT_BLOCK);
          return void setTimeout(() => res.end(OVERLOADED), 100);
        case 'overloaded-same-chunk':
          return res.end(MESSAGE_START + TEXT_BLOCK + OVERLOADED);
        default:
          return res.end();
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  flaky = await startFlaky();
  const flakyUrl = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}`;
  const sim = { provider: 'sim', model: 'sim-small' };
  const models = [
    { name: 'flaky-then-sim', targets: [{ provider: 'flaky', model: 'm' }, sim] },
    { name: 'flaky-claude-then-sim', targets: [{ provider: 'flaky-claude', model: 'claude-sonnet-4-5' }, sim] },
    { name: 'flaky-only', targets: [{ provider: 'flaky', model: 'm' }], timeouts: { first_token_ms: 300 } },
    { name: 'flaky-claude-only', targets: [{ provider: 'flaky-claude', model: 'claude-sonnet-4-5' }] },
    { name: 'slow-first-token-then-sim', targets: [{ provider: 'flaky', model: 'm' }, sim], timeouts: { first_token_ms: 300 } },
    { name: 'flaky-idle', targets: [{ provider: 'flaky', model: 'm' }], timeouts: { idle_ms: 300 } },
    { name: 'sim-twice', targets: [sim, { provider: 'sim2', model: 'sim-small' }] },
    { name: 'claude-twice', targets: [{ provider: 'claude', model: 'claude-sonnet-4-5' }, sim] },
    { name: 'sim-total', targets: [sim], timeouts: { total_ms: 500 } },
    { name: 'small', targets: [sim] },
  ];
  stack = await startStack({
    // These tests fail the same deployments on purpose, again and again: their breakers would open
    // and turn later tests into fail-fast 503s (breakers have their own tests).
    extra: { routing: { breaker: false } },
    providers: [
      { id: 'flaky', type: 'openai', api_key: 'k', base_url: `${flakyUrl}/v1` },
      { id: 'flaky-claude', type: 'anthropic', api_key: 'k', base_url: flakyUrl },
      { id: 'sim', type: 'openai', api_key: 'k', base_url: '${SIM}/v1' },
      { id: 'sim2', type: 'openai', api_key: 'k', base_url: '${SIM}/v1' },
      { id: 'claude', type: 'anthropic', api_key: 'k', base_url: '${SIM}' },
    ],
    // Per-alias timeouts are part of the config schema, beyond what StackConfig's type spells out.
    models: models as StackConfig['models'],
  });
});
afterAll(async () => {
  await stack?.close();
  await new Promise<void>((resolve) => (flaky ? flaky.close(() => resolve()) : resolve()));
});

const chat = (model: string, content: string) => postJson(`${stack.url}/v1/chat/completions`, { model, stream: true, messages: [{ role: 'user', content }] });
const messages = (model: string, content: string) =>
  postJson(`${stack.url}/v1/messages`, { model, stream: true, max_tokens: 200, messages: [{ role: 'user', content }] });

/** The text of an OpenAI-format stream, and its error event if any. */
function openaiStream(res: RawResponse): { text: string; error?: { code: string; message: string }; models: string[] } {
  let text = '';
  let error: { code: string; message: string } | undefined;
  const models = new Set<string>();
  for (const { data } of sseEvents(res.text)) {
    if (data === '[DONE]') continue;
    const chunk = JSON.parse(data) as { error?: { code: string; message: string }; model?: string; choices?: Array<{ delta?: { content?: string } }> };
    if (chunk.error) error = chunk.error;
    if (chunk.model) models.add(chunk.model);
    text += chunk.choices?.[0]?.delta?.content ?? '';
  }
  return { text, error, models: [...models] };
}

/** Resolves, for the simulator's next request, with whether the gateway hung up before the answer was whole. */
function nextSimulatorCall(): Promise<boolean> {
  return new Promise((resolve) => {
    const onRequest = (_req: IncomingMessage, res: ServerResponse) => {
      stack.simulator.server.off('request', onRequest);
      res.once('close', () => resolve(!res.writableFinished));
    };
    stack.simulator.server.on('request', onRequest);
  });
}

describe('a stream that fails before any content reached the client', () => {
  for (const mode of ['cut-before', 'empty', 'stall-before']) {
    it(`falls back to the next target transparently (${mode})`, async () => {
      const alias = mode === 'stall-before' ? 'slow-first-token-then-sim' : 'flaky-then-sim';
      const res = await chat(alias, `hi flaky=${mode}`);
      expect(res.status, res.text).toBe(200);
      expect(res.headers['x-switchboard-attempts']).toBe('2');
      expect(res.headers['x-switchboard-provider']).toBe('sim');
      const stream = openaiStream(res);
      expect(stream.error).toBeUndefined();
      expect(stream.text).toBe(`Simulated reply to: hi flaky=${mode}`);
      // Nothing of the failed attempt reached the client, not even its role chunk's model.
      expect(stream.models).not.toContain('flaky-model');
      expect(res.text.trimEnd().endsWith('data: [DONE]')).toBe(true);
      // The failed attempt's connection was released.
      await flakyCalls.at(-1)!.hungUp;
    });
  }

  it("falls back past Anthropic's event: error overloaded, for OpenAI and Anthropic clients alike", async () => {
    const openai = await chat('flaky-claude-then-sim', 'hi flaky=overloaded');
    expect(openai.status, openai.text).toBe(200);
    expect(openai.headers['x-switchboard-attempts']).toBe('2');
    expect(openaiStream(openai)).toMatchObject({ text: 'Simulated reply to: hi flaky=overloaded', error: undefined });

    const anthropic = await messages('flaky-claude-then-sim', 'hi flaky=overloaded');
    expect(anthropic.status, anthropic.text).toBe(200);
    expect(anthropic.headers['x-switchboard-provider']).toBe('sim');
    expect(anthropic.text).not.toContain('event: error');
    expect(anthropic.text).not.toContain('msg_flaky');
    expect(sseEvents(anthropic.text).at(-1)?.event).toBe('message_stop');
  });

  it('falls back when the error frame comes in the same upstream chunk as the first text: none of it went out yet', async () => {
    const res = await messages('flaky-claude-then-sim', 'hi flaky=overloaded-same-chunk');
    expect(res.status, res.text).toBe(200);
    expect(res.headers['x-switchboard-provider']).toBe('sim');
    expect(res.text).not.toContain('partial answer');
    expect(res.text).not.toContain('event: error');
  });

  it('with a single target, answers an HTTP error in the client format instead of a 200 stream', async () => {
    expectOpenAIError(await chat('flaky-only', 'hi flaky=cut-before'), 502, 'upstream_unavailable');
    expectOpenAIError(await chat('flaky-only', 'hi flaky=empty'), 502, 'upstream_invalid_response');
    const overloaded = expectAnthropicError(await messages('flaky-claude-only', 'hi flaky=overloaded'), 503, 'upstream_overloaded');
    expect(overloaded.error.type).toBe('overloaded_error');
    const slow = expectOpenAIError(await chat('flaky-only', 'hi flaky=stall-before'), 504, 'upstream_timeout');
    expect(slow.error.message).toContain("Provider 'flaky' did not send its first token within 300 ms (timeouts.first_token_ms)");
    expect(await flakyCalls.at(-1)!.hungUp).toBe(true);
  });
});

describe('a stream that fails after content reached the client', () => {
  // Eight frames: past every simulated provider's first text, well before the end of the answer.
  const CUT = 'one two three four five six seven eight nine ten [[sim fault=cut cut_after=8]]';

  it('OpenAI Chat Completions: ends with data: {"error":…} and never retries', async () => {
    stack.simulator.received.clear();
    const res = await chat('sim-twice', CUT);
    expect(res.status).toBe(200);
    const stream = openaiStream(res);
    expect(stream.text.startsWith('Simulated reply to: one')).toBe(true);
    expect(stream.error).toMatchObject({ code: 'upstream_unavailable' });
    expect(res.text).not.toContain('"finish_reason":"stop"');
    expect(stack.simulator.received.all(/chat\/completions/)).toHaveLength(1);
  });

  it('the official openai SDK raises on it', async () => {
    const client = new OpenAI({ apiKey: 'any', baseURL: `${stack.url}/v1`, maxRetries: 0 });
    let received = '';
    const failure = await (async () => {
      const stream = await client.chat.completions.create({ model: 'sim-twice', stream: true, messages: [{ role: 'user', content: CUT }] });
      for await (const chunk of stream) received += chunk.choices[0]?.delta.content ?? '';
    })().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(received.length).toBeGreaterThan(0);
    expect(failure, `the SDK finished normally with ${JSON.stringify(received)}`).toBeInstanceOf(OpenAI.APIError);
  });

  it('Anthropic Messages: ends with event: error, after the text that went out', async () => {
    stack.simulator.received.clear();
    const res = await messages('claude-twice', CUT);
    expect(res.status).toBe(200);
    const events = sseEvents(res.text);
    expect(events.some((e) => e.event === 'content_block_delta')).toBe(true);
    expect(events.at(-1)?.event).toBe('error');
    expect(JSON.parse(events.at(-1)!.data)).toMatchObject({ type: 'error', error: { type: expect.stringMatching(/_error$/) } });
    expect(stack.simulator.received.all()).toHaveLength(1);
    const anthropic = new Anthropic({ apiKey: 'any', baseURL: stack.url, maxRetries: 0 });
    const failure = await anthropic.messages
      .stream({ model: 'claude-twice', max_tokens: 200, messages: [{ role: 'user', content: CUT }] })
      .finalMessage()
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(failure).toBeInstanceOf(Anthropic.APIError);
  });

  it("Anthropic's own event: error after content is passed on as event: error, with no fallback", async () => {
    const res = await messages('flaky-claude-then-sim', 'hi flaky=overloaded-after');
    expect(res.status).toBe(200);
    expect(res.headers['x-switchboard-provider']).toBe('flaky-claude');
    const events = sseEvents(res.text);
    expect(res.text).toContain('partial answer');
    expect(events.at(-1)?.event).toBe('error');
    expect(JSON.parse(events.at(-1)!.data)).toMatchObject({ error: { type: 'overloaded_error' } });
  });

  it('Responses API: ends with its error event and response.failed', async () => {
    const client = new OpenAI({ apiKey: 'any', baseURL: `${stack.url}/v1`, maxRetries: 0 });
    const stream = await client.responses.create({ model: 'sim-twice', stream: true, input: CUT });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    expect(events.some((e) => e.type === 'response.output_text.delta')).toBe(true);
    expect(events.slice(-2).map((e) => e.type)).toEqual(['error', 'response.failed']);
    expect((events.at(-1) as OpenAI.Responses.ResponseFailedEvent).response.error?.code).toMatch(/^upstream_/);
  });

  it('an idle upstream after content ends the stream with upstream_timeout naming timeouts.idle_ms', async () => {
    const res = await chat('flaky-idle', 'hi flaky=stall-after');
    expect(res.status).toBe(200);
    const stream = openaiStream(res);
    expect(stream.text).toBe('partial answer');
    expect(stream.error).toMatchObject({ code: 'upstream_timeout' });
    expect(stream.error!.message).toContain("Provider 'flaky' sent nothing for 300 ms (timeouts.idle_ms)");
    expect(await flakyCalls.at(-1)!.hungUp).toBe(true);
  });

  it('timeouts.total_ms ends a stream still going with upstream_timeout and hangs up on the upstream', async () => {
    const upstream = nextSimulatorCall();
    const words = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
    const res = await chat('sim-total', `${words} [[sim token_ms=50]]`);
    expect(res.status).toBe(200);
    const stream = openaiStream(res);
    expect(stream.text.startsWith('Simulated')).toBe(true);
    expect(stream.error).toMatchObject({ code: 'upstream_timeout' });
    expect(stream.error!.message).toContain('did not finish within 500 ms (timeouts.total_ms)');
    expect(await upstream).toBe(true);
  });
});

describe('a client that disconnects', () => {
  /** Starts a streamed request, aborts it once the simulator has it (after `afterMs`), and resolves when the simulator's answer closed. */
  async function abandon(content: string, afterMs: number): Promise<boolean> {
    const upstream = nextSimulatorCall();
    const controller = new AbortController();
    const request = fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'small', stream: true, messages: [{ role: 'user', content }] }),
      signal: controller.signal,
    }).then(
      async (res) => {
        // Read a little (a stream already flowing), then leave.
        const reader = res.body!.getReader();
        await reader.read();
        controller.abort();
      },
      () => undefined,
    );
    setTimeout(() => controller.abort(), afterMs);
    await request.catch(() => undefined);
    return upstream;
  }

  it('cancels an attempt waiting for the head of an upstream that hangs', async () => {
    expect(await abandon('hi [[sim fault=hang]]', 200)).toBe(true);
  });

  it('cancels an attempt waiting for a first token that is late (ttft_ms: the head waits with it)', async () => {
    expect(await abandon('hi [[sim ttft_ms=5000]]', 200)).toBe(true);
  });

  it('cancels an attempt being primed (head and role chunk in, the first text late)', async () => {
    expect(await abandon('hi [[sim token_ms=5000]]', 200)).toBe(true);
  });

  it('cancels the stream of the attempt that answered', async () => {
    const words = Array.from({ length: 60 }, (_, i) => `w${i}`).join(' ');
    expect(await abandon(`${words} [[sim token_ms=100]]`, 5_000)).toBe(true);
  });
});
