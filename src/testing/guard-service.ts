/**
 * Test harness for the HTTP guard engines: a fake guard service and the transport's HttpClient
 * that calls it, started before a test file's tests and closed after them, and guard configs
 * parsed as the config loader would. Production code never imports this.
 */
import { afterAll, beforeAll } from 'vitest';
import { type GuardrailConfig, type GuardrailConfigOf, guardrailSchema } from '../guardrails/config-schema.js';
import { HttpClient } from '../transport/http-client.js';
import { type FakeService, startFakeService } from './fake-service.js';

/** The fake guard service and the client a test file's guards call it through; set once the file's tests run. */
export interface FakeGuardService {
  readonly fake: FakeService;
  readonly http: HttpClient;
}

/**
 * Registers the calling test file's beforeAll, which starts a fake guard service and an
 * HttpClient, and its afterAll, which closes them; call it at the top level of the file.
 */
export function useFakeGuardService(): FakeGuardService {
  let fake: FakeService | undefined;
  let http: HttpClient | undefined;
  beforeAll(async () => {
    fake = await startFakeService();
    http = new HttpClient();
  });
  afterAll(async () => {
    await http?.close(100);
    await fake?.close();
  });
  return {
    get fake() {
      if (!fake) throw new Error('the fake guard service is started in beforeAll: read it inside a test');
      return fake;
    },
    get http() {
      if (!http) throw new Error('the guard HttpClient is made in beforeAll: read it inside a test');
      return http;
    },
  };
}

/** One guard's config, parsed by the guardrails schema (defaults filled in), typed by its `type`. */
export function guardConfig<T extends GuardrailConfig['type']>(fields: { type: T; [field: string]: unknown }): GuardrailConfigOf<T> {
  return guardrailSchema.parse(fields) as GuardrailConfigOf<T>;
}
