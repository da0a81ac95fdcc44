/**
 * Upstream read caps through a running gateway: the simulator's huge_body fault sends more than
 * the gateway accepts, and the client gets a 502 upstream_response_too_large instead of a gateway
 * that buffers without bound. Runs on the default caps (32 MiB bodies, 4 MiB stream events).
 */
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFrameDecoder } from '../../src/pipeline/frame-decoder.js';
import { startStack, type TestStack } from '../../src/testing/stack.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({
    providers: [
      { id: 'sim', type: 'openai', api_key: 'k', base_url: '${SIM}/v1' },
      { id: 'co', type: 'cohere', api_key: 'k', base_url: '${SIM}' },
    ],
    models: [
      { name: 'small', targets: [{ provider: 'sim', model: 'sim-small' }] },
      { name: 'embed', targets: [{ provider: 'co', model: 'embed-v4.0' }] },
    ],
  });
});
// The streaming pipeline does not yet release an upstream body it stopped reading after a decoder
// error, so closing waits out HttpClient.close()'s grace period (5 s) before cutting that request.
afterAll(async () => stack?.close(), 30_000);

const post = (path: string, body: unknown) =>
  fetch(`${stack.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('upstream read caps', () => {
  it('answers 502 upstream_response_too_large for a non-streamed body past server.upstream_max_body_bytes', async () => {
    const response = await post('/v1/embeddings', { model: 'embed', input: ['hi [[sim huge_body=34000000]]'] });
    expect(response.status).toBe(502);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('upstream_response_too_large');
    expect(body.error.message).toContain("Provider 'co'");
    expect(body.error.message).toContain('32 MiB');
    expect(body.error.message).toContain('server.upstream_max_body_bytes');
  });

  it('answers 502 upstream_response_too_large when the first stream event passes the event cap', async () => {
    // huge_body answers a streamed request with one 5 MB line: an SSE event that never ends. It
    // fails before any content was decoded, so the attempt fails (streams are primed up to their
    // first content) and the client gets an HTTP error, not a 200 stream ending in an error event.
    const response = await post('/v1/chat/completions', {
      model: 'small',
      stream: true,
      messages: [{ role: 'user', content: 'hi [[sim huge_body=5000000]]' }],
    });
    expect(response.status).toBe(502);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'upstream_response_too_large' } });
    expect(text).toContain('server.upstream_max_event_bytes');
    expect(text.length).toBeLessThan(10_000);
  });

  it('still reports an upstream error whose body is past the cap, by its status alone', async () => {
    const response = await post('/v1/chat/completions', { model: 'small', messages: [{ role: 'user', content: 'hi [[sim fault=500 huge_body=34000000]]' }] });
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { code: string } };
    expect(body.error.code).toBe('upstream_error');
  });

  it('keeps serving afterwards', async () => {
    const response = await post('/v1/chat/completions', { model: 'small', messages: [{ role: 'user', content: 'hi' }] });
    expect(response.status).toBe(200);
  });
});

describe('createFrameDecoder', () => {
  it('hands the event cap to both decoders', () => {
    const sse = createFrameDecoder('sse', () => {}, { maxEventBytes: 10, providerId: 'p' });
    expect(() => sse.push(new TextEncoder().encode('data: 0123456789\n\n'))).toThrow(/Provider 'p' sent a stream event larger than the limit of 10 bytes/);
    const aws = createFrameDecoder('aws-eventstream', () => {}, { maxEventBytes: 16 });
    // A valid prelude announcing 20 bytes: refused before the rest arrives.
    const prelude = Buffer.from([0, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0]);
    prelude.writeUInt32BE(crc32(prelude.subarray(0, 8)), 8);
    expect(() => aws.push(prelude)).toThrow(/larger than the limit of 16 bytes/);
  });
});
