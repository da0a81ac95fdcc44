/**
 * What the exact key tells apart, through the gateway: anything that can change the answer
 * (sampling, limits, tools, output format, system prompt, earlier turns, the alias) is a miss;
 * what cannot (whitespace, JSON key order, stream, user, metadata, defaults made explicit) is a
 * hit. Bad cache headers are a 400 in the caller's format naming the header, and an alias's
 * `cache:` override beats the top level.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { post, type Reply, upstreamCalls } from './helpers.js';

let stack: TestStack;

beforeAll(async () => {
  const target = [{ provider: 'sim', model: 'gpt-4o-mini' }];
  stack = await startStack({
    providers: [{ id: 'sim', type: 'openai', api_key: 'sk-sim', base_url: '${SIM}/v1' }],
    models: [
      { name: 'gpt', targets: target },
      { name: 'gpt-twin', targets: target },
      { name: 'uncached', targets: target, cache: { mode: 'off' } },
    ],
    extra: { cache: { mode: 'exact' } },
  });
});
afterAll(async () => stack?.close());

async function chat(body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const reply = await post(stack, '/v1/chat/completions', body, headers);
  expect(reply.status, reply.text).toBe(200);
  await stack.gateway.cache!.flush();
  return reply;
}

const tools = [
  { type: 'function', function: { name: 'lookup', description: 'Looks up', parameters: { type: 'object', properties: { q: { type: 'string' } } } } },
];
const otherTools = [
  { type: 'function', function: { name: 'search', description: 'Searches', parameters: { type: 'object', properties: { q: { type: 'string' } } } } },
];

/** A three-turn conversation ending in a question tagged with the tally id. */
function base(id: string): Record<string, unknown> {
  return {
    model: 'gpt',
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Hello there.' },
      { role: 'assistant', content: 'Hi.' },
      { role: 'user', content: `What is the capital of France? [[sim id=${id}]]` },
    ],
  };
}

type Variant = (body: Record<string, unknown>) => Record<string, unknown>;
const messages = (body: Record<string, unknown>) => body.messages as { role: string; content: string }[];

const MISSES: [string, Variant][] = [
  ['temperature', (b) => ({ ...b, temperature: 0.3 })],
  ['max_tokens', (b) => ({ ...b, max_tokens: 50 })],
  ['tools', (b) => ({ ...b, tools })],
  ['other tools', (b) => ({ ...b, tools: otherTools })],
  ['response_format', (b) => ({ ...b, response_format: { type: 'json_object' } })],
  ['system prompt', (b) => ({ ...b, messages: [{ role: 'system', content: 'You are verbose.' }, ...messages(b).slice(1)] })],
  ['an earlier turn', (b) => ({ ...b, messages: messages(b).map((m, i) => (i === 2 ? { ...m, content: 'Hello.' } : m)) })],
  ['alias', (b) => ({ ...b, model: 'gpt-twin' })],
  ['stop', (b) => ({ ...b, stop: ['Paris'] })],
  ['seed', (b) => ({ ...b, seed: 7 })],
];

const HITS: [string, Variant][] = [
  ['whitespace in text', (b) => ({ ...b, messages: messages(b).map((m) => ({ ...m, content: `  ${m.content.replaceAll(' ', ' \n\t ')}  ` })) })],
  [
    'JSON key order',
    (b) =>
      Object.fromEntries(
        Object.entries(b)
          .reverse()
          .map(([k, v]) => [k, v]),
      ),
  ],
  ['stream', (b) => ({ ...b, stream: true })],
  ['user', (b) => ({ ...b, user: 'end-user-42' })],
  ['metadata', (b) => ({ ...b, metadata: { purpose: 'test' }, store: false })],
  ['response_format text', (b) => ({ ...b, response_format: { type: 'text' } })],
  ['zero penalties', (b) => ({ ...b, frequency_penalty: 0, presence_penalty: 0 })],
];

