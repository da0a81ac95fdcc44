import { readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import { createAwsEventStreamFrameDecoder } from './aws-eventstream.js';
import type { StreamFrame } from './provider.js';

// The byte-exact contentBlockDelta frame of the Bedrock wire reference, §4.4.
const DOC_FRAME = Buffer.from(
  '0000009400000057b4ab9aee0b3a6576656e742d74797065070011636f6e74656e74426c6f636b44656c74610d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e0d3a6d6573736167652d747970650700056576656e747b22636f6e74656e74426c6f636b496e646578223a302c2264656c7461223a7b2274657874223a224869227d7d1f944657',
  'hex',
);

function collect(chunks: Uint8Array[]): StreamFrame[] {
  const frames: StreamFrame[] = [];
  const decoder = createAwsEventStreamFrameDecoder((f) => frames.push(f));
  for (const chunk of chunks) decoder.push(chunk);
  decoder.end();
  return frames;
}

function bytewise(data: Uint8Array): Uint8Array[] {
  return Array.from(data, (_, i) => data.subarray(i, i + 1));
}

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../bedrock/fixtures/${name}`, import.meta.url)));

describe('createAwsEventStreamFrameDecoder', () => {
  it('decodes the reference frame into event type, payload and message type', () => {
    expect(collect([DOC_FRAME])).toEqual([{ messageType: 'event', event: 'contentBlockDelta', data: '{"contentBlockIndex":0,"delta":{"text":"Hi"}}' }]);
  });

  it('accepts the aws-c-event-stream CRC vectors (empty message, one header + payload)', () => {
    const empty = Buffer.from('000000100000000005c248eb7d98c8ff', 'hex');
    expect(collect([empty])).toEqual([{ messageType: 'event', data: '' }]);
    // 61 bytes: header content-type=application/json, payload {'foo':'bar'}.
    const header = Buffer.concat([Buffer.from([0x0c]), Buffer.from('content-type'), Buffer.from([7, 0, 16]), Buffer.from('application/json')]);
    const message = Buffer.concat([Buffer.from('0000003d0000002007fd8396', 'hex'), header, Buffer.from("{'foo':'bar'}"), Buffer.from('8d9c08b1', 'hex')]);
    expect(message.length).toBe(61);
    expect(collect([message])).toEqual([{ messageType: 'event', data: "{'foo':'bar'}" }]);
  });

  it('gives the same frames whether the stream arrives whole, byte by byte, or at every split point', () => {
    const stream = fixture('converse-stream-tools.bin');
    const whole = collect([stream]);
    expect(whole).toHaveLength(10);
    expect(whole[4]).toEqual({
      messageType: 'event',
      event: 'contentBlockStart',
      data: '{"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"tooluse_kZJMlvQmRJ6eAyJE5GIl7Q","name":"get_weather"}}}',
    });
    expect(collect(bytewise(stream))).toEqual(whole);
    for (let cut = 1; cut < stream.length; cut += 37) {
      expect(collect([stream.subarray(0, cut), stream.subarray(cut)])).toEqual(whole);
    }
  });

  it('reports exception frames with their :exception-type', () => {
    const frames = collect([fixture('converse-stream-throttled.bin')]);
    expect(frames[2]).toEqual({
      messageType: 'exception',
      event: 'throttlingException',
      data: '{"message":"Too many requests, please wait before trying again."}',
    });
  });

  it('reports unmodeled error frames with :error-code and :error-message', () => {
    const headers = Buffer.concat([
      Buffer.from([11]),
      Buffer.from(':error-code'),
      Buffer.from([7, 0, 13]),
      Buffer.from('InternalError'),
      Buffer.from([14]),
      Buffer.from(':error-message'),
      Buffer.from([7, 0, 4]),
      Buffer.from('boom'),
      Buffer.from([13]),
      Buffer.from(':message-type'),
      Buffer.from([7, 0, 5]),
      Buffer.from('error'),
    ]);
    const total = 12 + headers.length + 4;
    const prelude = Buffer.alloc(12);
    prelude.writeUInt32BE(total, 0);
    prelude.writeUInt32BE(headers.length, 4);
    prelude.writeUInt32BE(crc32(prelude.subarray(0, 8)), 8);
    const body = Buffer.concat([prelude, headers]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body), 0);
    expect(collect([Buffer.concat([body, crc])])).toEqual([{ messageType: 'error', event: 'InternalError', data: 'boom' }]);
  });

  it('rejects a corrupted payload (message CRC) with a 502', () => {
    const bad = Buffer.from(DOC_FRAME);
    bad[0x70] = bad[0x70]! ^ 0x01;
    const error = catchError(() => collect([bad]));
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: 'upstream_invalid_response', status: 502 });
    expect(String((error as Error).message)).toMatch(/checksum/i);
  });

  it('rejects a corrupted prelude before waiting for the announced length', () => {
    const bad = Buffer.from(DOC_FRAME);
    bad[2] = 0x7f; // announces ~8 MB; the prelude CRC no longer matches
    const frames: StreamFrame[] = [];
    const decoder = createAwsEventStreamFrameDecoder((f) => frames.push(f));
    expect(() => decoder.push(bad.subarray(0, 12))).toThrow(/prelude CRC/);
    expect(frames).toEqual([]);
  });

  it('rejects a corrupted message CRC even when the payload is intact', () => {
    const bad = Buffer.from(DOC_FRAME);
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 0xff;
    expect(() => collect([bad])).toThrow(GatewayError);
  });

  it('fails at end of body when a message was cut short, but not between messages', () => {
    const decoder = createAwsEventStreamFrameDecoder(() => {});
    decoder.push(DOC_FRAME.subarray(0, 100));
    expect(() => decoder.end()).toThrow(/ended inside a message/);
    const clean = createAwsEventStreamFrameDecoder(() => {});
    clean.push(DOC_FRAME);
    expect(() => clean.end()).not.toThrow();
  });

  it('handles several messages in one chunk and a message larger than the initial buffer', () => {
    const big = JSON.stringify({ contentBlockIndex: 0, delta: { text: 'x'.repeat(20_000) } });
    const { encode } = makeEncoder();
    const stream = Buffer.concat([encode('contentBlockDelta', big), DOC_FRAME, encode('contentBlockStop', '{"contentBlockIndex":0}')]);
    const frames = collect([stream.subarray(0, 5000), stream.subarray(5000, 15000), stream.subarray(15000)]);
    expect(frames.map((f) => f.event)).toEqual(['contentBlockDelta', 'contentBlockDelta', 'contentBlockStop']);
    expect(frames[0]!.data).toBe(big);
  });
});

describe('createAwsEventStreamFrameDecoder event cap', () => {
  const { encode } = makeEncoder();
  const delta = (text: string) => encode('contentBlockDelta', JSON.stringify({ contentBlockIndex: 0, delta: { text } }));

  it('refuses a message announcing more than maxEventBytes from its prelude alone, before buffering its body', () => {
    const message = delta('x'.repeat(5000));
    const frames: StreamFrame[] = [];
    const decoder = createAwsEventStreamFrameDecoder((f) => frames.push(f), { maxEventBytes: 4096, providerId: 'bedrock' });
    decoder.push(DOC_FRAME);
    decoder.push(message.subarray(0, 5));
    const error = catchError(() => decoder.push(message.subarray(5, 12)));
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: 'upstream_response_too_large', status: 502, provider: 'bedrock' });
    expect(String((error as Error).message)).toMatch(/Provider 'bedrock' sent a stream event larger than the limit of 4 KiB.*server\.upstream_max_event_bytes/);
    expect(frames).toHaveLength(1);
    // Whole, in one read, it is refused the same way.
    expect(() => createAwsEventStreamFrameDecoder(() => {}, { maxEventBytes: 4096 }).push(message)).toThrow(/larger than the limit/);
  });

  it('caps each message, not the stream: many messages up to the cap pass however the reads split them', () => {
    const message = delta('y'.repeat(900));
    const stream = Buffer.concat(Array.from({ length: 50 }, () => message));
    for (const step of [1, 7, 1000, 4096, stream.length]) {
      const frames: StreamFrame[] = [];
      const decoder = createAwsEventStreamFrameDecoder((f) => frames.push(f), { maxEventBytes: message.length });
      for (let i = 0; i < stream.length; i += step) decoder.push(stream.subarray(i, i + step));
      decoder.end();
      expect(frames).toHaveLength(50);
      expect(frames[49]!.data).toContain('y'.repeat(900));
    }
    expect(() => createAwsEventStreamFrameDecoder(() => {}, { maxEventBytes: message.length - 1 }).push(message)).toThrow(GatewayError);
  });

  it('is bounded by the 4 MiB default when no cap is given', () => {
    const decoder = createAwsEventStreamFrameDecoder(() => {});
    expect(() => decoder.push(delta('z'.repeat(4 * 1024 * 1024)))).toThrow(/stream event larger than the limit of 4 MiB/);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

function makeEncoder() {
  const codec = new EventStreamCodec(toUtf8, fromUtf8);
  return {
    encode: (type: string, payload: string) =>
      Buffer.from(
        codec.encode({
          headers: {
            ':event-type': { type: 'string', value: type },
            ':content-type': { type: 'string', value: 'application/json' },
            ':message-type': { type: 'string', value: 'event' },
          },
          body: fromUtf8(payload),
        }),
      ),
  };
}
