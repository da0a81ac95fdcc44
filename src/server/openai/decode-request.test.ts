import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import { decodeOpenAIChatRequest } from './decode-request.js';

const ok = { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] };

function fails(body: unknown): GatewayError {
  try {
    decodeOpenAIChatRequest(body);
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error('expected a GatewayError');
}

describe('openai ingress: options only some providers honour', () => {
  it('maps every one of them into the canonical request', () => {
    const request = decodeOpenAIChatRequest({
      ...ok,
      logprobs: true,
      top_logprobs: 3,
      logit_bias: { '50256': -100, '15': 2.5 },
      service_tier: 'flex',
      prediction: { type: 'content', content: 'draft' },
      metadata: { team: 'search' },
      store: true,
      verbosity: 'low',
      prompt_cache_key: 'conv-1',
      prompt_cache_retention: '24h',
      parallel_tool_calls: false,
      n: 1,
      modalities: ['text'],
    });
    expect(request).toMatchObject({
      logprobs: true,
      topLogprobs: 3,
      logitBias: { '50256': -100, '15': 2.5 },
      serviceTier: 'flex',
      prediction: 'draft',
      metadata: { team: 'search' },
      store: true,
      verbosity: 'low',
      promptCacheKey: 'conv-1',
      openaiExtras: { prompt_cache_retention: '24h' },
      parallelToolCalls: false,
    });
  });

  it('joins a prediction given as text parts, and leaves out what asks for the default', () => {
    const request = decodeOpenAIChatRequest({
      ...ok,
      prediction: {
        type: 'content',
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      },
      logprobs: false,
      logit_bias: {},
      metadata: null,
      service_tier: null,
      audio: null,
      web_search_options: null,
    });
    expect(request.prediction).toBe('ab');
    for (const key of ['logprobs', 'logitBias', 'metadata', 'serviceTier', 'topLogprobs', 'openaiExtras']) expect(request).not.toHaveProperty(key);
  });

  it('carries the end user from user or safety_identifier, and refuses two different ones', () => {
    expect(decodeOpenAIChatRequest({ ...ok, safety_identifier: 'u1' }).user).toBe('u1');
    expect(decodeOpenAIChatRequest({ ...ok, user: 'u1', safety_identifier: 'u1' }).user).toBe('u1');
    expect(fails({ ...ok, user: 'u1', safety_identifier: 'u2' })).toMatchObject({ code: 'invalid_request', param: 'safety_identifier' });
  });

  it.each([
    [{ top_logprobs: 2 }, 'top_logprobs', /requires 'logprobs'/],
    [{ logprobs: true, top_logprobs: 21 }, 'top_logprobs', /between 0 and 20/],
    [{ logprobs: 'yes' }, 'logprobs', /boolean/],
    [{ logit_bias: { '1': 101 } }, 'logit_bias', /-100 and 100/],
    [{ logit_bias: { hello: 1 } }, 'logit_bias', /token ids/],
    [{ metadata: { a: 1 } }, 'metadata.a', /string/],
    [{ metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) }, 'metadata', /16/],
    [{ verbosity: 'loud' }, 'verbosity', /low, medium, high/],
    [{ prediction: { type: 'text', content: 'x' } }, 'prediction', /content/],
    [{ service_tier: 3 }, 'service_tier', /string/],
    [{ parallel_tool_calls: 'no' }, 'parallel_tool_calls', /boolean/],
    [{ user: 7 }, 'user', /string/],
    [{ stream: true, stream_options: { include_usage: true, extra: 1 } }, 'stream_options.extra', /Unrecognized/],
  ])('answers invalid_request for %j', (patch, param, message) => {
    const error = fails({ ...ok, ...patch });
    expect(error).toMatchObject({ code: 'invalid_request', status: 400, param });
    expect(error.message).toMatch(message);
  });

  it('refuses a field OpenAI does not define, in OpenAI words, as the Anthropic ingress does', () => {
    const error = fails({ ...ok, frobnicate: true });
    expect(error).toMatchObject({ code: 'invalid_request', status: 400, param: 'frobnicate' });
    expect(error.message).toBe('Unrecognized request argument supplied: frobnicate');
    expect(fails({ ...ok, repetition_penalty: 1.1 }).param).toBe('repetition_penalty');
  });

  it.each([
    [{ n: 2 }, 'n'],
    [{ modalities: ['text', 'audio'] }, 'modalities'],
    [{ audio: { voice: 'alloy', format: 'wav' } }, 'audio'],
    [{ web_search_options: {} }, 'web_search_options'],
    [{ moderation: { model: 'omni-moderation-latest' } }, 'moderation'],
    [{ functions: [{ name: 'f' }] }, 'functions'],
    [{ function_call: 'auto' }, 'function_call'],
  ])('refuses %j with unsupported_parameter: the canonical response could not carry its result', (patch, param) => {
    const error = fails({ ...ok, ...patch });
    expect(error).toMatchObject({ code: 'unsupported_parameter', status: 400, param });
    expect(error.message).toContain(`'${param}'`);
    expect(error.message).toContain('Switchboard');
  });

  it('refuses an assistant turn that replays audio or a legacy function_call', () => {
    const turn = (extra: object) => ({
      ...ok,
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'x', ...extra },
      ],
    });
    expect(fails(turn({ audio: { id: 'audio_1' } }))).toMatchObject({ code: 'unsupported_parameter', param: 'messages[1].audio' });
    expect(fails(turn({ function_call: { name: 'f', arguments: '{}' } }))).toMatchObject({ code: 'unsupported_parameter', param: 'messages[1].function_call' });
  });

  it('keeps include_usage and accepts include_obfuscation either way (a hint about padding, dropped)', () => {
    expect(decodeOpenAIChatRequest({ ...ok, stream: true, stream_options: { include_usage: true, include_obfuscation: false } }).includeUsageInStream).toBe(
      true,
    );
    const padded = decodeOpenAIChatRequest({ ...ok, stream: true, stream_options: { include_obfuscation: true } });
    expect(padded).toEqual(decodeOpenAIChatRequest({ ...ok, stream: true }));
    expect(fails({ ...ok, stream: true, stream_options: { include_obfuscation: 'yes' } }).param).toBe('stream_options.include_obfuscation');
  });
});

describe('openai ingress: tool types the canonical form has no place for', () => {
  const base = { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] };
  it('refuses custom tools and allowed_tools / custom tool choices by name', () => {
    const run = (body: object) => {
      try {
        decodeOpenAIChatRequest(body);
      } catch (err) {
        return err as { code: string; param: string; status: number };
      }
      throw new Error('expected a refusal');
    };
    expect(run({ ...base, tools: [{ type: 'custom', custom: { name: 'sql' } }] })).toMatchObject({
      status: 400,
      code: 'unsupported_parameter',
      param: 'tools[0].type',
    });
    expect(run({ ...base, tool_choice: { type: 'allowed_tools', allowed_tools: { mode: 'auto', tools: [] } } })).toMatchObject({
      code: 'unsupported_parameter',
      param: 'tool_choice',
    });
  });
});
