import { describe, expect, it } from 'vitest';
import type { ChatResponse } from '../../core/types.js';
import { decodeItems } from './decode-items.js';
import { decodeResponsesRequest } from './decode-request.js';
import { encodeResponsesResponse } from './encode-response.js';
import type { ResponseShell } from './response-object.js';

const ID = 'resp_0123456789abcdefABCDEF0123456789';
const shell = (body: Record<string, unknown> = {}): ResponseShell => ({
  id: ID,
  createdAt: 1700000000,
  store: true,
  echo: decodeResponsesRequest({ model: 'alias', input: 'hi', ...body }).echo,
});
const answer = (extra: Partial<ChatResponse> = {}): ChatResponse => ({
  id: 'up-1',
  model: 'served-model',
  created: 1,
  text: 'Hi there!',
  toolCalls: [],
  finishReason: 'stop',
  usage: { inputTokens: 20, outputTokens: 4, cachedInputTokens: 3, reasoningTokens: 1 },
  ...extra,
});

describe('encodeResponsesResponse', () => {
  it('answers a text reply as OpenAI does, echoing the request settings', () => {
    const body = encodeResponsesResponse(shell({ instructions: 'Be brief.', temperature: 0.5 }), answer());
    expect(body).toMatchObject({
      id: ID,
      object: 'response',
      created_at: 1700000000,
      status: 'completed',
      error: null,
      incomplete_details: null,
      instructions: 'Be brief.',
      model: 'served-model',
      output: [
        {
          id: `msg_${ID.slice(5)}00`,
          type: 'message',
          status: 'completed',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'Hi there!', annotations: [] }],
        },
      ],
      parallel_tool_calls: true,
      tool_choice: 'auto',
      tools: [],
      temperature: 0.5,
      top_p: 1,
      store: true,
      service_tier: 'default',
      usage: {
        input_tokens: 20,
        input_tokens_details: { cached_tokens: 3, cache_write_tokens: 0 },
        output_tokens: 4,
        output_tokens_details: { reasoning_tokens: 1 },
        total_tokens: 24,
      },
      metadata: {},
    });
    expect(typeof body.completed_at).toBe('number');
    expect(Object.keys(body).slice(0, 4)).toEqual(['id', 'object', 'created_at', 'status']);
  });

  it('orders reasoning, native items, the message and function calls, each with its own id', () => {
    const search = { type: 'web_search_call', id: 'ws_1', status: 'completed' };
    const body = encodeResponsesResponse(
      shell(),
      answer({
        text: 'Let me check.',
        reasoning: 'think',
        reasoningSignature: 'sig',
        nativeItems: [search],
        toolCalls: [
          { id: 'call_a', name: 'f', arguments: '{"x":1}' },
          { id: 'call_b', name: 'g', arguments: '{}', signature: 'gsig' },
        ],
        finishReason: 'tool_calls',
      }),
    );
    const output = body.output as Array<Record<string, unknown>>;
    expect(output.map((o) => o.type)).toEqual(['reasoning', 'web_search_call', 'message', 'function_call', 'function_call']);
    expect(output[0]).toMatchObject({ id: `rs_${ID.slice(5)}00`, summary: [{ type: 'summary_text', text: 'think' }] });
    expect(output[1]).toBe(search);
    expect(output[3]).toEqual({ id: `fc_${ID.slice(5)}03`, type: 'function_call', status: 'completed', arguments: '{"x":1}', call_id: 'call_a', name: 'f' });
    // The signatures come back from the reasoning item when the client sends the output back.
    const [turn] = decodeItems(output, 'input').messages;
    expect(turn).toMatchObject({
      role: 'assistant',
      toolCalls: [
        { id: 'call_a', name: 'f' },
        { id: 'call_b', name: 'g', signature: 'gsig' },
      ],
    });
    expect(turn!.content).toContainEqual({ type: 'reasoning', text: 'think', signature: 'sig' });
  });

  it("carries OpenAI's own reasoning item (id and encrypted_content) inside the gateway's", () => {
    const body = encodeResponsesResponse(shell(), answer({ openaiReasoningId: 'rs_openai', encryptedReasoning: 'gAAA' }));
    const item = (body.output as Array<Record<string, unknown>>)[0]!;
    expect(item).toMatchObject({ id: `rs_${ID.slice(5)}00`, type: 'reasoning', summary: [] });
    expect(decodeItems([item], 'input').messages[0]!.content).toEqual([
      { type: 'reasoning', text: '', openaiReasoningId: 'rs_openai', encryptedContent: 'gAAA' },
    ]);
  });

  it('is incomplete with the reason when cut by the token limit or a content filter', () => {
    const cut = encodeResponsesResponse(shell({ max_output_tokens: 16 }), answer({ finishReason: 'length' }));
    expect(cut).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, max_output_tokens: 16 });
    expect((cut.output as Array<Record<string, unknown>>)[0]!.status).toBe('incomplete');
    expect(encodeResponsesResponse(shell(), answer({ finishReason: 'content_filter' }))).toMatchObject({ incomplete_details: { reason: 'content_filter' } });
  });

  it('answers only function calls when the model said nothing, and a refusal as a refusal part', () => {
    const calls = encodeResponsesResponse(shell(), answer({ text: '', toolCalls: [{ id: 'c', name: 'f', arguments: '{}' }] }));
    expect((calls.output as Array<Record<string, unknown>>).map((o) => o.type)).toEqual(['function_call']);
    const refused = encodeResponsesResponse(shell(), answer({ text: '', refusal: 'I cannot.' }));
    expect((refused.output as Array<{ content: unknown[] }>)[0]!.content).toEqual([{ type: 'refusal', refusal: 'I cannot.' }]);
  });

  it('puts log-probabilities on the output_text part when they were asked for', () => {
    const body = encodeResponsesResponse(shell(), answer({ text: 'Hi', logprobs: [{ token: 'Hi', logprob: -0.5, top: [{ token: 'Hi', logprob: -0.5 }] }] }));
    const part = (body.output as Array<{ content: Array<Record<string, unknown>> }>)[0]!.content[0];
    expect(part!.logprobs).toEqual([{ token: 'Hi', logprob: -0.5, bytes: null, top_logprobs: [{ token: 'Hi', logprob: -0.5, bytes: null }] }]);
  });
});
