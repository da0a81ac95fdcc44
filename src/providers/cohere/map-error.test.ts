import { describe, expect, it } from 'vitest';
import { upstreamStatusToError } from '../../core/errors.js';
import { cohereProvider } from './index.js';
import { normalizeCohereStatus } from './map-error.js';

describe('Cohere errors', () => {
  it('reads {id, message} bodies', () => {
    const info = cohereProvider.decodeError(400, {}, JSON.stringify({ id: 'b5a1c8e0', message: 'invalid request: model is required' }));
    expect(info).toEqual({ message: 'invalid request: model is required', type: 'bad_request' });
  });

  it('reads {message} bodies and the retry-after header of a 429', () => {
    const info = cohereProvider.decodeError(429, { 'retry-after': '7' }, '{"message":"You are using a Trial key, which is limited"}');
    expect(info).toEqual({ message: 'You are using a Trial key, which is limited', type: 'too_many_requests', retryAfterSeconds: 7 });
  });

  it('keeps a non-JSON body as the message', () => {
    expect(cohereProvider.decodeError(503, {}, '<html>upstream down</html>').message).toBe('<html>upstream down</html>');
    expect(cohereProvider.decodeError(500, {}, '').message).toBe('Cohere returned HTTP 500.');
  });

  it('maps statuses: 498 counts as authentication, the rest keep their class', () => {
    expect(normalizeCohereStatus(498)).toBe(401);
    expect(upstreamStatusToError(normalizeCohereStatus(498))).toEqual({ code: 'upstream_authentication', status: 401 });
    expect(upstreamStatusToError(normalizeCohereStatus(429))).toEqual({ code: 'upstream_rate_limited', status: 429 });
    expect(upstreamStatusToError(normalizeCohereStatus(422))).toEqual({ code: 'upstream_bad_request', status: 400 });
    expect(cohereProvider.decodeError(498, {}, '{"message":"invalid api token"}').type).toBe('invalid_token');
  });
});
