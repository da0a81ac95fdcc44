import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import type { StreamEvent } from '../../core/types.js';
import type { ProviderSettings } from '../spec/provider.js';
import { createSseFrameDecoder } from '../spec/sse.js';
import { geminiProvider } from './index.js';

const settings: ProviderSettings = { id: 'g', type: 'gemini', baseUrl: '', apiKey: 'k', headers: {}, dropParams: new Set() };

/** Feeds a recorded wire stream through SSE framing and the decoder, in small byte slices. */
function decodeFixture(name: string, sliceSize = 7): StreamEvent[] {
  const bytes = readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
  const decoder = geminiProvider.chat.createStreamDecoder(settings);
  const events: StreamEvent[] = [];
  const frames = createSseFrameDecoder((frame) => events.push(...decoder.push(frame)));
  for (let i = 0; i < bytes.length; i += sliceSize) frames.push(bytes.subarray(i, i + sliceSize));
  frames.end();
  events.push(...decoder.end());
  return events;
}

/** Replaces generated tool-call ids (checked for shape) with stable placeholders. */
function stableIds(events: StreamEvent[]): StreamEvent[] {
  let n = 0;
  return events.map((e) => {
    if (e.type !== 'tool_call_start') return e;
    expect(e.id).toMatch(/^call_[A-Za-z0-9]{24}$/);
    return { ...e, id: `id${n++}` };
  });
}

describe('Gemini stream decoder (golden streams)', () => {
  it('decodes a text stream with CRLF separators and reports the last usage', () => {
    expect(decodeFixture('stream-text.sse')).toEqual([
      { type: 'start', id: 'Tq1kaJ2xAYWd1MkPmN3ooQw', model: 'gemini-2.5-flash', created: 0 },
      { type: 'text', text: 'Paris is' },
      { type: 'text', text: ' cloudy and 18°C right now' },
      { type: 'text', text: '.' },
      { type: 'finish', reason: 'stop', nativeReason: 'STOP' },
      { type: 'usage', usage: { inputTokens: 9, outputTokens: 10 } },
    ]);
  });

  it('decodes thoughts and parallel function calls, each call whole', () => {
    expect(stableIds(decodeFixture('stream-thoughts-parallel-calls.sse', 13))).toEqual([
      { type: 'start', id: 'x8JkaKqVH4Gl1MkP5pSa4Aw', model: 'gemini-2.5-flash', created: 0 },
      { type: 'reasoning', text: '**Planning the lookups**\nThe user wants weather in two cities; call the tool for each.' },
      { type: 'text', text: 'Checking both cities.' },
      { type: 'tool_call_start', index: 0, id: 'id0', name: 'get_weather', signature: 'CiQBVKhc7QmPaRiS' },
      { type: 'tool_call_delta', index: 0, arguments: '{"city":"Paris"}' },
      { type: 'tool_call_start', index: 1, id: 'id1', name: 'get_weather' },
      { type: 'tool_call_delta', index: 1, arguments: '{"city":"Tokyo","units":"celsius"}' },
      { type: 'finish', reason: 'tool_calls', nativeReason: 'STOP' },
      { type: 'usage', usage: { inputTokens: 61, outputTokens: 69, cachedInputTokens: 32, reasoningTokens: 44 } },
    ]);
  });

  it('keeps a Gemini 3 signature-only final part as a reasoning signature', () => {
    expect(decodeFixture('stream-gemini3-signature.sse')).toEqual([
      { type: 'start', id: 'g3resp', model: 'gemini-3-pro-preview', created: 1772366400 },
      { type: 'text', text: 'Hello' },
      { type: 'text', text: ' there.' },
      { type: 'reasoning_signature', signature: 'EhsKGQG3pWz9sig' },
      { type: 'finish', reason: 'stop', nativeReason: 'STOP' },
      { type: 'usage', usage: { inputTokens: 5, outputTokens: 123, reasoningTokens: 120 } },
    ]);
  });

  it('finishes a blocked prompt with content_filter', () => {
    expect(decodeFixture('stream-blocked.sse')).toEqual([
      { type: 'start', id: 'blk1', model: 'gemini-2.5-flash', created: 0 },
      { type: 'finish', reason: 'content_filter', nativeReason: 'PROHIBITED_CONTENT' },
      { type: 'usage', usage: { inputTokens: 12, outputTokens: 0 } },
    ]);
  });

  it('throws the mapped error for an in-stream error object', () => {
    let caught: unknown;
    try {
      decodeFixture('stream-error.sse');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(GatewayError);
    expect(caught).toMatchObject({ code: 'upstream_unavailable', status: 503, upstreamStatus: 503, upstreamType: 'UNAVAILABLE', provider: 'g' });
  });

  it('emits no finish or usage when the body ends before a finishReason', () => {
    const decoder = geminiProvider.chat.createStreamDecoder(settings);
    const events = decoder.push({
      data: '{"candidates":[{"content":{"parts":[{"text":"Hi"}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":3}}',
    });
    expect(events.map((e) => e.type)).toEqual(['start', 'text']);
    expect(decoder.end()).toEqual([]);
  });

  it('rejects a frame that is not JSON', () => {
    expect(() => geminiProvider.chat.createStreamDecoder(settings).push({ data: 'not json' })).toThrow(GatewayError);
  });
});
