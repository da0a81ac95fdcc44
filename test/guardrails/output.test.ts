/**
 * Output guardrails end to end: PII redacted in streamed and whole answers in every ingress
 * format; an upstream stream split at every byte boundary never leaks a value and always gives the
 * same text; a denied term ends the stream with the ingress's error event before it goes out;
 * json_schema answers are checked; a redacted answer is never cached.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { post, sseFrames, streamedText } from '../cache/helpers.js';

/** The answer the byte-splitting upstream streams, as its content deltas. */
const DELTAS = [
  'Write to ',
  'jane.d',
  'oe@exam',
  'ple.com or ring +1 (415) ',
  '555-0132. The card 4111 1111 ',
  '1111 1111 was declined; key sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z ',
  'leaked. Krisztián says hi.',
];
const VALUES = ['jane.doe@example.com', '555-0132', '4111 1111 1111 1111', 'sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z'];

/** The SSE body of an OpenAI chat stream carrying DELTAS. */
function sseBody(): Buffer {
  const frame = (delta: Record<string, unknown>, finish: string | null = null) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-split', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  let body = frame({ role: 'assistant', content: '' });
  for (const d of DELTAS) body += frame({ content: d });
  body += frame({}, 'stop');
  body += 'data: [DONE]\n\n';
  return Buffer.from(body, 'utf8');
}

/** An OpenAI-compatible upstream that streams sseBody() cut at the byte offset the request's `user` names. */
async function startSplittingUpstream(): Promise<{ url: string; close(): Promise<void> }> {
  const body = sseBody();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const split = Number(JSON.parse(Buffer.concat(chunks).toString()).user ?? 0);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(body.subarray(0, split));
      // A separate write on a later turn: the gateway reads two chunks.
      setTimeout(() => res.end(body.subarray(split)), 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let stack: TestStack;
let upstream: Awaited<ReturnType<typeof startSplittingUpstream>>;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  upstream = await startSplittingUpstream();
  stack = await startStack({
    providers: [
      { id: 'openai', type: 'openai', api_key: 'sk-key', base_url: '${SIM}/v1' },
      { id: 'anthropic', type: 'anthropic', api_key: 'sk-ant-key', base_url: '${SIM}' },
      { id: 'splitter', type: 'openai', api_key: 'sk-key', base_url: `${upstream.url}/v1` },
    ],
    models: [
      { name: 'gpt', targets: [{ provider: 'openai', model: 'gpt-4o-mini' }] },
      { name: 'claude', targets: [{ provider: 'anthropic', model: 'claude-sonnet-4-5' }] },
      { name: 'split', targets: [{ provider: 'splitter', model: 'gpt-4o-mini' }] },
      { name: 'strict', targets: [{ provider: 'openai', model: 'gpt-4o-mini' }] },
      { name: 'cached', targets: [{ provider: 'openai', model: 'gpt-4o-mini' }], cache: { mode: 'exact' } },
    ],
    extra: {
      guardrails: [
        { name: 'pii-out', type: 'pii', on: ['output'], action: 'redact' },
        { name: 'codename', type: 'denied_terms', on: ['output'], action: 'block', terms: ['Project Nightingale'], applies_to: { aliases: ['gpt', 'claude'] } },
        { name: 'json', type: 'json_schema', on: ['output'], applies_to: { aliases: ['strict'] } },
      ],
    },
  });
  openai = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'open', maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: stack.url, apiKey: 'open', maxRetries: 0 });
});
afterAll(async () => {
  await stack?.close();
  await upstream?.close();
});

/** A simulator directive that makes the model say `text` (spaces as `_`). */
function say(text: string): string {
  return `[[sim reply=${text.replaceAll(' ', '_')}]]`;
}

