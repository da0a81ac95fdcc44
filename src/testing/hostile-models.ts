/**
 * Test support for URL path injection: model names a client could send to move an upstream URL
 * out of its intended path (dot segments, encoded dots, query and fragment markers, control
 * characters, other projects' resource names), and one check that each is either refused with a
 * 400 naming 'model' or lands in a URL whose origin, path, query and fragment are the expected
 * ones. Only tests import this.
 */
import { expect } from 'vitest';
import { GatewayError } from '../core/errors.js';
import type { ChatRequest } from '../core/types.js';
import type { HttpRequestSpec, Provider, ProviderSettings } from '../providers/spec/provider.js';

/** Model names that must never change where an upstream request goes. */
export const HOSTILE_MODELS: readonly string[] = [
  '',
  '.',
  '..',
  '../../foo',
  '../../v1beta/models/x',
  'a/../../b',
  'models/../../foo',
  'models/..',
  'tunedModels/../../x',
  'projects/OTHER/locations/x/publishers/google/models/y',
  'publishers/google/models/../../../../x',
  '%2e%2e',
  '%2E%2E/%2e%2e/admin',
  '..%2f..%2fx',
  '.%2e',
  'a\\..\\..\\b',
  'a?b',
  'a?key=stolen',
  'a#b',
  'a b',
  ' ',
  'tab\there',
  'x\r\nx-injected: 1',
  'nul\u0000',
  'del\u007f',
  'next-line\u0085',
  'lone\ud800surrogate',
  '/',
  '//evil.example/x',
  'http://evil.example/x',
  '@evil.example',
  'a;b=c',
  ':generateContent',
  'x:streamGenerateContent?alt=sse',
  'arn:aws:bedrock:us-east-1:123456789012:inference-profile/../../x',
  'ünïcödé',
  'x'.repeat(3000),
];

/** What one encode call did: refused the model, or built a URL. */
export type EncodeOutcome = { refused: GatewayError } | { url: URL };

/** Runs encode and returns the GatewayError it threw or the URL it built. */
export function outcomeOf(encode: () => HttpRequestSpec): EncodeOutcome {
  try {
    return { url: new URL(encode().url) };
  } catch (err) {
    if (err instanceof GatewayError) return { refused: err };
    throw err;
  }
}

/** Where an accepted model's request must go. */
export interface ExpectedUrl {
  /** scheme://host[:port] of the configured base URL. */
  origin: string;
  /** The exact pathname for this model (as `new URL()` reports it). */
  pathname(model: string): string;
  /** The exact query string the provider sets ('' for none), e.g. '?alt=sse'. */
  search?: string;
}

/**
 * Encodes every hostile model; each must be refused with a 400 invalid_request naming 'model',
 * or produce a URL with exactly the expected origin, pathname and query, and no fragment.
 * Returns the models that were refused, for provider-specific assertions.
 */
export function checkHostileModels(encode: (model: string) => HttpRequestSpec, expected: ExpectedUrl, models: readonly string[] = HOSTILE_MODELS): string[] {
  const refused: string[] = [];
  for (const model of models) {
    const outcome = outcomeOf(() => encode(model));
    const label = JSON.stringify(model.slice(0, 80));
    if ('refused' in outcome) {
      expect(outcome.refused.status, label).toBe(400);
      expect(outcome.refused.code, label).toBe('invalid_request');
      expect(outcome.refused.param, label).toBe('model');
      expect(outcome.refused.message, label).toMatch(/^Invalid 'model' /);
      refused.push(model);
      continue;
    }
    const { url } = outcome;
    expect(url.origin, label).toBe(expected.origin);
    expect(url.pathname, label).toBe(expected.pathname(model));
    expect(url.search, label).toBe(expected.search ?? '');
    expect(url.hash, label).toBe('');
  }
  return refused;
}

/** Chat and embeddings URLs of a provider whose model travels only in the JSON body. */
export interface FixedUrls {
  chat: string;
  /** Omitted for providers without embeddings. */
  embeddings?: string;
}

/**
 * For providers that send the model only in the body: every hostile model leaves the chat,
 * stream and embeddings URLs exactly as given, and arrives verbatim as the body's `model`.
 */
export function expectModelOnlyInBody(provider: Provider, settings: ProviderSettings, urls: FixedUrls): void {
  const fixed = (url: string): ExpectedUrl => ({ origin: new URL(url).origin, pathname: () => new URL(url).pathname });
  const messages: ChatRequest['messages'] = [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }];
  for (const stream of [false, true]) {
    const refused = checkHostileModels((model) => {
      const spec = provider.chat.encode({ model, stream, maxTokens: 16, messages }, settings);
      expect(JSON.parse(String(spec.body)).model).toBe(model);
      return spec;
    }, fixed(urls.chat));
    expect(refused).toEqual([]);
  }
  expect(Boolean(provider.embeddings)).toBe(urls.embeddings !== undefined);
  if (!provider.embeddings || urls.embeddings === undefined) return;
  const codec = provider.embeddings;
  const refused = checkHostileModels((model) => {
    const spec = codec.encode({ model, input: ['a'] }, settings);
    expect(JSON.parse(String(spec.body)).model).toBe(model);
    return spec;
  }, fixed(urls.embeddings));
  expect(refused).toEqual([]);
}
