/**
 * What the records keep when a PII guard is on: the request log's kept bodies have the values
 * redacted even when the client got them back (tokenize), and a Responses API stream blocked
 * mid-way ends with response.failed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { post } from '../cache/helpers.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({
    providers: [{ id: 'openai', type: 'openai', api_key: 'sk-key', base_url: '${SIM}/v1' }],
    models: [{ name: 'gpt', targets: [{ provider: 'openai', model: 'gpt-4o-mini' }] }],
    extra: {
      request_log: { enabled: true, flush_interval_ms: 50, max_batch: 100, bodies: 'full' },
      guardrails: [
        { name: 'pii', type: 'pii', on: ['input'], action: 'tokenize' },
        { name: 'codename', type: 'denied_terms', on: ['output'], terms: ['Nightingale'] },
      ],
    },
  });
});
afterAll(async () => stack?.close());

async function row(id: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 60; i++) {
    const res = await fetch(`${stack.url}/admin/v1/requests/${id}`);
    if (res.status === 200) return (await res.json()) as Record<string, unknown>;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no request-log row for ${id}`);
}

describe('records', () => {
  it('keep bodies with the PII redacted, though the client got its values back', async () => {
    const reply = await post(stack, '/v1/chat/completions', { model: 'gpt', messages: [{ role: 'user', content: 'My email is jane.doe@example.com' }] });
    expect(reply.json.choices[0].message.content).toContain('jane.doe@example.com');
    const kept = JSON.stringify(await row(reply.headers.get('x-request-id')!));
    expect(kept).not.toContain('jane.doe@example.com');
    expect(kept).toContain('[EMAIL');
    expect(kept).toContain('"outcome":"redacted"');
  });

  it('end a Responses API stream with response.failed when an answer is blocked', async () => {
    const reply = await post(stack, '/v1/responses', { model: 'gpt', stream: true, input: 'hi [[sim reply=It_is_Nightingale_again]]' });
    expect(reply.text).not.toContain('Nightingale');
    expect(reply.text).toContain('response.failed');
    expect(reply.text).toContain('guardrail_blocked');
  });
});
