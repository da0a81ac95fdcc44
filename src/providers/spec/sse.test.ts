import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import type { StreamFrame } from './provider.js';
import { createSseFrameDecoder, DEFAULT_MAX_EVENT_BYTES, type FrameDecoderOptions } from './sse.js';

const bytes = (text: string) => new TextEncoder().encode(text);

function decoder(options?: FrameDecoderOptions) {
  const frames: StreamFrame[] = [];
  return { frames, sse: createSseFrameDecoder((f) => frames.push(f), options) };
}

function thrown(fn: () => void): GatewayError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(GatewayError);
    return err as GatewayError;
  }
  throw new Error('expected an error');
}

describe('createSseFrameDecoder event cap', () => {
  it('refuses an event larger than maxEventBytes with 502 upstream_response_too_large naming provider, limit and field', () => {
    const { frames, sse } = decoder({ maxEventBytes: 1024, providerId: 'openai' });
    sse.push(bytes('data: {"small":true}\n\n'));
    const huge = bytes(`data: ${'x'.repeat(2000)}\n\n`);
    const err = thrown(() => {
      for (let i = 0; i < huge.length; i += 100) sse.push(huge.subarray(i, i + 100));
    });
    expect(err).toMatchObject({ code: 'upstream_response_too_large', status: 502, provider: 'openai' });
    expect(err.message).toContain("Provider 'openai'");
    expect(err.message).toContain('1 KiB (1024 bytes)');
    expect(err.message).toContain('server.upstream_max_event_bytes');
    expect(frames).toEqual([{ data: '{"small":true}' }]);
  });

  it('refuses a line that never ends as soon as it passes the cap, before the parser holds more', () => {
    const { sse } = decoder({ maxEventBytes: 10_000 });
    const chunk = bytes('x'.repeat(1000));
    let pushed = 0;
    const err = thrown(() => {
      for (let i = 0; i < 1000; i++) {
        sse.push(chunk);
        pushed += chunk.length;
      }
    });
    expect(err.code).toBe('upstream_response_too_large');
    // The chunk that crossed the cap was refused: the parser was never fed more than the cap.
    expect(pushed).toBe(10_000);
  });

  it('counts every line of a multi-line event, not only the longest', () => {
    const { sse } = decoder({ maxEventBytes: 200 });
    expect(() => sse.push(bytes('data: 0123456789\n'.repeat(20)))).toThrow(/larger than the limit of 200 bytes/);
  });

  it('starts each event from zero: many events, far more than the cap in total, pass with LF, CRLF and CR endings', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const { frames, sse } = decoder({ maxEventBytes: 64 });
      const event = bytes(`event: delta${eol}data: ${'y'.repeat(40)}${eol}${eol}: keep-alive${eol}${eol}`);
      // Split mid-terminator too (a CRLF across two reads).
      for (let i = 0; i < 100; i++) {
        sse.push(event.subarray(0, 7));
        sse.push(event.subarray(7));
      }
      sse.end();
      expect(frames).toHaveLength(100);
      expect(frames[99]).toEqual({ event: 'delta', data: 'y'.repeat(40) });
    }
  });

  it('accepts an event of exactly the cap (its lines and their terminators)', () => {
    const event = `data: ${'z'.repeat(93)}\n`; // 100 bytes, then the blank line
    const { frames, sse } = decoder({ maxEventBytes: 100 });
    sse.push(bytes(`${event}\n`));
    expect(frames).toEqual([{ data: 'z'.repeat(93) }]);
    expect(() => decoder({ maxEventBytes: 99 }).sse.push(bytes(`${event}\n`))).toThrow(GatewayError);
  });

  it('is bounded by DEFAULT_MAX_EVENT_BYTES (4 MiB) when no cap is given', () => {
    expect(DEFAULT_MAX_EVENT_BYTES).toBe(4 * 1024 * 1024);
    const ok = decoder();
    ok.sse.push(bytes(`data: ${'a'.repeat(DEFAULT_MAX_EVENT_BYTES - 100)}\n\n`));
    expect(ok.frames).toHaveLength(1);
    const err = thrown(() => decoder().sse.push(bytes(`data: ${'a'.repeat(DEFAULT_MAX_EVENT_BYTES)}\n\n`)));
    expect(err.message).toMatch(/^The provider sent a stream event larger than the limit of 4 MiB/);
  });
});
