/** Test-only helpers shared by this provider's tests: settings, fixtures, and golden-stream decoding. */
import { readFileSync } from 'node:fs';
import type { StreamEvent } from '../../core/types.js';
import type { ProviderSettings, StreamFrame } from '../spec/provider.js';
import { createSseFrameDecoder } from '../spec/sse.js';
import { createStreamDecoder } from './decode-stream.js';

/** Settings for an Anthropic provider entry named "claude". */
export function testSettings(overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  return {
    id: 'claude',
    type: 'anthropic',
    baseUrl: 'https://api.anthropic.com',
    apiKey: 'sk-ant-test',
    headers: {},
    dropParams: new Set(),
    ...overrides,
  };
}

/** Raw bytes of a fixture file. */
export function fixtureBytes(name: string): Uint8Array {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
}

/** A parsed JSON fixture. */
export function fixtureJson(name: string): unknown {
  return JSON.parse(Buffer.from(fixtureBytes(name)).toString('utf8'));
}

/** Feeds wire bytes through SSE framing and the stream decoder in chunks of `chunkSize` bytes. */
export function decodeSseBytes(bytes: Uint8Array, chunkSize = 13): StreamEvent[] {
  const decoder = createStreamDecoder(testSettings());
  const frames: StreamFrame[] = [];
  const sse = createSseFrameDecoder((frame) => frames.push(frame));
  const events: StreamEvent[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) {
    sse.push(bytes.subarray(i, i + chunkSize));
    for (const frame of frames.splice(0)) events.push(...decoder.push(frame));
  }
  sse.end();
  for (const frame of frames.splice(0)) events.push(...decoder.push(frame));
  events.push(...decoder.end());
  return events;
}
