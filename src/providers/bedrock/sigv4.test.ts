import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import type { AuthTools, ProviderSettings } from '../spec/provider.js';
import { bedrockProvider } from './index.js';
import { signSigV4 } from './sigv4.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

function tools(now: number): AuthTools {
  return { now: () => now, fetchJson: () => Promise.reject(new Error('no I/O expected')), tokenCache: new Map() };
}

function settings(overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  return { id: 'bedrock', type: 'bedrock', baseUrl: '', region: 'us-east-1', headers: {}, dropParams: new Set(), ...overrides };
}

describe('signSigV4 known answers', () => {
  it('reproduces the AWS IAM ListUsers example (reference §5.3)', async () => {
    const signed = await signSigV4(
      {
        method: 'GET',
        url: 'https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
      },
      { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET },
      'us-east-1',
      'iam',
      Date.UTC(2015, 7, 30, 12, 36, 0),
    );
    expect(signed.headers['x-amz-date']).toBe('20150830T123600Z');
    expect(signed.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
    );
  });

  it('reproduces the worked Bedrock example (reference §5.4), double-encoding the model id', async () => {
    const signed = await signSigV4(
      {
        method: 'POST',
        url: 'https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse',
        headers: { 'content-type': 'application/json' },
        body: '{"messages":[{"role":"user","content":[{"text":"Hi"}]}],"inferenceConfig":{"maxTokens":64}}',
      },
      { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET },
      'us-east-1',
      'bedrock',
      Date.UTC(2025, 0, 1, 12, 0, 0),
    );
    expect(signed.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=798114b77b56676fe8cc7b4986a7dda59cafeaf633ab8aef0e501728580b1d2a',
    );
    expect(signed.headers.host).toBeUndefined();
    expect(signed.url).toContain('v1%3A0/converse');
  });
});

describe('bedrockProvider.authorize', () => {
  const request = {
    model: 'anthropic.claude-3-haiku-20240307-v1:0',
    stream: false,
    maxTokens: 64,
    messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi' }] }],
  };
  const keys = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET };

  it('encodes and signs the §5.4 request byte for byte, with the time from tools.now()', async () => {
    const s = settings(keys);
    const spec = bedrockProvider.chat.encode(request, s);
    expect(spec.url).toBe('https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse');
    expect(spec.body).toBe('{"messages":[{"role":"user","content":[{"text":"Hi"}]}],"inferenceConfig":{"maxTokens":64}}');
    const signed = await bedrockProvider.authorize!(spec, s, tools(Date.UTC(2025, 0, 1, 12, 0, 0)));
    expect(signed.headers).toEqual({
      'content-type': 'application/json',
      'x-amz-date': '20250101T120000Z',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=798114b77b56676fe8cc7b4986a7dda59cafeaf633ab8aef0e501728580b1d2a',
    });
    expect(signed.body).toBe(spec.body);
  });

  it('signs x-amz-security-token for temporary credentials', async () => {
    const s = settings({ ...keys, sessionToken: 'FwoGZXIvYXdzEXAMPLE' });
    const signed = await bedrockProvider.authorize!(bedrockProvider.chat.encode(request, s), s, tools(Date.UTC(2025, 0, 1, 12, 0, 0)));
    expect(signed.headers['x-amz-security-token']).toBe('FwoGZXIvYXdzEXAMPLE');
    expect(signed.headers.authorization).toContain('SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,');
    expect(signed.headers.authorization).not.toContain('798114b77b');
  });

  it('signs the host of a configured base URL, port included, and a region read from a regional host', async () => {
    const s = settings({ ...keys, region: undefined, baseUrl: 'https://bedrock-runtime.eu-west-3.amazonaws.com' });
    const signed = await bedrockProvider.authorize!(bedrockProvider.chat.encode(request, s), s, tools(Date.UTC(2025, 0, 1, 12, 0, 0)));
    expect(signed.headers.authorization).toContain('/20250101/eu-west-3/bedrock/aws4_request');
    const local = settings({ ...keys, baseUrl: 'http://127.0.0.1:4010' });
    const a = await bedrockProvider.authorize!(bedrockProvider.chat.encode(request, local), local, tools(0));
    const other = settings({ ...keys, baseUrl: 'http://127.0.0.1:4011' });
    const b = await bedrockProvider.authorize!(bedrockProvider.chat.encode(request, other), other, tools(0));
    expect(a.headers.authorization).not.toBe(b.headers.authorization);
  });

  it('sends a Bedrock API key as a bearer token without signing, and prefers it over access keys', async () => {
    const s = settings({ ...keys, apiKey: 'ABSKexample' });
    const signed = await bedrockProvider.authorize!(bedrockProvider.chat.encode(request, s), s, tools(0));
    expect(signed.headers).toEqual({ 'content-type': 'application/json', authorization: 'Bearer ABSKexample' });
  });

  it('answers 500 "provider misconfigured" naming the missing setting', async () => {
    const s = settings({ accessKeyId: 'AKIDEXAMPLE' });
    const error = await bedrockProvider.authorize!(bedrockProvider.chat.encode(request, s), s, tools(0)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ status: 500, code: 'internal_error' });
    expect((error as Error).message).toMatch(/misconfigured.*secret_access_key/);
  });
});

describe('bedrockProvider.validateSettings', () => {
  const validate = bedrockProvider.validateSettings!;
  it('accepts an API key alone, or both access keys with a region', () => {
    expect(validate(settings({ apiKey: 'k' }))).toBeUndefined();
    expect(validate(settings({ apiKey: 'k', region: undefined, baseUrl: 'http://127.0.0.1:4010' }))).toBeUndefined();
    expect(validate(settings({ accessKeyId: 'a', secretAccessKey: 's' }))).toBeUndefined();
  });
  it('names what is missing', () => {
    expect(validate(settings())).toMatch(/api_key.*access_key_id and secret_access_key/);
    expect(validate(settings({ accessKeyId: 'a' }))).toMatch(/missing secret_access_key/);
    expect(validate(settings({ secretAccessKey: 's' }))).toMatch(/missing access_key_id/);
    expect(validate(settings({ apiKey: 'k', region: undefined }))).toMatch(/missing region/);
    expect(validate(settings({ accessKeyId: 'a', secretAccessKey: 's', region: undefined, baseUrl: 'http://127.0.0.1:4010' }))).toMatch(/missing region/);
  });
});
