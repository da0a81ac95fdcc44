import { describe, expect, it } from 'vitest';
import { decodeError, statusForErrorType } from './map-error.js';
import { fixtureBytes } from './test-helpers.js';

describe('anthropic decodeError', () => {
  it('reads type, message and retry-after', () => {
    const body = Buffer.from(fixtureBytes('error-rate-limit.json')).toString('utf8');
    expect(decodeError(429, { 'Retry-After': '17' }, body)).toEqual({
      message: 'Number of request tokens has exceeded your per-minute rate limit.',
      type: 'rate_limit_error',
      retryAfterSeconds: 17,
    });
  });

  it('reads a 529 overloaded error and prefers retry-after-ms', () => {
    const body = '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}';
    expect(decodeError(529, { 'retry-after-ms': '2500', 'retry-after': '9' }, body)).toEqual({
      message: 'Overloaded',
      type: 'overloaded_error',
      retryAfterSeconds: 3,
    });
  });

  it('tolerates non-JSON bodies such as the 413 from Cloudflare', () => {
    expect(decodeError(413, {}, '<html>413 Request Entity Too Large</html>')).toEqual({
      message: '<html>413 Request Entity Too Large</html>',
    });
    expect(decodeError(500, {}, '')).toEqual({ message: 'Anthropic returned HTTP 500.' });
  });

  it('knows the status of each error type', () => {
    expect(statusForErrorType('invalid_request_error')).toBe(400);
    expect(statusForErrorType('overloaded_error')).toBe(529);
    expect(statusForErrorType('rate_limit_error')).toBe(429);
    expect(statusForErrorType(undefined)).toBe(500);
  });
});