describe('the key tells apart what changes the answer', () => {
  it.each(MISSES)('a request differing in %s misses', async (name, variant) => {
    const id = `keys-miss-${name.replaceAll(' ', '-')}`;
    await chat(base(id));
    expect((await chat(base(id))).cache).toBe('hit');
    const other = await chat(variant(base(id)));
    expect(other.cache).toBe('miss');
    expect(upstreamCalls(stack, id)).toBe(2);
  });

  it.each(HITS)('a request differing only in %s hits', async (name, variant) => {
    const id = `keys-hit-${name.replaceAll(' ', '-')}`;
    const first = await chat(base(id));
    expect(first.cache).toBe('miss');
    const other = await chat(variant(base(id)));
    expect(other.cache).toBe('hit');
    expect(upstreamCalls(stack, id)).toBe(1);
  });

  it('with tools, tool_choice auto and parallel_tool_calls true are the same as leaving them out', async () => {
    const id = 'keys-tool-defaults';
    await chat({ ...base(id), tools });
    expect((await chat({ ...base(id), tools, tool_choice: 'auto' })).cache).toBe('hit');
    expect((await chat({ ...base(id), tools, tool_choice: 'auto', parallel_tool_calls: true })).cache).toBe('hit');
    expect((await chat({ ...base(id), tools, tool_choice: 'none' })).cache).toBe('miss');
    expect(upstreamCalls(stack, id)).toBe(2);
  });
});

describe('schemas are part of the key verbatim', () => {
  /** A tool whose one parameter is named `property`. */
  const toolWith = (property: string) => [
    { type: 'function', function: { name: 'save', parameters: { type: 'object', properties: { [property]: { type: 'string' } } } } },
  ];
  /** A JSON-schema output format whose one field is named `property`. */
  const formatWith = (property: string) => ({
    type: 'json_schema',
    json_schema: { name: 'answer', schema: { type: 'object', properties: { [property]: { type: 'string' } } } },
  });

  // Field names the key ignores at the top of a request (user, metadata, stream, model, store) are
  // ordinary names inside a schema: tools or formats differing in them ask for different answers.
  it.each([
    ['tool parameter', 'user', 'metadata'],
    ['tool parameter', 'model', 'store'],
    ['tool parameter', 'stream', 'city'],
  ])('tools whose %s is named %s or %s are different requests', async (_what, one, other) => {
    const id = `keys-tool-schema-${one}-${other}`;
    expect((await chat({ ...base(id), tools: toolWith(one) })).cache).toBe('miss');
    const second = await chat({ ...base(id), tools: toolWith(other) });
    expect(second.cache).toBe('miss');
    expect(upstreamCalls(stack, id)).toBe(2);
  });

  it('output schemas whose field is named model or metadata are different requests', async () => {
    const id = 'keys-format-schema';
    const first = await chat({ ...base(id), response_format: formatWith('model') });
    const second = await chat({ ...base(id), response_format: formatWith('metadata') });
    expect(second.cache).toBe('miss');
    expect(second.json.choices[0].message.content).not.toBe(first.json.choices[0].message.content);
    expect(upstreamCalls(stack, id)).toBe(2);
  });

  it('whitespace inside a schema is not normalised away', async () => {
    const id = 'keys-schema-whitespace';
    const described = (description: string) => [
      {
        type: 'function',
        function: { name: 'save', description: 'Saves', parameters: { type: 'object', properties: { content: { type: 'string', enum: [description] } } } },
      },
    ];
    await chat({ ...base(id), tools: described('a b') });
    expect((await chat({ ...base(id), tools: described('a  b') })).cache).toBe('miss');
    expect(upstreamCalls(stack, id)).toBe(2);
  });
});

