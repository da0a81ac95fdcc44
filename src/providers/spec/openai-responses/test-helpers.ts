/** Fixtures and settings for the Responses codec's tests (only tests import this). */
import { readFileSync } from 'node:fs';
import type { StreamEvent } from '../../../core/types.js';
import type { ProviderSettings } from '../provider.js';
import { createSseFrameDecoder } from '../sse.js';
import { createResponsesStreamDecoder } from './decode-stream.js';

/** Settings of an `openai` provider with the given overrides. */
export function testSettings(extra: Partial<ProviderSettings> = {}): ProviderSettings {
  return { id: 'oai', type: 'openai', baseUrl: 'https://api.openai.com/v1', apiKey: 'sk-test', headers: {}, dropParams: new Set(), ...extra };
}

/** A JSON fixture of this folder. */
export function fixtureJson(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

/** Decodes an SSE fixture fed in chunks of `chunkSize` bytes. */
export function decodeSseFixture(name: string, chunkSize = 1 << 20): StreamEvent[] {
  const bytes = readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
  const decoder = createResponsesStreamDecoder('oai');
  const events: StreamEvent[] = [];
  const frames = createSseFrameDecoder((frame) => events.push(...decoder.push(frame)));
  for (let i = 0; i < bytes.length; i += chunkSize) frames.push(bytes.subarray(i, i + chunkSize));
  frames.end();
  events.push(...decoder.end());
  return events;
}
