/** The cache keys of a request: what they tell apart, what they ignore, and the semantic partition. */
import { describe, expect, it } from 'vitest';
import type { ChatRequest, ToolDefinition } from '../core/types.js';
import { normaliseText, questionOf, requestKeys } from './request-key.js';

const CONTEXT = { scope: 'team:t/key:k', alias: 'gpt' };

function request(fields: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: 'gpt-4o-mini',
    stream: false,
    messages: [
      { role: 'system', content: [{ type: 'text', text: 'Be terse.' }] },
      { role: 'user', content: [{ type: 'text', text: 'What is the capital of France?' }] },
    ],
    ...fields,
  };
}

const exact = (req: ChatRequest, context: Parameters<typeof requestKeys>[1] = CONTEXT) => requestKeys(req, context).exact;
const tool = (properties: Record<string, unknown>, extra: Partial<ToolDefinition> = {}): ToolDefinition => ({
  name: 'save',
  parameters: { type: 'object', properties },
  ...extra,
});

describe('requestKeys: exact', () => {
  it('is stable, and ignores what never changes the answer', () => {
    const key = exact(request());
    expect(exact(request())).toBe(key);
    expect(
      exact(
        request({
          model: 'other-upstream',
          stream: true,
          includeUsageInStream: true,
          user: 'u1',
          metadata: { a: 'b' },
          store: true,
          serviceTier: 'flex',
          promptCacheKey: 'pk',
        }),
      ),
    ).toBe(key);
  });

  it('ignores JSON key order and whitespace in message text, and prompt-cache breakpoints', () => {
    const reordered = JSON.parse(
      JSON.stringify(request(), (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v)),
    );
    expect(exact(reordered)).toBe(exact(request()));
    const spaced = request({
      messages: [
        { role: 'system', content: [{ type: 'text', text: '  Be\n\nterse. ', cacheControl: { type: 'ephemeral' } }] },
        { role: 'user', content: [{ type: 'text', text: 'What   is the\tcapital of France?' }] },
      ],
    });
    expect(exact(spaced)).toBe(exact(request()));
    expect(exact(request({ tools: [tool({ a: { type: 'string' } }, { cacheControl: { type: 'ephemeral' } })] }))).toBe(
      exact(request({ tools: [tool({ a: { type: 'string' } })] })),
    );
  });

  it('makes defaults explicit: tool_choice auto, parallel tool calls, text format, no stop, zero penalties', () => {
    const tools = [tool({ a: { type: 'string' } })];
    expect(exact(request({ tools, toolChoice: 'auto', parallelToolCalls: true }))).toBe(exact(request({ tools })));
    expect(exact(request({ tools: [], toolChoice: 'auto' }))).toBe(exact(request()));
    expect(exact(request({ responseFormat: { type: 'text' }, stop: [], frequencyPenalty: 0, presencePenalty: 0 }))).toBe(exact(request()));
    expect(exact(request({ topLogprobs: 3 }))).toBe(exact(request()));
  });

  it('tells apart everything that can change the answer', () => {
    const base = exact(request());
    const variants: Partial<ChatRequest>[] = [
      { temperature: 0.2 },
      { topP: 0.5 },
      { maxTokens: 10 },
      { seed: 1 },
      { stop: ['x'] },
      { tools: [tool({})] },
      { responseFormat: { type: 'json_object' } },
      { reasoning: { effort: 'high' } },
      { frequencyPenalty: 0.5 },
      { logprobs: true },
      { messages: [{ role: 'user', content: [{ type: 'text', text: 'What is the capital of Spain?' }] }] },
    ];
    const keys = variants.map((fields) => exact(request(fields)));
    expect(new Set([base, ...keys]).size).toBe(variants.length + 1);
    expect(exact(request({ tools: [tool({})], toolChoice: 'none' }))).not.toBe(exact(request({ tools: [tool({})] })));
  });

  it('keeps schemas verbatim: property names the request ignores at its top still count inside one', () => {
    for (const [one, other] of [
      ['user', 'metadata'],
      ['model', 'store'],
      ['stream', 'serviceTier'],
    ] as const) {
      expect(exact(request({ tools: [tool({ [one]: { type: 'string' } })] }))).not.toBe(exact(request({ tools: [tool({ [other]: { type: 'string' } })] })));
      const format = (name: string) => request({ responseFormat: { type: 'json_schema', name: 'x', schema: { type: 'object', properties: { [name]: {} } } } });
      expect(exact(format(one))).not.toBe(exact(format(other)));
    }
    expect(exact(request({ tools: [tool({ content: { enum: ['a b'] } })] }))).not.toBe(exact(request({ tools: [tool({ content: { enum: ['a  b'] } })] })));
  });

  it('hashes the scope, the alias and the operation extras in', () => {
    const key = exact(request());
    expect(exact(request(), { ...CONTEXT, scope: 'team:t/key:other' })).not.toBe(key);
    expect(exact(request(), { ...CONTEXT, scope: `${CONTEXT.scope}/ns:a` })).not.toBe(key);
    expect(exact(request(), { ...CONTEXT, alias: 'gpt-twin' })).not.toBe(key);
    expect(exact(request(), { ...CONTEXT, extra: { truncation: 'auto' } })).not.toBe(key);
  });
});

describe('requestKeys: semantic partition', () => {
  const embedded = { ...CONTEXT, embedder: 'builtin@1' };

  it('is left out without an embedder', () => {
    expect(requestKeys(request(), CONTEXT)).toEqual({ exact: expect.any(String) });
  });

  it('shares a partition between questions with the same everything else', () => {
    const a = requestKeys(request(), embedded);
    const b = requestKeys(
      request({ messages: [request().messages[0]!, { role: 'user', content: [{ type: 'text', text: ' Capital  of France? ' }] }] }),
      embedded,
    );
    expect(a.partition).toBeDefined();
    expect(b.partition).toBe(a.partition);
    expect(b.exact).not.toBe(a.exact);
    expect(b.question).toBe('Capital of France?');
  });

  it('separates partitions by history, settings, scope and embedder', () => {
    const partition = requestKeys(request(), embedded).partition;
    expect(requestKeys(request({ temperature: 1 }), embedded).partition).not.toBe(partition);
    expect(requestKeys(request(), { ...embedded, embedder: 'builtin@2' }).partition).not.toBe(partition);
    expect(requestKeys(request(), { ...embedded, scope: 'global' }).partition).not.toBe(partition);
    const history = request({ messages: [{ role: 'system', content: [{ type: 'text', text: 'Be kind.' }] }, request().messages[1]!] });
    expect(requestKeys(history, embedded).partition).not.toBe(partition);
  });

  it('has no question when the last turn is not plain user text', () => {
    expect(questionOf([{ role: 'user', content: [{ type: 'image', url: 'https://example.com/a.png' }] }])).toBeUndefined();
    expect(questionOf([{ role: 'assistant', content: [{ type: 'text', text: 'hi' }] }])).toBeUndefined();
    expect(questionOf([{ role: 'user', content: [{ type: 'text', text: '   ' }] }])).toBeUndefined();
    expect(
      questionOf([
        {
          role: 'user',
          content: [
            { type: 'text', text: 'a' },
            { type: 'text', text: 'b' },
          ],
        },
      ]),
    ).toBe('a b');
  });
});

describe('normaliseText', () => {
  it('collapses runs of whitespace and trims', () => {
    expect(normaliseText(' a \n\t b  ')).toBe('a b');
  });
});
