/** The `prompt` field on the three ingresses: where it is accepted, what it relaxes, and its 400s. */
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../core/errors.js';
import { decodeRequest as decodeAnthropic } from './anthropic/decode-request.js';
import { decodeOpenAIChatRequest } from './openai/decode-request.js';
import { decodeResponsesRequest } from './responses/decode-request.js';

function errorOf(fn: () => unknown): GatewayError {
  try {
    fn();
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error('expected a GatewayError');
}

describe('the prompt field', () => {
  it('lets chat completions omit model and messages, and keeps both when given', () => {
    expect(decodeOpenAIChatRequest({ prompt: { id: 'p', version: 3, variables: { a: 1 } } })).toMatchObject({
      model: '',
      messages: [],
      prompt: { id: 'p', version: '3', variables: { a: 1 } },
    });
    const full = decodeOpenAIChatRequest({ model: 'm', messages: [{ role: 'user', content: 'hi' }], prompt: { id: 'p', version: 'staging' } });
    expect(full).toMatchObject({ model: 'm', prompt: { id: 'p', version: 'staging' } });
    expect(full.messages).toHaveLength(1);
    expect(errorOf(() => decodeOpenAIChatRequest({ messages: [] }))).toMatchObject({ param: 'model' });
  });

  it('lets messages omit model and messages (max_tokens stays required)', () => {
    expect(decodeAnthropic({ prompt: { id: 'p' }, max_tokens: 10 })).toMatchObject({ model: '', messages: [], prompt: { id: 'p' } });
    expect(decodeAnthropic({ prompt: { id: 'p' }, max_tokens: 10, messages: [], system: 'be brief' }).messages).toEqual([
      { role: 'system', content: [{ type: 'text', text: 'be brief' }] },
    ]);
    expect(errorOf(() => decodeAnthropic({ prompt: { id: 'p' } }))).toMatchObject({ param: 'max_tokens' });
    expect(errorOf(() => decodeAnthropic({ max_tokens: 10, messages: [] }))).toMatchObject({ param: 'model' });
  });

  it('lets the Responses API omit model and input, reads input_text variables, and echoes the prompt', () => {
    const decoded = decodeResponsesRequest({ prompt: { id: 'p', version: '2', variables: { city: { type: 'input_text', text: 'Paris' }, n: '3' } } });
    expect(decoded.request).toMatchObject({ model: '', messages: [], prompt: { id: 'p', version: '2', variables: { city: 'Paris', n: '3' } } });
    expect(decoded.echo.prompt).toEqual({ id: 'p', version: '2', variables: { city: { type: 'input_text', text: 'Paris' }, n: '3' } });
    expect(decoded.nativeFields).not.toHaveProperty('prompt');
    expect(decodeResponsesRequest({ model: 'm', input: 'hi' }).echo.prompt).toBeNull();
  });

  it('keeps an OpenAI-hosted pmpt_ prompt as a Responses-only field, image variables and all', () => {
    const prompt = { id: 'pmpt_123', variables: { pic: { type: 'input_image', image_url: 'https://x/y.png' } } };
    const decoded = decodeResponsesRequest({ model: 'm', prompt });
    expect(decoded.nativeFields.prompt).toEqual(prompt);
    expect(decoded.request.prompt?.variables).toEqual(prompt.variables);
  });

  it('refuses a bad prompt with a 400 naming the part at fault, on every ingress', () => {
    const cases: [unknown, string][] = [
      ['p', 'prompt'],
      [{ version: '1' }, 'prompt.id'],
      [{ id: '' }, 'prompt.id'],
      [{ id: 'p', version: true }, 'prompt.version'],
      [{ id: 'p', variables: [1] }, 'prompt.variables'],
      [{ id: 'p', extra: 1 }, 'prompt.extra'],
    ];
    for (const [prompt, param] of cases) {
      expect(errorOf(() => decodeOpenAIChatRequest({ prompt }))).toMatchObject({ status: 400, param });
      expect(errorOf(() => decodeAnthropic({ prompt, max_tokens: 5 }))).toMatchObject({ status: 400, param });
      expect(errorOf(() => decodeResponsesRequest({ prompt }))).toMatchObject({ status: 400, param });
    }
    expect(errorOf(() => decodeResponsesRequest({ prompt: { id: 'p', variables: { pic: { type: 'input_file', file_id: 'f' } } } }))).toMatchObject({
      status: 400,
      code: 'prompt_variable_invalid',
      param: 'prompt.variables.pic',
    });
  });
});
