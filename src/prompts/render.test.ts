/** Rendering a stored prompt version into a request: variables checked, messages first, defaults only where unset. */
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../core/errors.js';
import type { ChatRequest } from '../core/types.js';
import { renderPrompt } from './render.js';
import type { PromptTemplate, PromptVersion } from './types.js';

const version = (template: PromptTemplate, n = 1): PromptVersion => ({ promptId: 'support', version: n, template, contentHash: 'h', createdAt: 0 });

const TEMPLATE: PromptTemplate = {
  messages: [
    { role: 'system', content: 'You help {{ company }} customers. Tone: {{tone}}.' },
    { role: 'developer', content: 'Limit: {{limit}} words. Data: {{data}}' },
    { role: 'user', content: 'Customer {{name}} asks:' },
  ],
  variables: {
    company: { type: 'string' },
    tone: { type: 'string', enum: ['formal', 'casual'], default: 'formal' },
    limit: { type: 'integer', default: 50 },
    data: { type: 'json', required: false },
    name: { type: 'string' },
  },
  model: 'gpt-small',
  params: { temperature: 0.2, max_tokens: 300, stop: 'END', seed: 7, reasoning_effort: 'low', top_p: 0.9, frequency_penalty: 0.5, presence_penalty: 0.1 },
  tools: [
    { type: 'function', function: { name: 'lookup', description: 'Find an order', parameters: { type: 'object', properties: { id: { type: 'string' } } } } },
  ],
  response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } },
};

const request = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
  model: '',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Where is my order?' }] }],
  stream: false,
  prompt: { id: 'support', variables: { company: 'Acme', name: 'Ada', data: { order: 42 } } },
  ...extra,
});

function errorOf(fn: () => unknown): GatewayError {
  try {
    fn();
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error('expected a GatewayError');
}

describe('renderPrompt', () => {
  it("puts the template's messages, filled in, before the client's and maps system and developer to the system role", () => {
    const out = renderPrompt(request(), version(TEMPLATE));
    expect(out.messages).toEqual([
      { role: 'system', content: [{ type: 'text', text: 'You help Acme customers. Tone: formal.' }] },
      { role: 'system', content: [{ type: 'text', text: 'Limit: 50 words. Data: {"order":42}' }] },
      { role: 'user', content: [{ type: 'text', text: 'Customer Ada asks:' }] },
      { role: 'user', content: [{ type: 'text', text: 'Where is my order?' }] },
    ]);
    expect(out).not.toHaveProperty('prompt');
  });

  it('fills in the model, parameters, tools and response format when the request sets none', () => {
    const out = renderPrompt(request(), version(TEMPLATE));
    expect(out).toMatchObject({
      model: 'gpt-small',
      temperature: 0.2,
      topP: 0.9,
      maxTokens: 300,
      stop: ['END'],
      seed: 7,
      frequencyPenalty: 0.5,
      presencePenalty: 0.1,
      reasoning: { effort: 'low' },
      tools: [{ name: 'lookup', description: 'Find an order', parameters: { type: 'object', properties: { id: { type: 'string' } } } }],
      responseFormat: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true },
    });
  });

  it('keeps what the request sets over the defaults', () => {
    const out = renderPrompt(
      request({
        model: 'gpt-big',
        temperature: 1,
        maxTokens: 10,
        stop: ['x'],
        tools: [{ name: 'mine', parameters: {} }],
        responseFormat: { type: 'json_object' },
        reasoning: { budgetTokens: 2048 },
      }),
      version(TEMPLATE),
    );
    expect(out).toMatchObject({
      model: 'gpt-big',
      temperature: 1,
      maxTokens: 10,
      stop: ['x'],
      responseFormat: { type: 'json_object' },
      reasoning: { budgetTokens: 2048 },
    });
    expect(out.tools).toEqual([{ name: 'mine', parameters: {} }]);
  });

  it('does not change the request it was given', () => {
    const given = request();
    renderPrompt(given, version(TEMPLATE));
    expect(given.messages).toHaveLength(1);
    expect(given.prompt?.id).toBe('support');
    expect(given.temperature).toBeUndefined();
  });

  it('refuses a missing required variable with prompt_variable_missing naming it', () => {
    const err = errorOf(() => renderPrompt(request({ prompt: { id: 'support', variables: { company: 'Acme' } } }), version(TEMPLATE)));
    expect(err).toMatchObject({ code: 'prompt_variable_missing', status: 400, param: 'prompt.variables.name' });
  });

  it('refuses a mistyped or out-of-enum variable with prompt_variable_invalid', () => {
    const vars = { company: 'Acme', name: 'Ada' };
    expect(errorOf(() => renderPrompt(request({ prompt: { id: 's', variables: { ...vars, limit: 'ten' } } }), version(TEMPLATE)))).toMatchObject({
      code: 'prompt_variable_invalid',
      status: 400,
      param: 'prompt.variables.limit',
    });
    expect(errorOf(() => renderPrompt(request({ prompt: { id: 's', variables: { ...vars, limit: 2.5 } } }), version(TEMPLATE)))).toMatchObject({
      code: 'prompt_variable_invalid',
      param: 'prompt.variables.limit',
    });
    expect(errorOf(() => renderPrompt(request({ prompt: { id: 's', variables: { ...vars, tone: 'rude' } } }), version(TEMPLATE)))).toMatchObject({
      code: 'prompt_variable_invalid',
      param: 'prompt.variables.tone',
    });
    expect(errorOf(() => renderPrompt(request({ prompt: { id: 's', variables: { ...vars, company: 3 } } }), version(TEMPLATE)))).toMatchObject({
      code: 'prompt_variable_invalid',
      param: 'prompt.variables.company',
    });
  });

  it('refuses an undeclared variable with prompt_variable_unknown', () => {
    const err = errorOf(() => renderPrompt(request({ prompt: { id: 's', variables: { company: 'Acme', name: 'Ada', nmae: 'x' } } }), version(TEMPLATE)));
    expect(err).toMatchObject({ code: 'prompt_variable_unknown', status: 400, param: 'prompt.variables.nmae' });
  });

  it('reads strings as numbers and booleans only when asked (the Responses API sends strings)', () => {
    const template: PromptTemplate = {
      messages: [{ role: 'user', content: '{{n}} {{flag}}' }],
      variables: { n: { type: 'number' }, flag: { type: 'boolean' } },
    };
    const req = request({ prompt: { id: 's', variables: { n: '2.5', flag: 'true' } }, model: 'm', messages: [] });
    expect(renderPrompt(req, version(template), { coerceStrings: true }).messages[0]!.content).toEqual([{ type: 'text', text: '2.5 true' }]);
    expect(errorOf(() => renderPrompt(req, version(template)))).toMatchObject({ code: 'prompt_variable_invalid', param: 'prompt.variables.n' });
  });

  it('renders an optional variable left unset as nothing and leaves braces that are no placeholder alone', () => {
    const template: PromptTemplate = {
      messages: [{ role: 'assistant', content: '[{{extra}}] {{ not a name }} {}' }],
      variables: { extra: { type: 'string', required: false } },
    };
    const out = renderPrompt(request({ prompt: { id: 's' }, model: 'm', messages: [] }), version(template));
    expect(out.messages).toEqual([{ role: 'assistant', content: [{ type: 'text', text: '[] {{ not a name }} {}' }] }]);
  });
});
