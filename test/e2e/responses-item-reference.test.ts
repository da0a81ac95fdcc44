/**
 * The Vercel AI SDK's `openai(model)` keeps a conversation by sending earlier assistant turns as
 * item_reference items while `store` is on (its default): through the gateway, those references
 * resolve from the gateway's own response store, for providers without a Responses API. (The
 * client matrix in test/clients/ covers the SDK's other calls through /v1/responses.)
 */
import { createOpenAI } from '@ai-sdk/openai';
import { generateText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';

// The SDK warns that our alias names are not models it knows; that is expected here.
globalThis.AI_SDK_LOG_WARNINGS = false;

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({
    providers: [
      { id: 'claude', type: 'anthropic', api_key: 'sk-ant-sim', base_url: '${SIM}' },
      { id: 'gem', type: 'gemini', api_key: 'gm-sim', base_url: '${SIM}' },
    ],
    models: [
      { name: 'claude', targets: [{ provider: 'claude', model: 'claude-sonnet-4-5' }] },
      { name: 'gemini', targets: [{ provider: 'gem', model: 'gemini-2.5-flash' }] },
    ],
  });
});
afterAll(async () => stack?.close());

describe.each(['claude', 'gemini'])('the AI SDK to %s', (model) => {
  it('continues a conversation whose assistant turn it sends as an item_reference', async () => {
    const openai = createOpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'any' });
    const first = await generateText({ model: openai(model), prompt: 'first' });
    const second = await generateText({
      model: openai(model),
      messages: [{ role: 'user', content: 'first' }, ...first.response.messages, { role: 'user', content: 'second' }],
    });
    expect(second.text).toContain('Simulated reply to: second');
    expect(second.text).toContain('(turns: 3)');
    // The reference was resolved from the store: the stored input holds the whole earlier item.
    const stored = await stack.gateway.services.responseStore!.get('default', second.response.id);
    const resolved = stored!.input.find((item) => item.type === 'message' && String(item.id).slice(4, 36) === first.response.id.slice(5));
    expect(resolved).toMatchObject({ role: 'assistant', status: 'completed' });
  });
});
