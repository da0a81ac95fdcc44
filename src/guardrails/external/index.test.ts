/** createRemoteEngine: the engine of each remote type, and a clear refusal for local types and a judge without the gateway. */
import { describe, expect, it } from 'vitest';
import { guardrailSchema } from '../config-schema.js';
import type { GuardHttpClient } from './guard-http.js';
import { createRemoteEngine, isRemoteGuardrail } from './index.js';

const unused: GuardHttpClient = {
  send: () => Promise.reject(new Error('no call expected')),
};

describe('createRemoteEngine', () => {
  it('builds an engine for each remote type, with spans only where the service gives them', () => {
    const configs = [
      { type: 'http', url: 'http://127.0.0.1:1/check' },
      { type: 'lakera', api_key: 'k' },
      { type: 'presidio', url: 'http://127.0.0.1:1' },
      { type: 'openai_moderation', api_key: 'k' },
      { type: 'llm_judge', alias: 'judge' },
    ].map((fields) => guardrailSchema.parse({ name: 'g', ...fields }));
    const engines = configs.map((config) => createRemoteEngine(config, { http: unused, judge: async () => 'safe' }));
    expect(engines.map((e) => [e.kind, e.spans])).toEqual([
      ['remote', true],
      ['remote', false],
      ['remote', true],
      ['remote', false],
      ['remote', false],
    ]);
    expect(configs.every(isRemoteGuardrail)).toBe(true);
  });

  it('refuses a local type, and an llm_judge without the judge call', () => {
    const pii = guardrailSchema.parse({ name: 'pii', type: 'pii' });
    expect(isRemoteGuardrail(pii)).toBe(false);
    expect(() => createRemoteEngine(pii, { http: unused })).toThrow(/runs in process/);
    expect(() => createRemoteEngine(guardrailSchema.parse({ name: 'j', type: 'llm_judge', alias: 'a' }), { http: unused })).toThrow(
      /needs the gateway's chat call/,
    );
  });
});
