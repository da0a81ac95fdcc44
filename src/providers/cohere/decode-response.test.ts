import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import { decodeCohereChat } from './decode-response.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe('decodeCohereChat', () => {
  it('decodes a text response with processed-token usage', () => {
    expect(decodeCohereChat(fixture('chat-text.json'))).toEqual({
      id: 'c14c80c3-18eb-4519-9460-6c92edd8cfb4',
      model: '',
      created: 0,
      text: 'LLMs stand for Large Language Models, which are a type of neural network model.',
      toolCalls: [],
      finishReason: 'stop',
      nativeFinishReason: 'COMPLETE',
      usage: { inputTokens: 71, outputTokens: 418 },
    });
  });

  it('decodes a tool call with a thinking item as reasoning', () => {
    const res = decodeCohereChat(fixture('chat-tools.json'));
    expect(res.toolCalls).toEqual([{ id: 'query_daily_sales_report_hgxxmkby3wta', name: 'query_daily_sales_report', arguments: '{"day": "2023-09-29"}' }]);
    expect(res.reasoning).toBe('I will look up the sales report for 2023-09-29.');
    expect(res.text).toBe('');
    expect(res.finishReason).toBe('tool_calls');
    expect(res.usage).toEqual({ inputTokens: 1032, outputTokens: 124 });
  });

  it('decodes tool_plan and two parallel calls, with cached tokens', () => {
    const res = decodeCohereChat(fixture('chat-tool-plan-parallel.json'));
    expect(res.reasoning).toBe('I will look up the sales report and the product catalog.');
    expect(res.toolCalls.map((c) => c.name)).toEqual(['query_daily_sales_report', 'query_product_catalog']);
    expect(res.toolCalls[1]!.arguments).toBe('{"category": "Electronics"}');
    expect(res.usage).toEqual({ inputTokens: 1200, outputTokens: 140, cachedInputTokens: 1024 });
  });

  it('falls back to billed units and maps MAX_TOKENS to length', () => {
    const res = decodeCohereChat(fixture('chat-billed-only.json'));
    expect(res.usage).toEqual({ inputTokens: 12, outputTokens: 1 });
    expect(res.finishReason).toBe('length');
    expect(res.nativeFinishReason).toBe('MAX_TOKENS');
  });

  it('turns finish_reason ERROR into a 502', () => {
    const body = { id: 'x', message: { role: 'assistant', content: [] }, finish_reason: 'ERROR' };
    expect(() => decodeCohereChat(body)).toThrow(GatewayError);
    try {
      decodeCohereChat(body);
    } catch (err) {
      expect((err as GatewayError).code).toBe('upstream_error');
      expect((err as GatewayError).status).toBe(502);
    }
  });

  it('rejects a body without a message', () => {
    expect(() => decodeCohereChat({ id: 'x' })).toThrow(/no message/);
  });
});
