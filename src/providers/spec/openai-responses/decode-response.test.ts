/** The Responses response decoder: text, refusals, function calls, reasoning items, built-in tool items, finish and usage. */
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../core/errors.js';
import { decodeResponsesBody } from './decode-response.js';
import { mapResponsesFinish } from './map-finish-reason.js';
import { mapResponsesUsage } from './map-usage.js';
import { fixtureJson } from './test-helpers.js';

const decode = (name: string) => decodeResponsesBody(fixtureJson(name), 'oai');

describe('decodeResponsesBody', () => {
  it('decodes a text answer with its tier and cached input tokens', () => {
    expect(decode('response-text.json')).toEqual({
      id: 'resp_67c9fdcecf48',
      model: 'gpt-4o-mini-2024-07-18',
      created: 1741290958,
      text: 'Hi there!',
      toolCalls: [],
      finishReason: 'stop',
      nativeFinishReason: 'completed',
      usage: { inputTokens: 2006, outputTokens: 4, cachedInputTokens: 1920 },
      serviceTier: 'default',
    });
  });

  it('decodes reasoning (summary parts joined, id and encrypted content kept) and function calls by call_id', () => {
    const response = decode('response-reasoning-tools.json');
    expect(response.reasoning).toBe("**Planning the lookups**\n\nTwo cities were named.\n\nI'll call get_weather for each.");
    expect(response.openaiReasoningId).toBe('rs_68a1b2c3aa01');
    expect(response.encryptedReasoning).toBe('gAAAAABoqRSTUVWXYZ0123456789-encrypted-reasoning-blob==');
    expect(response.toolCalls).toEqual([
      { id: 'call_Paris01', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'call_Rome02', name: 'get_weather', arguments: '{"city":"Rome"}' },
    ]);
    expect(response.finishReason).toBe('tool_calls');
    expect(response.text).toBe('');
    expect(response.usage).toEqual({ inputTokens: 81, outputTokens: 213, reasoningTokens: 192 });
    expect(response.nativeItems).toBeUndefined();
  });

  it('keeps a built-in tool call verbatim as a native item, before the text', () => {
    const response = decode('response-web-search.json');
    expect(response.nativeItems).toEqual([
      { type: 'web_search_call', id: 'ws_68b000000aa1', status: 'completed', action: { type: 'search', query: 'positive news today' } },
    ]);
    expect(response.text).toBe('A sea turtle nesting record was set this week.');
    expect(response.finishReason).toBe('stop');
  });

  it('maps an answer cut at max_output_tokens to length', () => {
    const response = decode('response-incomplete.json');
    expect(response).toMatchObject({ text: 'Once upon a time, in a land far', finishReason: 'length', nativeFinishReason: 'max_output_tokens' });
  });

  it('reads a refusal apart from the text', () => {
    expect(decode('response-refusal.json')).toMatchObject({ text: '', refusal: "I'm sorry, I can't help with that.", finishReason: 'stop' });
  });

  it('keeps reasoning items after the first verbatim, so none is lost', () => {
    const body = fixtureJson('response-reasoning-tools.json');
    const second = { id: 'rs_second', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Then Rome.' }], encrypted_content: 'gAAAA-two' };
    const response = decodeResponsesBody({ ...body, output: [...(body.output as unknown[]), second] }, 'oai');
    expect(response.openaiReasoningId).toBe('rs_68a1b2c3aa01');
    expect(response.nativeItems).toEqual([second]);
    expect(response.reasoning).toMatch(/\n\nThen Rome\.$/);
  });

  it('keeps unknown and future item types verbatim', () => {
    const items = [
      { type: 'mcp_call', id: 'mcp_1', server_label: 'docs', name: 'search', arguments: '{}', output: 'ok' },
      { type: 'code_interpreter_call', id: 'ci_1', code: 'print(1)', status: 'completed', container_id: 'cntr_1', outputs: [] },
      { type: 'some_future_call', id: 'x_1' },
    ];
    const response = decodeResponsesBody({ id: 'r', model: 'm', status: 'completed', output: items }, 'oai');
    expect(response.nativeItems).toEqual(items);
  });

  it('throws the upstream error for a failed response, and a 502 for a body that is no response', () => {
    const failed = (() => {
      try {
        decodeResponsesBody({ id: 'r', status: 'failed', error: { code: 'server_error', message: 'The model failed.' }, output: [] }, 'oai');
      } catch (err) {
        return err;
      }
    })();
    expect(failed).toBeInstanceOf(GatewayError);
    expect(failed).toMatchObject({ code: 'upstream_error', status: 502, message: 'The model failed.', provider: 'oai', upstreamType: 'server_error' });
    expect(() => decodeResponsesBody({ choices: [] }, 'oai')).toThrow(/without an output list/);
    expect(() => decodeResponsesBody('nope', 'oai')).toThrow(GatewayError);
  });

  it('survives hostile shapes inside the output list', () => {
    const response = decodeResponsesBody(
      { output: [null, 7, 'x', { type: 'message', content: 'not a list' }, { type: 'function_call', arguments: { a: 1 } }], usage: 'none' },
      'oai',
    );
    expect(response.text).toBe('');
    expect(response.toolCalls).toHaveLength(1);
    expect(response.toolCalls[0]!.arguments).toBe('{"a":1}');
    expect(response.toolCalls[0]!.id).not.toBe('');
    expect(response.usage).toEqual({ inputTokens: 0, outputTokens: 0 });
  });
});

describe('mapResponsesFinish', () => {
  it('maps statuses and incomplete reasons', () => {
    expect(mapResponsesFinish('completed', null, false)).toEqual({ reason: 'stop', nativeReason: 'completed' });
    expect(mapResponsesFinish('completed', null, true)).toEqual({ reason: 'tool_calls', nativeReason: 'completed' });
    expect(mapResponsesFinish('incomplete', { reason: 'max_output_tokens' }, true)).toEqual({ reason: 'length', nativeReason: 'max_output_tokens' });
    expect(mapResponsesFinish('incomplete', { reason: 'content_filter' }, false)).toEqual({ reason: 'content_filter', nativeReason: 'content_filter' });
    expect(mapResponsesFinish('incomplete', null, false)).toEqual({ reason: 'length', nativeReason: 'incomplete' });
    expect(mapResponsesFinish('cancelled', null, false)).toEqual({ reason: 'error', nativeReason: 'cancelled' });
  });
});

describe('mapResponsesUsage', () => {
  it('reads cached, cache-write and reasoning tokens, and nothing from a non-object', () => {
    expect(
      mapResponsesUsage({
        input_tokens: 100,
        input_tokens_details: { cached_tokens: 40, cache_write_tokens: 10 },
        output_tokens: 50,
        output_tokens_details: { reasoning_tokens: 30 },
      }),
    ).toEqual({ inputTokens: 100, outputTokens: 50, cachedInputTokens: 40, cacheWriteTokens: 10, reasoningTokens: 30 });
    expect(mapResponsesUsage(null)).toBeUndefined();
    expect(mapResponsesUsage({ input_tokens: 'many' })).toEqual({ inputTokens: 0, outputTokens: 0 });
  });
});
