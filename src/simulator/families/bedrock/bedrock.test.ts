/** The Bedrock simulator family over HTTP, checked without the gateway's provider code. */
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { SignatureV4 } from '@smithy/signature-v4';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../server.js';
import { encodeMessage, eventMessage, exceptionMessage } from './eventstream.js';
import { expectedSignature } from './sigv4.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});

const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const path = (model: string, op: string) => `/model/${encodeURIComponent(model)}/${op}`;
const hello = { messages: [{ role: 'user', content: [{ text: 'Hello' }] }] };

async function post(op: string, body: unknown, headers: Record<string, string> = { authorization: 'Bearer test-key' }, model = MODEL) {
  const res = await fetch(`${sim.url}${path(model, op)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, type: res.headers.get('x-amzn-errortype'), headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

const json = (bytes: Uint8Array) => JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, unknown>;

/** An independent signer: the AWS SDK's, with node:crypto hashing. */
class Sha256 {
  private h;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    const key =
      secret === undefined || typeof secret === 'string'
        ? secret
        : ArrayBuffer.isView(secret)
          ? new Uint8Array(secret.buffer, secret.byteOffset, secret.byteLength)
          : new Uint8Array(secret);
    this.h = key === undefined ? createHash('sha256') : createHmac('sha256', key);
  }
  update(data: Uint8Array) {
    this.h.update(data);
  }
  digest() {
    return Promise.resolve(new Uint8Array(this.h.digest()));
  }
  reset() {}
}

async function signed(body: string, creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, service = 'bedrock') {
  const url = new URL(`${sim.url}${path(MODEL, 'converse')}`);
  const signer = new SignatureV4({ service, region: 'us-east-1', credentials: creds, sha256: Sha256, applyChecksum: false });
  const request = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query: {},
    headers: { 'content-type': 'application/json', host: url.host },
    body,
  });
  const { host: _host, ...headers } = request.headers;
  return headers;
}

/** Splits an event stream into messages with the AWS codec (which checks both CRCs). */
function messages(bytes: Uint8Array) {
  const codec = new EventStreamCodec(toUtf8, fromUtf8);
  const out: Array<{ headers: Record<string, string>; body: string }> = [];
  for (let at = 0; at < bytes.length; ) {
    const total = new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0);
    const message = codec.decode(bytes.subarray(at, at + total));
    const headers = Object.fromEntries(Object.entries(message.headers).map(([k, v]) => [k, String(v.value)]));
    out.push({ headers, body: toUtf8(message.body) });
    at += total;
  }
  return out;
}

describe('event-stream encoder', () => {
  it('reproduces the reference frame byte for byte (§4.4)', () => {
    const frame = eventMessage('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hi' } });
    expect(Buffer.from(frame).toString('hex')).toBe(
      '0000009400000057b4ab9aee0b3a6576656e742d74797065070011636f6e74656e74426c6f636b44656c74610d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e0d3a6d6573736167652d747970650700056576656e747b22636f6e74656e74426c6f636b496e646578223a302c2264656c7461223a7b2274657874223a224869227d7d1f944657',
    );
  });

  it('matches the aws-c-event-stream vectors and the 178-byte exception frame', () => {
    expect(Buffer.from(encodeMessage([], '')).toString('hex')).toBe('000000100000000005c248eb7d98c8ff');
    const withHeader = Buffer.from(encodeMessage([['content-type', 'application/json']], "{'foo':'bar'}"));
    expect(withHeader.length).toBe(61);
    expect(withHeader.subarray(0, 12).toString('hex')).toBe('0000003d0000002007fd8396');
    expect(withHeader.subarray(57).toString('hex')).toBe('8d9c08b1');
    const exception = exceptionMessage('throttlingException', 'Too many requests, please wait before trying again.');
    expect(exception.length).toBe(178);
    expect(messages(exception)[0]!.headers[':message-type']).toBe('exception');
  });
});

describe('SigV4 verification', () => {
  it('reproduces the reference Bedrock signature with its own implementation (§5.4)', () => {
    const body = Buffer.from('{"messages":[{"role":"user","content":[{"text":"Hi"}]}],"inferenceConfig":{"maxTokens":64}}');
    expect(
      expectedSignature({
        method: 'POST',
        rawPath: '/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse',
        rawQuery: '',
        headers: { 'content-type': 'application/json', host: 'bedrock-runtime.us-east-1.amazonaws.com', 'x-amz-date': '20250101T120000Z' },
        signedHeaders: ['content-type', 'host', 'x-amz-date'],
        body,
        amzDate: '20250101T120000Z',
        scope: '20250101/us-east-1/bedrock/aws4_request',
        secret: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      }),
    ).toBe('798114b77b56676fe8cc7b4986a7dda59cafeaf633ab8aef0e501728580b1d2a');
  });

  it('accepts a request signed with the simulator key, with and without a session token', async () => {
    const body = JSON.stringify(hello);
    expect((await post('converse', body, await signed(body, { accessKeyId: 'AKIDSIMULATOR', secretAccessKey: 'simulator-secret' }))).status).toBe(200);
    const temporary = await signed(body, { accessKeyId: 'AKIDSIMULATOR', secretAccessKey: 'simulator-secret', sessionToken: 'tok' });
    expect((await post('converse', body, temporary)).status).toBe(200);
  });

  it('rejects a tampered body, a wrong secret and an unsigned session token with InvalidSignatureException', async () => {
    const body = JSON.stringify(hello);
    const headers = await signed(body, { accessKeyId: 'AKIDSIMULATOR', secretAccessKey: 'simulator-secret' });
    const tampered = await post('converse', body.replace('Hello', 'Hellp'), headers);
    expect(tampered.status).toBe(403);
    expect(tampered.type).toMatch(/^InvalidSignatureException:/);
    expect(json(tampered.bytes).message).toMatch(/signature we calculated does not match/);
    const wrong = await post('converse', body, await signed(body, { accessKeyId: 'AKIDSIMULATOR', secretAccessKey: 'nope' }));
    expect(wrong.status).toBe(403);
    const smuggled = await post('converse', body, { ...headers, 'x-amz-security-token': 'tok' });
    expect(smuggled.status).toBe(403);
  });

  it('checks only the form for other key ids, including the service in the scope', async () => {
    const body = JSON.stringify(hello);
    expect((await post('converse', body, await signed(body, { accessKeyId: 'AKIAOTHER', secretAccessKey: 'x' }))).status).toBe(200);
    const wrongService = await post('converse', body, await signed(body, { accessKeyId: 'AKIAOTHER', secretAccessKey: 'x' }, 'bedrock-runtime'));
    expect(wrongService.status).toBe(403);
    expect(json(wrongService.bytes).message).toMatch(/correct service: 'bedrock'/);
  });

  it('rejects missing and malformed Authorization headers', async () => {
    const missing = await post('converse', hello, {});
    expect([missing.status, missing.type?.split(':')[0]]).toEqual([403, 'MissingAuthenticationTokenException']);
    const malformed = await post('converse', hello, {
      authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/bedrock/aws4_request',
      'x-amz-date': '20250101T120000Z',
    });
    expect([malformed.status, malformed.type?.split(':')[0]]).toEqual([400, 'IncompleteSignatureException']);
    const noDate = await post('converse', hello, {
      authorization: `AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=${'a'.repeat(64)}`,
    });
    expect(noDate.status).toBe(400);
  });
});

describe('Converse validation', () => {
  const bad: Array<[string, unknown, RegExp]> = [
    ['an unknown top-level field', { ...hello, temperature: 0.5 }, /Unknown parameter 'temperature'/],
    ['a block with two members', { messages: [{ role: 'user', content: [{ text: 'a', image: {} }] }] }, /exactly one member/],
    ['an empty block', { messages: [{ role: 'user', content: [{}] }] }, /exactly one member/],
    ['an unknown block member', { messages: [{ role: 'user', content: [{ txt: 'a' }] }] }, /Unknown parameter 'txt'/],
    ['no messages', {}, /Value null at 'messages'/],
    ['a first assistant turn', { messages: [{ role: 'assistant', content: [{ text: 'a' }] }] }, /must start with a user message/],
    [
      'two user turns in a row',
      {
        messages: [
          { role: 'user', content: [{ text: 'a' }] },
          { role: 'user', content: [{ text: 'b' }] },
        ],
      },
      /must alternate/,
    ],
    ['blank text', { messages: [{ role: 'user', content: [{ text: '  ' }] }] }, /is blank/],
    ['empty content', { messages: [{ role: 'user', content: [] }] }, /content field in the Message object at messages.0 is empty/],
    [
      'a bad image format',
      { messages: [{ role: 'user', content: [{ image: { format: 'bmp', source: { bytes: 'AAAA' } } }] }] },
      /enum value set: \[png, jpeg, gif, webp\]/,
    ],
    [
      'an image URL source',
      { messages: [{ role: 'user', content: [{ image: { format: 'png', source: { url: 'https://x/y.png' } } }] }] },
      /Unknown parameter 'url'/,
    ],
    ['temperature above 1', { ...hello, inferenceConfig: { temperature: 1.5 } }, /inferenceConfig.temperature/],
    [
      'a toolChoice naming an unknown tool',
      { ...hello, toolConfig: { tools: [{ toolSpec: { name: 'a', inputSchema: { json: { type: 'object' } } } }], toolChoice: { tool: { name: 'b' } } } },
      /not defined/,
    ],
    [
      'a none toolChoice',
      { ...hello, toolConfig: { tools: [{ toolSpec: { name: 'a', inputSchema: { json: { type: 'object' } } } }], toolChoice: { none: {} } } },
      /Unknown parameter 'none'/,
    ],
    ['an unknown Claude field', { ...hello, additionalModelRequestFields: { seed: 1 } }, /seed: Extra inputs are not permitted/],
    [
      'a thinking budget at maxTokens',
      { ...hello, inferenceConfig: { maxTokens: 2000 }, additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 2000 } } },
      /must be greater than `thinking.budget_tokens`/,
    ],
    [
      'temperature while thinking',
      { ...hello, inferenceConfig: { temperature: 0.5 }, additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 1024 } } },
      /temperature/,
    ],
    [
      'a non-string structured-output schema',
      { ...hello, outputConfig: { textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: { type: 'object' } } } } } },
      /must be a string/,
    ],
  ];
  for (const [name, body, message] of bad) {
    it(`rejects ${name} with a ValidationException`, async () => {
      const res = await post('converse', body);
      expect(res.status).toBe(400);
      expect(res.type).toBe('ValidationException');
      expect(String(json(res.bytes).message)).toMatch(message);
    });
  }

  const toolUse = { toolUse: { toolUseId: 'tooluse_1', name: 'w', input: {} } };
  const toolConfig = { tools: [{ toolSpec: { name: 'w', inputSchema: { json: { type: 'object' } } } }] };
  it('requires toolConfig with tool blocks and tool results that answer the previous turn', async () => {
    const turns = (resultId: string) => [
      { role: 'user', content: [{ text: 'q' }] },
      { role: 'assistant', content: [toolUse] },
      { role: 'user', content: [{ toolResult: { toolUseId: resultId, content: [{ text: 'r' }] } }] },
    ];
    expect(String(json((await post('converse', { messages: turns('tooluse_1') })).bytes).message)).toMatch(/toolConfig field must be defined/);
    expect(String(json((await post('converse', { messages: turns('tooluse_2'), toolConfig })).bytes).message)).toMatch(/does not match any toolUse/);
    const ok = await post('converse', { messages: turns('tooluse_1'), toolConfig });
    expect(ok.status).toBe(200);
    expect(json(ok.bytes)).toMatchObject({ output: { message: { content: [{ text: 'Tool results received: r' }] } }, stopReason: 'end_turn' });
  });

  it('answers invalid JSON with a SerializationException', async () => {
    const res = await post('converse', '{"messages": [');
    expect([res.status, res.type]).toEqual([400, 'SerializationException']);
  });

  it('answers injected faults with the matching error shape', async () => {
    const res = await post('converse', { messages: [{ role: 'user', content: [{ text: 'Hi [[sim fault=503]]' }] }] });
    expect([res.status, res.type]).toEqual([503, 'ServiceUnavailableException']);
  });
});

describe('Converse responses', () => {
  it('renders usage with cache reads outside inputTokens and inside totalTokens', async () => {
    const res = await post('converse', { messages: [{ role: 'user', content: [{ text: 'Hello there friend [[sim cached=2]]' }] }] });
    const body = json(res.bytes);
    expect(body.usage).toMatchObject({ cacheReadInputTokens: 2, cacheWriteInputTokens: 0 });
    const usage = body.usage as Record<string, number>;
    expect(usage.totalTokens).toBe(usage.inputTokens! + usage.cacheReadInputTokens! + usage.outputTokens!);
  });

  it('streams real event-stream messages in Bedrock order, metadata last, padded payloads', async () => {
    const res = await post('converse-stream', {
      messages: [{ role: 'user', content: [{ text: 'Use w please' }] }],
      toolConfig: { tools: [{ toolSpec: { name: 'w', inputSchema: { json: { type: 'object', properties: { x: { type: 'string' } } } } } }] },
    });
    expect(res.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
    const stream = messages(res.bytes);
    expect(stream.map((m) => m.headers[':event-type'])).toEqual([
      'messageStart',
      'contentBlockStart',
      'contentBlockDelta',
      'contentBlockDelta',
      'contentBlockStop',
      'messageStop',
      'metadata',
    ]);
    for (const m of stream) expect(m.headers[':message-type']).toBe('event');
    const payloads = stream.map((m) => JSON.parse(m.body) as Record<string, unknown>);
    expect(payloads.every((p) => typeof p.p === 'string')).toBe(true);
    expect(payloads[1]).toMatchObject({ contentBlockIndex: 0, start: { toolUse: { name: 'w', toolUseId: expect.stringMatching(/^tooluse_/) } } });
    const input = payloads
      .slice(2, 4)
      .map((p) => (p.delta as { toolUse: { input: string } }).toolUse.input)
      .join('');
    expect(JSON.parse(input)).toEqual({ x: 'sample x' });
    expect(payloads[5]).toMatchObject({ stopReason: 'tool_use' });
    expect(payloads[6]).toMatchObject({
      usage: { inputTokens: expect.any(Number), outputTokens: expect.any(Number) },
      metrics: { latencyMs: expect.any(Number) },
    });
  });

  it('ends a stream with a throttlingException message for fault=midstream_429', async () => {
    const res = await post('converse-stream', { messages: [{ role: 'user', content: [{ text: 'Hi there [[sim fault=midstream_429]]' }] }] });
    expect(res.status).toBe(200);
    const last = messages(res.bytes).at(-1)!;
    expect(last.headers).toMatchObject({ ':message-type': 'exception', ':exception-type': 'throttlingException' });
  });
});

describe('InvokeModel embeddings', () => {
  it('refuses extraneous keys and missing fields in the model-native body', async () => {
    const extra = await post('invoke', { inputText: 'a', foo: 1 }, undefined, 'amazon.titan-embed-text-v2:0');
    expect([extra.status, extra.type]).toEqual([400, 'ValidationException']);
    expect(json(extra.bytes).message).toBe('Malformed input request: extraneous key [foo] is not permitted, please reformat your input and try again.');
    const noType = await post('invoke', { texts: ['a'] }, undefined, 'cohere.embed-english-v3');
    expect(noType.status).toBe(400);
    const chat = await post('invoke', { inputText: 'a' }, undefined, MODEL);
    expect(chat.status).toBe(400);
  });

  it('answers Titan and Cohere bodies with token-count headers', async () => {
    const titan = await post('invoke', { inputText: 'hello world', dimensions: 512 }, undefined, 'amazon.titan-embed-text-v2:0');
    expect((json(titan.bytes).embedding as number[]).length).toBe(512);
    expect(titan.headers.get('x-amzn-bedrock-input-token-count')).toBe('3');
    const cohere = await post('invoke', { texts: ['a', 'b'], input_type: 'search_document' }, undefined, 'cohere.embed-english-v3');
    expect(json(cohere.bytes)).toMatchObject({ response_type: 'embeddings_floats', texts: ['a', 'b'] });
  });
});
