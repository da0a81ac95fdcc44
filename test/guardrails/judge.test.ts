/**
 * An LLM judge through one of the gateway's own aliases: its verdict blocks or passes the request,
 * an answer that is no verdict fails closed, and the judge's call is its own request-log row
 * (`<id>-guard`), billed to the caller, not guarded again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { post } from '../cache/helpers.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({
    providers: [{ id: 'openai', type: 'openai', api_key: 'sk-key', base_url: '${SIM}/v1' }],
    models: [
      { name: 'gpt', targets: [{ provider: 'openai', model: 'gpt-4o-mini' }] },
      { name: 'judge', targets: [{ provider: 'openai', model: 'gpt-4o-mini' }] },
    ],
    extra: { guardrails: [{ name: 'judge', type: 'llm_judge', alias: 'judge', timeout_ms: 5000, applies_to: { aliases: ['gpt'] } }] },
  });
});
afterAll(async () => stack?.close());

/** A user turn whose directive makes the simulator (the judge, and the model) answer `reply`. */
function turn(reply: string, id: string) {
  return { model: 'gpt', messages: [{ role: 'user', content: `Please help [[sim id=${id} reply=${reply}]]` }] };
}

describe('an LLM judge guard', () => {
  it('blocks on an unsafe verdict, naming the guard', async () => {
    const reply = await post(stack, '/v1/chat/completions', turn('{"safe":false}', 'judge-unsafe'));
    expect(reply.status).toBe(400);
    expect(reply.json.error.code).toBe('guardrail_blocked');
    expect(reply.headers.get('x-switchboard-guardrail')).toBe('judge');
    // The judge was asked once; the model never was.
    expect(stack.simulator.tally('judge-unsafe')?.count).toBe(1);
  });

  it('lets a safe verdict through, and the judge call is its own logged request', async () => {
    const reply = await post(stack, '/v1/chat/completions', turn('{"safe":true}', 'judge-safe'));
    expect(reply.status).toBe(200);
    expect(stack.simulator.tally('judge-safe')?.count).toBe(2);
    const id = reply.headers.get('x-request-id')!;
    let row: Record<string, unknown> | undefined;
    for (let i = 0; i < 60 && !row; i++) {
      const res = await fetch(`${stack.url}/admin/v1/requests/${id}-guard`);
      if (res.status === 200) row = (await res.json()) as Record<string, unknown>;
      else await new Promise((r) => setTimeout(r, 50));
    }
    expect(row?.model_requested ?? row?.modelRequested).toBe('judge');
    // The judge's own call ran no guard (it would have judged itself forever).
    expect(row?.guardrails ?? null).toBeNull();
  });

  it('fails closed when the judge gives no verdict', async () => {
    const reply = await post(stack, '/v1/chat/completions', turn('I_think_it_is_fine', 'judge-garbage'));
    expect(reply.status).toBe(503);
    expect(reply.json.error.code).toBe('guardrail_unavailable');
    expect(reply.json.error.message).toContain('JSON verdict');
  });
});
