import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { geminiProvider, vertexProvider } from './index.js';

const text = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('decodeGeminiError', () => {
  it('reads message, status and the RetryInfo delay of a 429', () => {
    expect(geminiProvider.decodeError(429, {}, text('error-429.json'))).toEqual({
      message: 'You exceeded your current quota, please check your plan and billing details.',
      type: 'RESOURCE_EXHAUSTED',
      retryAfterSeconds: 37,
    });
  });

  it('rounds fractional delays up and prefers the body over headers', () => {
    const body = JSON.stringify({
      error: {
        code: 429,
        message: 'slow down',
        status: 'RESOURCE_EXHAUSTED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1.2s' }],
      },
    });
    expect(vertexProvider.decodeError(429, { 'retry-after': '99' }, body).retryAfterSeconds).toBe(2);
  });

  it('falls back to retry-after headers and handles array-wrapped errors', () => {
    const body = JSON.stringify([{ error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } }]);
    expect(geminiProvider.decodeError(503, { 'retry-after': '4' }, body)).toEqual({
      message: 'The model is overloaded.',
      type: 'UNAVAILABLE',
      retryAfterSeconds: 4,
    });
  });

  it('reads a 400 without retry information', () => {
    expect(geminiProvider.decodeError(400, {}, text('error-400-key.json'))).toEqual({
      message: 'API key not valid. Please pass a valid API key.',
      type: 'INVALID_ARGUMENT',
    });
  });

  it('keeps non-JSON bodies as the message', () => {
    expect(geminiProvider.decodeError(502, {}, '<html>Bad Gateway</html>')).toEqual({ message: '<html>Bad Gateway</html>' });
    expect(geminiProvider.decodeError(500, {}, '')).toEqual({ message: 'Gemini returned HTTP 500.' });
  });
});