describe('PII in answers', () => {
  it('is redacted in a whole answer and in a stream, through the OpenAI SDK', async () => {
    const content = `hi ${say('Sure: mail jane.doe@example.com today.')}`;
    const whole = await openai.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content }] });
    expect(whole.choices[0]!.message.content).toBe('Sure: mail [EMAIL] today.');
    const stream = await openai.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Sure: mail [EMAIL] today.');
  });

  it('is redacted in an Anthropic stream', async () => {
    const stream = anthropic.messages.stream({
      model: 'claude',
      max_tokens: 100,
      messages: [{ role: 'user', content: `hi ${say('Call 555-867-5309 or mail a.b@example.net now.')}` }],
    });
    const message = await stream.finalMessage();
    const text = message.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
    expect(text).toBe('Call [PHONE] or mail [EMAIL] now.');
  });

  it('never leaks a value whatever byte the upstream stream is cut at', async () => {
    const total = sseBody().length;
    let reference: string | undefined;
    for (let split = 0; split <= total; split++) {
      const reply = await post(stack, '/v1/chat/completions', {
        model: 'split',
        stream: true,
        user: String(split),
        messages: [{ role: 'user', content: 'go' }],
      });
      expect(reply.status).toBe(200);
      const frames = sseFrames(reply.text);
      expect(frames.at(-1)).toBe('[DONE]');
      const text = streamedText(reply.text);
      for (const value of VALUES) expect(text, `split at byte ${split}`).not.toContain(value);
      reference ??= text;
      expect(text, `split at byte ${split}`).toBe(reference);
    }
    expect(reference).toContain('[EMAIL]');
    expect(reference).toContain('[CREDIT_CARD]');
    expect(reference).toContain('[API_KEY]');
    expect(reference).toContain('Krisztián says hi.');
  });
});

describe('denied terms', () => {
  it('end an OpenAI stream with an error event before the term goes out', async () => {
    const reply = await post(stack, '/v1/chat/completions', {
      model: 'gpt',
      stream: true,
      messages: [{ role: 'user', content: `hi ${say('The plan is called Project Nightingale and it ships soon.')}` }],
    });
    expect(reply.status).toBe(200);
    expect(reply.text).not.toContain('Nightingale');
    const frames = sseFrames(reply.text);
    const error = frames.find((f) => f !== '[DONE]' && f.error);
    expect(error.error.code).toBe('guardrail_blocked');
    expect(error.error.message).toContain("'codename'");
  });

  it('end an Anthropic stream with its error event', async () => {
    const reply = await post(stack, '/v1/messages', {
      model: 'claude',
      max_tokens: 100,
      stream: true,
      messages: [{ role: 'user', content: `hi ${say('Project Nightingale is secret.')}` }],
    });
    expect(reply.text).not.toContain('Nightingale');
    expect(reply.text).toContain('event: error');
  });

  it('block a whole answer with 400', async () => {
    const reply = await post(stack, '/v1/chat/completions', { model: 'gpt', messages: [{ role: 'user', content: `hi ${say('Project Nightingale.')}` }] });
    expect(reply.status).toBe(400);
    expect(reply.json.error.code).toBe('guardrail_blocked');
    expect(reply.headers.get('x-switchboard-guardrail')).toBe('codename');
    expect(reply.text).not.toContain('Nightingale');
  });
});

describe('json_schema answers', () => {
  const format = {
    type: 'json_schema',
    json_schema: {
      name: 'city',
      strict: true,
      schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
    },
  };

  it('pass when they fit the schema, streamed or not', async () => {
    const whole = await post(stack, '/v1/chat/completions', {
      model: 'strict',
      response_format: format,
      messages: [{ role: 'user', content: 'Capital of France?' }],
    });
    expect(whole.status).toBe(200);
    expect(JSON.parse(whole.json.choices[0].message.content)).toHaveProperty('city');
    const streamed = await post(stack, '/v1/chat/completions', {
      model: 'strict',
      stream: true,
      response_format: format,
      messages: [{ role: 'user', content: 'Capital?' }],
    });
    expect(JSON.parse(streamedText(streamed.text))).toHaveProperty('city');
  });

  it('are blocked when they do not, and a stream never sends the bad text', async () => {
    const bad = say('not json at all');
    const whole = await post(stack, '/v1/chat/completions', { model: 'strict', response_format: format, messages: [{ role: 'user', content: `x ${bad}` }] });
    expect(whole.status).toBe(400);
    expect(whole.json.error.message).toContain("'json'");
    const streamed = await post(stack, '/v1/chat/completions', {
      model: 'strict',
      stream: true,
      response_format: format,
      messages: [{ role: 'user', content: `x ${bad}` }],
    });
    expect(streamed.text).not.toContain('not json');
    expect(streamed.text).toContain('guardrail_blocked');
  });
});

describe('the cache', () => {
  it('never stores an answer a guard redacted', async () => {
    const body = { model: 'cached', messages: [{ role: 'user' as const, content: `hi ${say('mail x.y@example.com')}` }] };
    const first = await post(stack, '/v1/chat/completions', body);
    expect(first.json.choices[0].message.content).toBe('mail [EMAIL]');
    await stack.gateway.cache!.flush();
    const second = await post(stack, '/v1/chat/completions', body);
    expect(second.cache).toBe('miss');
  });
});
