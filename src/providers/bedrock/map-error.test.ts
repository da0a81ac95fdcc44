import { describe, expect, it } from 'vitest';
import { BEDROCK_ERROR_STATUS, decodeBedrockError, errorTypeName } from './map-error.js';

describe('decodeBedrockError', () => {
  it('reads the message from the body and the type from x-amzn-errortype', () => {
    expect(decodeBedrockError(429, { 'x-amzn-errortype': 'ThrottlingException' }, '{"message":"Too many requests, please wait before trying again."}')).toEqual(
      {
        message: 'Too many requests, please wait before trying again.',
        type: 'ThrottlingException',
      },
    );
  });

  it('drops the namespace suffix of front-end errors', () => {
    const info = decodeBedrockError(
      403,
      { 'x-amzn-errortype': 'InvalidSignatureException:http://internal.amazon.com/coral/com.amazon.coral.service/' },
      '{"message":"The request signature we calculated does not match the signature you provided."}',
    );
    expect(info.type).toBe('InvalidSignatureException');
  });

  it('falls back to __type, Message and the raw text', () => {
    expect(decodeBedrockError(400, {}, '{"__type":"com.amazon.coral.validate#ValidationException","Message":"bad"}')).toEqual({
      message: 'bad',
      type: 'ValidationException',
    });
    expect(decodeBedrockError(502, {}, 'Bad Gateway')).toEqual({ message: 'Bad Gateway' });
    expect(decodeBedrockError(503, {}, '')).toEqual({ message: 'HTTP 503' });
  });

  it('passes a retry-after hint through', () => {
    expect(decodeBedrockError(429, { 'retry-after': '3', 'x-amzn-errortype': 'ThrottlingException' }, '{"message":"slow"}').retryAfterSeconds).toBe(3);
  });
});

describe('BEDROCK_ERROR_STATUS', () => {
  it('has the service model statuses of the modeled errors', () => {
    expect(BEDROCK_ERROR_STATUS).toMatchObject({
      ThrottlingException: 429,
      ValidationException: 400,
      AccessDeniedException: 403,
      ResourceNotFoundException: 404,
      ModelTimeoutException: 408,
      ServiceUnavailableException: 503,
      ModelNotReadyException: 429,
      InternalServerException: 500,
      ModelStreamErrorException: 424,
    });
  });

  it('normalises camelCase stream exception names to the shape names', () => {
    expect(errorTypeName('throttlingException')).toBe('ThrottlingException');
    expect(errorTypeName('ValidationException:http://x/')).toBe('ValidationException');
  });
});