describe('bad cache headers', () => {
  it('an unknown x-switchboard-cache value is a 400 in the OpenAI format naming the header', async () => {
    const reply = await post(stack, '/v1/chat/completions', base('keys-bad-header'), { 'x-switchboard-cache': 'forever' });
    expect(reply.status).toBe(400);
    expect(reply.json.error.type).toBe('invalid_request_error');
    expect(reply.json.error.param).toBe('x-switchboard-cache');
    expect(reply.json.error.message).toContain('x-switchboard-cache');
    expect(upstreamCalls(stack, 'keys-bad-header')).toBe(0);
  });

  it('an unknown x-switchboard-cache value is a 400 in the Anthropic format on /v1/messages', async () => {
    const body = { model: 'gpt', max_tokens: 50, messages: [{ role: 'user', content: 'Hi [[sim id=keys-bad-header-anthropic]]' }] };
    const reply = await post(stack, '/v1/messages', body, { 'x-switchboard-cache': 'sometimes', 'anthropic-version': '2023-06-01' });
    expect(reply.status).toBe(400);
    expect(reply.json.type).toBe('error');
    expect(reply.json.error.type).toBe('invalid_request_error');
    expect(reply.json.error.message).toContain('x-switchboard-cache');
    expect(upstreamCalls(stack, 'keys-bad-header-anthropic')).toBe(0);
  });

  it.each(['has space', 'x'.repeat(65), 'semi;colon', ''])('a malformed namespace (%j) is a 400 naming the header', async (namespace) => {
    const reply = await post(stack, '/v1/chat/completions', base('keys-bad-namespace'), { 'x-switchboard-cache-namespace': namespace });
    expect(reply.status).toBe(400);
    expect(reply.json.error.param).toBe('x-switchboard-cache-namespace');
    expect(reply.json.error.message).toContain('x-switchboard-cache-namespace');
    expect(upstreamCalls(stack, 'keys-bad-namespace')).toBe(0);
  });
});

describe('per-alias override', () => {
  it('models[].cache.mode: off beats the top-level exact mode', async () => {
    const id = 'keys-alias-off';
    const body = { ...base(id), model: 'uncached' };
    const first = await chat(body);
    const second = await chat(body);
    expect(first.cache).toBeNull();
    expect(second.cache).toBeNull();
    expect(upstreamCalls(stack, id)).toBe(2);
  });
});

describe('per-alias override over a cache that is off', () => {
  let offStack: TestStack;

  beforeAll(async () => {
    const target = [{ provider: 'sim', model: 'gpt-4o-mini' }];
    offStack = await startStack({
      providers: [{ id: 'sim', type: 'openai', api_key: 'sk-sim', base_url: '${SIM}/v1' }],
      models: [
        { name: 'plain', targets: target },
        { name: 'cached', targets: target, cache: { mode: 'exact' } },
      ],
    });
  });
  afterAll(async () => offStack?.close());

  async function twice(body: unknown): Promise<[Reply, Reply]> {
    const first = await post(offStack, '/v1/chat/completions', body);
    await offStack.gateway.cache!.flush();
    return [first, await post(offStack, '/v1/chat/completions', body)];
  }

  it('models[].cache.mode: exact caches that alias only; other aliases and direct models stay uncached', async () => {
    const [miss, hit] = await twice({ ...base('keys-on-alias'), model: 'cached' });
    expect([miss.cache, hit.cache]).toEqual(['miss', 'hit']);
    expect(upstreamCalls(offStack, 'keys-on-alias')).toBe(1);
    const [plain1, plain2] = await twice({ ...base('keys-on-plain'), model: 'plain' });
    expect([plain1.cache, plain2.cache]).toEqual([null, null]);
    expect(upstreamCalls(offStack, 'keys-on-plain')).toBe(2);
    const [direct1, direct2] = await twice({ ...base('keys-on-direct'), model: 'sim/gpt-4o-mini' });
    expect(direct1.status, direct1.text).toBe(200);
    expect([direct1.cache, direct2.cache]).toEqual([null, null]);
    expect(upstreamCalls(offStack, 'keys-on-direct')).toBe(2);
  });
});
