import { describe, expect, it } from 'vitest';
import type { Target } from '../../config/compile.js';
import type { ChatRequest } from '../../core/types.js';
import { estimateInputTokens } from '../../core/token-estimate.js';
import { chatInputTokenBound, embeddingsInputTokenBound, IMAGE_TOKEN_BOUND } from './input-token-bound.js';
import { type PriceBound, worstCase } from './worst-case.js';

const target = (providerId: string, model: string) => ({ providerId, model }) as unknown as Target;
const prices: Record<string, PriceBound> = {
  'a/cheap': { inputPerToken: 1e-7, outputPerToken: 4e-7, maxOutputTokens: 16_000 },
  'b/dear': { inputPerToken: 3e-6, outputPerToken: 15e-6, maxOutputTokens: 64_000 },
  'c/unknown-limit': { inputPerToken: 1e-6, outputPerToken: 2e-6 },
};
const lookup = (t: Target) => prices[`${t.providerId}/${t.model}`];

describe('worst-case reservation', () => {
  it('takes the dearest rates and the largest output limit over every target, fallbacks included', () => {
    const cost = worstCase([target('a', 'cheap'), target('b', 'dear')], lookup, 1000, undefined, 4096);
    expect(cost.outputTokens).toBe(64_000);
    expect(cost.usd).toBeCloseTo(1000 * 3e-6 + 64_000 * 15e-6, 12);
    expect(cost.mustSendCap).toBe(false);
  });

  it("uses the client's max_tokens when set", () => {
    const cost = worstCase([target('a', 'cheap')], lookup, 100, 50, 4096);
    expect(cost.outputTokens).toBe(50);
    expect(cost.usd).toBeCloseTo(100 * 1e-7 + 50 * 4e-7, 15);
  });

  it('assumes the default cap for a model of unknown limit and says it must be sent upstream', () => {
    const cost = worstCase([target('c', 'unknown-limit')], lookup, 10, undefined, 4096);
    expect(cost.outputTokens).toBe(4096);
    expect(cost.mustSendCap).toBe(true);
  });

  it('names a target without a price', () => {
    expect(worstCase([target('a', 'cheap'), target('z', 'free?')], lookup, 10, 10, 4096).unpriced).toBe('z/free?');
  });
});

describe('input-token bound', () => {
  const request = (content: string): ChatRequest => ({ model: 'm', stream: false, messages: [{ role: 'user', content: [{ type: 'text', text: content }] }] });

  it('is never below the estimate, for English, other scripts and emoji', () => {
    for (const text of ['Hello there, how are you today?', 'Привет, как дела?', '你好，今天怎么样？', '🙂🙃🙂 emoji', 'x'.repeat(10_000)]) {
      expect(chatInputTokenBound(request(text))).toBeGreaterThanOrEqual(estimateInputTokens(request(text)));
      expect(chatInputTokenBound(request(text))).toBeGreaterThanOrEqual(Buffer.byteLength(text));
    }
  });

  it('bounds images, tools and tool calls', () => {
    const req: ChatRequest = {
      model: 'm',
      stream: false,
      messages: [
        { role: 'user', content: [{ type: 'image', url: 'https://x/y.png' }] },
        { role: 'assistant', content: [], toolCalls: [{ id: '1', name: 'lookup', arguments: '{"q":"abc"}' }] },
      ],
      tools: [{ name: 'lookup', parameters: { type: 'object' } }],
    };
    expect(chatInputTokenBound(req)).toBeGreaterThan(IMAGE_TOKEN_BOUND + '{"q":"abc"}'.length + 'lookup'.length * 2);
  });

  it('bounds embeddings inputs', () => {
    expect(embeddingsInputTokenBound({ model: 'e', input: ['abc', 'défg'] })).toBe(4 + 3 + 4 + 5);
  });
});
