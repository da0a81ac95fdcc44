import { describe, expect, it } from 'vitest';
import { thrownGatewayError } from '../../testing/gateway-error.js';
import { pathSegment } from './url-path.js';

const refusal = (fn: () => unknown) => {
  const error = thrownGatewayError(fn);
  expect(error).toMatchObject({ status: 400, code: 'invalid_request', param: 'model' });
  return error.message;
};

describe('pathSegment', () => {
  it('encodes everything that is not unreserved, so the value stays one segment', () => {
    expect(pathSegment('gpt-4o')).toBe('gpt-4o');
    expect(pathSegment('anthropic.claude-3-haiku-20240307-v1:0')).toBe('anthropic.claude-3-haiku-20240307-v1%3A0');
    expect(pathSegment('a/b?c#d e%2e')).toBe('a%2Fb%3Fc%23d%20e%252e');
    expect(pathSegment('...')).toBe('...');
    expect(pathSegment('ünï')).toBe('%C3%BCn%C3%AF');
    expect(new URL(`https://h/x/${pathSegment('%2e%2e')}/y`).pathname).toBe('/x/%252e%252e/y');
  });

  it('refuses empty values, dot segments, control characters and broken Unicode, naming the parameter', () => {
    expect(refusal(() => pathSegment(''))).toBe(`Invalid 'model' "": it is empty.`);
    expect(refusal(() => pathSegment('..'))).toMatch(/^Invalid 'model' "\.\.": '\.' and '\.\.' are not names/);
    expect(refusal(() => pathSegment('.'))).toMatch(/are not names/);
    expect(refusal(() => pathSegment('a\r\nb'))).toBe(`Invalid 'model' "a\\r\\nb": it contains a control character.`);
    expect(refusal(() => pathSegment('a\u0000'))).toMatch(/control character/);
    expect(refusal(() => pathSegment('a\u007f'))).toMatch(/control character/);
    expect(refusal(() => pathSegment('a\u009b'))).toMatch(/control character/);
    expect(refusal(() => pathSegment('a\ud800'))).toMatch(/not valid Unicode/);
    expect(refusal(() => pathSegment('\udc00a'))).toMatch(/not valid Unicode/);
    expect(pathSegment('😀')).toBe('%F0%9F%98%80');
    expect(thrownGatewayError(() => pathSegment('', 'deployment')).param).toBe('deployment');
  });

  it("refuses what the provider's alphabet excludes, and values over its length limit", () => {
    const alphabet = { pattern: /^[a-z0-9.-]+$/, description: 'ids contain only a-z, 0-9, . and -', maxLength: 10 };
    expect(pathSegment('gemini-2.5', 'model', alphabet)).toBe('gemini-2.5');
    expect(refusal(() => pathSegment('a/b', 'model', alphabet))).toBe(`Invalid 'model' "a/b": ids contain only a-z, 0-9, . and -.`);
    expect(refusal(() => pathSegment('a'.repeat(11), 'model', alphabet))).toMatch(/longer than 10 characters/);
  });

  it('shortens long values in the message', () => {
    expect(refusal(() => pathSegment(`${'x'.repeat(500)}\n`)).length).toBeLessThan(200);
  });
});
