/**
 * POST /v1/responses to a provider with a Responses API of its own (the openai type, against the
 * simulator's /v1/responses): built-in tools and their items go through, OpenAI's encrypted
 * reasoning survives a stateless round trip and a previous_response_id chain, and the same
 * built-in items are refused for a provider without one.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';

let stack: TestStack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack({
    providers: [
      { id: 'oai', type: 'openai', api_key: 'sk-sim', base_url: '${SIM}/v1' },
      { id: 'claude', type: 'anthropic', api_key: 'sk-ant-sim', base_url: '${SIM}' },
    ],
    models: [
      { name: 'gpt', targets: [{ provider: 'oai', model: 'gpt-5' }] },
      { name: 'claude', targets: [{ provider: 'claude', model: 'claude-sonnet-4-5' }] },
    ],
  });
  client = new OpenAI({ apiKey: 'any', baseURL: `${stack.url}/v1`, maxRetries: 0 });
});
afterAll(async () => stack?.close());

/** The body of the last request the simulator's Responses API received. */
function lastUpstreamBody(): Record<string, unknown> {
  return stack.simulator.received.last(/\/responses$/)!.body as Record<string, unknown>;
}

describe('a provider with its own Responses API', () => {
  it('runs a built-in tool and returns its item, whole and streamed', async () => {
    const r = await client.responses.create({ model: 'gpt', tools: [{ type: 'web_search' }], input: 'latest news' });
    expect(r.output.map((item) => item.type)).toEqual(['web_search_call', 'message']);
    expect(r.output[0]).toMatchObject({ type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'latest news' } });
    expect(lastUpstreamBody().tools).toEqual([{ type: 'web_search' }]);

    const stream = client.responses.stream({ model: 'gpt', tools: [{ type: 'web_search' }], input: 'latest news' });
    const done: string[] = [];
    for await (const event of stream) if (event.type === 'response.output_item.done') done.push(event.item.type);
    expect(done).toEqual(['web_search_call', 'message']);
  });

  it('takes the built-in item back as input, and a provider without a Responses API refuses it by name', async () => {
    const first = await client.responses.create({ model: 'gpt', store: false, tools: [{ type: 'web_search' }], input: 'latest news' });
    const conversation = [
      { role: 'user' as const, content: 'latest news' },
      ...(first.output as OpenAI.Responses.ResponseInputItem[]),
      { role: 'user' as const, content: 'and more' },
    ];
    const next = await client.responses.create({ model: 'gpt', store: false, tools: [{ type: 'web_search' }], input: conversation });
    expect(next.output_text).toBeTruthy();
    expect((lastUpstreamBody().input as Array<{ type?: string }>).map((item) => item.type)).toContain('web_search_call');

    const refused = (await client.responses.create({ model: 'claude', store: false, input: conversation }).catch((e: unknown) => e)) as {
      status?: number;
      code?: string;
      message?: string;
    };
    expect(refused.status).toBe(400);
    expect(refused.code).toBe('unsupported_parameter');
    expect(refused.message).toContain("(item type 'web_search_call')");
    expect(refused.message).toContain("'claude'");
  });

  it("sends OpenAI's encrypted reasoning back under OpenAI's own item id, stateless", async () => {
    const first = await client.responses.create({
      model: 'gpt',
      store: false,
      include: ['reasoning.encrypted_content'],
      reasoning: { effort: 'low', summary: 'auto' },
      input: 'think first',
    });
    const reasoning = first.output.find((item) => item.type === 'reasoning');
    expect(reasoning?.id).toMatch(/^rs_/);
    expect(reasoning?.type === 'reasoning' && reasoning.encrypted_content).toBeTruthy();
    await client.responses.create({
      model: 'gpt',
      store: false,
      reasoning: { effort: 'low' },
      input: [{ role: 'user', content: 'think first' }, ...(first.output as OpenAI.Responses.ResponseInputItem[]), { role: 'user', content: 'again' }],
    });
    // The simulator, like OpenAI, accepts the item only with the id its encrypted content was sealed for.
    const sent = (lastUpstreamBody().input as Array<Record<string, unknown>>).find((item) => item.type === 'reasoning');
    expect(sent?.id).not.toBe(reasoning?.id);
    expect(String(sent?.encrypted_content)).toMatch(/^gAAAAA/);
  });

  it('carries the reasoning of a stored turn into the next one by previous_response_id', async () => {
    const first = await client.responses.create({ model: 'gpt', reasoning: { effort: 'low' }, input: 'think first' });
    const second = await client.responses.create({ model: 'gpt', reasoning: { effort: 'low' }, previous_response_id: first.id, input: 'again' });
    expect(second.output_text).toContain('Simulated reply to: again');
    const input = lastUpstreamBody().input as Array<Record<string, unknown>>;
    expect(input.map((item) => item.type ?? 'message')).toEqual(['message', 'reasoning', 'message', 'message']);
    expect(lastUpstreamBody().store).toBe(false);
  });
});
