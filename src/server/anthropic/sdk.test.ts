/**
 * The official Anthropic SDK as the client of this ingress codec: a tiny in-test HTTP server
 * decodes the request with the codec and answers from a scripted canonical result, so the SDK's
 * own parser and MessageStream accumulator judge the encoders' output.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import type { ChatResponse, StreamEvent } from '../../core/types.js';
import { anthropicIngress } from './index.js';

const RESPONSE: ChatResponse = {
  id: 'chatcmpl-upstream',
  model: 'gpt-4o',
  created: 1,
  text: 'Checking both.',
  reasoning: 'Two cities.',
  reasoningSignature: 'sig-abc',
  toolCalls: [
    { id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
    { id: 'call_2', name: 'get_weather', arguments: '{"city":"Rome"}' },
  ],
  finishReason: 'tool_calls',
  usage: { inputTokens: 120, outputTokens: 30, cachedInputTokens: 100 },
};

const EVENTS: StreamEvent[] = [
  { type: 'start', id: 'chatcmpl-upstream', model: 'gpt-4o', created: 1 },
  { type: 'reasoning', text: 'Two ' },
  { type: 'reasoning', text: 'cities.' },
  { type: 'reasoning_signature', signature: 'sig-abc' },
  { type: 'text', text: 'Checking ' },
  { type: 'text', text: 'both.' },
  { type: 'tool_call_start', index: 0, id: 'call_1', name: 'get_weather' },
  { type: 'tool_call_delta', index: 0, arguments: '{"city":' },
  { type: 'tool_call_delta', index: 0, arguments: '"Paris"}' },
  { type: 'tool_call_start', index: 1, id: 'call_2', name: 'get_weather' },
  { type: 'tool_call_delta', index: 1, arguments: '{"city":"Rome"}' },
  { type: 'finish', reason: 'tool_calls' },
  { type: 'usage', usage: { inputTokens: 120, outputTokens: 30, cachedInputTokens: 100 } },
];

let server: Server;
let client: Anthropic;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const context = { requestedModel: 'sonnet', includeUsage: false };
      try {
        const request = anthropicIngress.decodeChat(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        if (request.messages.some((m) => m.role === 'user' && m.content.some((p) => p.type === 'text' && p.text === 'rate limit me'))) {
          throw new GatewayError('upstream_rate_limited', 429, 'Slow down.', { retryAfterSeconds: 0 });
        }
        if (!request.stream) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(anthropicIngress.encodeChat(RESPONSE, context)));
          return;
        }
        const encoder = anthropicIngress.createStreamEncoder(context);
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        for (const event of EVENTS) res.write(encoder.encode(event));
        res.end(encoder.end());
      } catch (err) {
        const encoded = anthropicIngress.encodeError(err as GatewayError);
        res.writeHead(encoded.status, { 'content-type': 'application/json', ...encoded.headers });
        res.end(JSON.stringify(encoded.body));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  client = new Anthropic({ apiKey: 'k', baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, maxRetries: 0 });
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const params = { model: 'sonnet', max_tokens: 100, messages: [{ role: 'user' as const, content: 'Weather in Paris and Rome?' }] };

describe('anthropic ingress with the official SDK', () => {
  it('non-streamed and streamed answers parse to the same message', async () => {
    const created = await client.messages.create(params);
    const streamed = await client.messages.stream(params).finalMessage();
    expect(created.content).toEqual([
      { type: 'thinking', thinking: 'Two cities.', signature: 'sig-abc' },
      { type: 'text', text: 'Checking both.' },
      { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_2', name: 'get_weather', input: { city: 'Rome' } },
    ]);
    expect(streamed.content).toEqual(created.content);
    expect(streamed.stop_reason).toBe('tool_use');
    expect(streamed.usage).toMatchObject({ input_tokens: 20, cache_read_input_tokens: 100, output_tokens: 30 });
    expect(created.usage).toMatchObject(streamed.usage);
  });

  it('errors become the SDK error class for the status, with the stable code readable', async () => {
    const error = await client.messages.create({ ...params, messages: [{ role: 'user', content: 'rate limit me' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect((error as InstanceType<typeof Anthropic.RateLimitError>).error).toMatchObject({
      type: 'error',
      error: { type: 'rate_limit_error', message: 'Slow down.', code: 'upstream_rate_limited' },
    });
    const bad = await client.messages.create({ ...params, max_tokens: 0 }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(Anthropic.BadRequestError);
    expect((bad as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ error: { param: 'max_tokens', code: 'invalid_request' } });
  });
});
