import { createVerify, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import type { AuthTools, HttpRequestSpec, ProviderSettings } from '../spec/provider.js';
import { vertexProvider } from './index.js';
import { signServiceAccountJwt, tokenUrlFor } from './vertex-auth.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

const settings: ProviderSettings = {
  id: 'vertex-main',
  type: 'vertex',
  baseUrl: '',
  project: 'proj',
  location: 'us-central1',
  credentials: { client_email: 'svc@proj.iam.gserviceaccount.com', private_key: privateKey, token_uri: 'https://oauth2.googleapis.com/token' },
  headers: {},
  dropParams: new Set(),
};
const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);
const spec: HttpRequestSpec = { method: 'POST', url: 'https://x/v1/...:generateContent', headers: { 'content-type': 'application/json' }, body: '{}' };

function decodeSegment(segment: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** AuthTools with a controllable clock and a scripted token endpoint that records its calls. */
function tools(
  reply: (call: number) => { status: number; body: unknown } = (n) => ({
    status: 200,
    body: { access_token: `tok-${n}`, expires_in: 3599, token_type: 'Bearer' },
  }),
) {
  const calls: HttpRequestSpec[] = [];
  const state = { now: NOW };
  const t: AuthTools = {
    now: () => state.now,
    tokenCache: new Map(),
    async fetchJson(request) {
      calls.push(request);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return reply(calls.length);
    },
  };
  return { t, calls, state };
}

describe('service-account JWT', () => {
  it('is RS256-signed with the cloud-platform scope, one-hour lifetime and the token URL as audience', () => {
    const jwt = signServiceAccountJwt(settings.credentials!, 'https://oauth2.googleapis.com/token', NOW);
    const [header, claims, signature] = jwt.split('.');
    expect(jwt.split('.')).toHaveLength(3);
    expect(jwt).not.toMatch(/[=+/]/);
    expect(decodeSegment(header!)).toEqual({ alg: 'RS256', typ: 'JWT' });
    const iat = Math.floor(NOW / 1000);
    expect(decodeSegment(claims!)).toEqual({
      iss: 'svc@proj.iam.gserviceaccount.com',
      scope: 'https://www.googleapis.com/auth/cloud-platform',
      aud: 'https://oauth2.googleapis.com/token',
      iat,
      exp: iat + 3600,
    });
    const verifier = createVerify('RSA-SHA256');
    verifier.update(`${header}.${claims}`);
    expect(verifier.verify(publicKey, Buffer.from(signature!, 'base64url'))).toBe(true);
  });

  it('picks the token URL from settings, then the key, then Google', () => {
    expect(tokenUrlFor({ ...settings, tokenUrl: 'http://127.0.0.1:1/token' })).toBe('http://127.0.0.1:1/token');
    expect(tokenUrlFor({ ...settings, credentials: { ...settings.credentials!, token_uri: 'https://alt/token' } })).toBe('https://alt/token');
    expect(tokenUrlFor({ ...settings, credentials: { client_email: 'a@b', private_key: 'k' } })).toBe('https://oauth2.googleapis.com/token');
  });
});

describe('vertexProvider.authorize', () => {
  it('exchanges the JWT with a form-encoded jwt-bearer grant and sets the bearer', async () => {
    const { t, calls } = tools();
    const out = await vertexProvider.authorize!(spec, settings, t);
    expect(out.headers).toEqual({ 'content-type': 'application/json', authorization: 'Bearer tok-1' });
    expect(spec.headers.authorization).toBeUndefined();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      method: 'POST',
      url: 'https://oauth2.googleapis.com/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const form = new URLSearchParams(String(calls[0]!.body));
    expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    expect(decodeSegment(form.get('assertion')!.split('.')[1]!).iss).toBe('svc@proj.iam.gserviceaccount.com');
  });

  it('caches the token per provider until shortly before expiry', async () => {
    const { t, calls, state } = tools();
    await vertexProvider.authorize!(spec, settings, t);
    const second = await vertexProvider.authorize!(spec, settings, t);
    expect(calls).toHaveLength(1);
    expect(second.headers.authorization).toBe('Bearer tok-1');
    expect([...t.tokenCache.keys()][0]).toMatch(/^vertex-main:/);

    state.now = NOW + 3200 * 1000;
    expect((await vertexProvider.authorize!(spec, settings, t)).headers.authorization).toBe('Bearer tok-1');
    state.now = NOW + 3350 * 1000; // inside the token's life, but within the refresh margin
    expect((await vertexProvider.authorize!(spec, settings, t)).headers.authorization).toBe('Bearer tok-2');
    expect(calls).toHaveLength(2);

    await vertexProvider.authorize!(spec, { ...settings, id: 'vertex-other' }, t);
    expect(calls).toHaveLength(3);
  });

  it('shares one in-flight exchange among concurrent first calls', async () => {
    const { t, calls } = tools();
    const results = await Promise.all([1, 2, 3].map(() => vertexProvider.authorize!(spec, settings, t)));
    expect(calls).toHaveLength(1);
    expect(results.map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-1']);
  });

  it('names the provider when the token endpoint sent more than the token cap', async () => {
    const t: AuthTools = {
      now: () => NOW,
      tokenCache: new Map(),
      fetchJson: () =>
        Promise.reject(new GatewayError('upstream_response_too_large', 502, "Provider 'token-endpoint' sent a response body larger than 64 KiB.")),
    };
    const err = await vertexProvider.authorize!(spec, settings, t).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ code: 'upstream_response_too_large', status: 502, provider: 'vertex-main' });
    expect((err as Error).message).toMatch(/^Vertex token exchange for provider 'vertex-main' failed: .*larger than 64 KiB/);
  });

  it('turns invalid_grant into an upstream authentication error and does not cache failures', async () => {
    const { t, calls } = tools((n) =>
      n === 1
        ? { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } }
        : { status: 200, body: { access_token: 'ok', expires_in: 3599 } },
    );
    const err = await vertexProvider.authorize!(spec, settings, t).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ code: 'upstream_authentication', status: 401, message: 'Vertex token exchange failed: Invalid JWT Signature.' });
    expect((await vertexProvider.authorize!(spec, settings, t)).headers.authorization).toBe('Bearer ok');
    expect(calls).toHaveLength(2);
  });

  it('maps token endpoint outages and rejects unusable keys', async () => {
    const { t } = tools(() => ({ status: 503, body: 'down' }));
    await expect(vertexProvider.authorize!(spec, settings, t)).rejects.toMatchObject({ code: 'upstream_unavailable', status: 503 });
    const bad = { ...settings, credentials: { client_email: 'a@b', private_key: 'not a pem' } };
    await expect(vertexProvider.authorize!(spec, bad, tools().t)).rejects.toMatchObject({ code: 'upstream_authentication' });
    const none = { ...settings, credentials: undefined };
    await expect(vertexProvider.authorize!(spec, none, tools().t)).rejects.toThrow(/needs credentials/);
  });
});
