/**
 * How every HTTP guard engine fails, against a fake service on 127.0.0.1 through the transport's
 * HttpClient: a refusal, no answer within timeout_ms, a service killed mid-request, the check's
 * signal aborted, an answer not JSON or of the wrong shape, an answer past the 1 MiB cap. Each is a
 * RemoteGuardError naming the guard type and the reason, never the key, the URL or the text.
 */
import { describe, expect, it } from 'vitest';
import { checkOptions } from '../../testing/guard-check.js';
import { useFakeGuardService } from '../../testing/guard-service.js';
import { hang, json, killed } from '../../testing/fake-service.js';
import { guardrailSchema } from '../config-schema.js';
import type { GuardText, RemoteEngine } from '../engine.js';
import { type GuardHttpClient, MAX_GUARD_ANSWER_BYTES, RemoteGuardError, type RemoteGuardFailure, type RemoteGuardType } from './guard-http.js';
import { createRemoteEngine } from './index.js';

const KEY = 'sk-very-secret-key-4242';
const TEXT = 'the private words of the caller';
const TEXTS: GuardText[] = [{ text: TEXT, source: 'user' }];

const service = useFakeGuardService();

/** The four HTTP guard types, each pointed at the fake with a key and a short timeout. */
const ENGINES: Array<{ type: RemoteGuardType; build: (base: string, timeoutMs?: number) => RemoteEngine }> = [
  { type: 'http', build: (base, timeoutMs = 2_000) => engineOf({ type: 'http', url: `${base}/check`, timeout_ms: timeoutMs }) },
  { type: 'lakera', build: (base, timeoutMs = 2_000) => engineOf({ type: 'lakera', url: `${base}/v2/guard`, timeout_ms: timeoutMs }) },
  { type: 'presidio', build: (base, timeoutMs = 2_000) => engineOf({ type: 'presidio', url: base, timeout_ms: timeoutMs }) },
  {
    type: 'openai_moderation',
    build: (base, timeoutMs = 2_000) => engineOf({ type: 'openai_moderation', url: `${base}/v1/moderations`, timeout_ms: timeoutMs }),
  },
];

function engineOf(fields: Record<string, unknown>): RemoteEngine {
  const client: GuardHttpClient = service.http;
  return createRemoteEngine(guardrailSchema.parse({ name: 'g', api_key: KEY, ...fields }), { http: client });
}

/** The rejection of a check, asserted to be a RemoteGuardError with nothing secret in its message. */
async function failure(promise: Promise<unknown>, type: RemoteGuardType): Promise<RemoteGuardError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RemoteGuardError);
  const guardError = err as RemoteGuardError;
  expect(guardError.guardType).toBe(type);
  expect(guardError.message.startsWith(`${type} guard: `)).toBe(true);
  for (const secret of [KEY, TEXT, service.fake.url, '127.0.0.1']) expect(guardError.message).not.toContain(secret);
  return guardError;
}

async function failsWith(type: RemoteGuardType, engine: RemoteEngine, failure_: RemoteGuardFailure, signal?: AbortSignal): Promise<RemoteGuardError> {
  const err = await failure(engine.check(TEXTS, checkOptions('input', signal)), type);
  expect(err.failure).toBe(failure_);
  return err;
}

describe.each(ENGINES)('$type guard failures', ({ type, build }) => {
  it('a non-2xx answer names the status, never what the service echoed', async () => {
    service.fake.answer = (request, res) => {
      // A hostile or careless service echoing the request and its key back.
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end(`${request.headers.authorization} ${request.body}`);
    };
    const err = await failsWith(type, build(service.fake.url), 'status');
    expect(err.status).toBe(503);
    expect(err.message).toContain('HTTP 503');
  });

  it('a service that never answers fails on timeout_ms', async () => {
    service.fake.answer = hang;
    const err = await failsWith(type, build(service.fake.url, 150), 'timeout');
    expect(err.message).toContain('no answer within 150 ms (timeout_ms)');
  });

  it('a service killed mid-request fails as a network error', async () => {
    service.fake.answer = killed;
    const err = await failsWith(type, build(service.fake.url), 'network');
    expect(err.message).toMatch(/could not reach the service \(\w+\)/);
  });

  it("stops when the check's signal is aborted", async () => {
    service.fake.answer = hang;
    const controller = new AbortController();
    const arrived = service.fake.nextRequest();
    const pending = failsWith(type, build(service.fake.url, 30_000), 'aborted', controller.signal);
    await arrived;
    controller.abort(new Error('request ended'));
    await pending;
    // Already aborted: nothing is sent.
    const before = service.fake.received.length;
    const aborted = new AbortController();
    aborted.abort();
    await failsWith(type, build(service.fake.url), 'aborted', aborted.signal);
    expect(service.fake.received.length).toBe(before);
  });

  it('an answer that is not JSON, or of the wrong shape, fails', async () => {
    service.fake.answer = (_request, res) => res.end('<html>upstream proxy error</html>');
    expect((await failsWith(type, build(service.fake.url), 'malformed')).message).toContain('not JSON');
    service.fake.answer = json({ unexpected: TEXT });
    expect((await failsWith(type, build(service.fake.url), 'malformed')).message).toContain('wrong shape');
  });

  it('an answer past the 1 MiB cap fails, declared or streamed', async () => {
    const huge = JSON.stringify({ padding: 'x'.repeat(MAX_GUARD_ANSWER_BYTES) });
    service.fake.answer = json({ padding: 'x'.repeat(MAX_GUARD_ANSWER_BYTES) });
    await failsWith(type, build(service.fake.url), 'too_large');
    service.fake.answer = (_request, res) => {
      // Chunked: no content-length to refuse it early, so the cap applies while reading.
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < huge.length; i += 64 * 1024) res.write(huge.slice(i, i + 64 * 1024));
      res.end();
    };
    const err = await failsWith(type, build(service.fake.url), 'too_large');
    expect(err.message).toContain(`larger than ${MAX_GUARD_ANSWER_BYTES} bytes`);
  });

  it("a URL's credentials never show in a failure", async () => {
    const withCredentials = service.fake.url.replace('http://', 'http://user:hunter2@');
    service.fake.answer = killed;
    const cut = await failure(build(withCredentials).check(TEXTS, checkOptions()), type);
    service.fake.answer = json({}, 401);
    const refused = await failure(build(withCredentials).check(TEXTS, checkOptions()), type);
    for (const err of [cut, refused]) expect(err.message).not.toMatch(/hunter2|user:/);
    expect([cut.failure, refused.failure]).toEqual(['network', 'status']);
  });
});
