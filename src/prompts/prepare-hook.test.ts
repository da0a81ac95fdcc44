/**
 * The prompt prepare hook over an in-memory registry, with requests decoded by the real ingresses:
 * tenants, versions and labels, caching, headers and context, and the Responses specifics (history
 * order, OpenAI-hosted pmpt_ prompts).
 */
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../core/errors.js';
import type { ChatRequest, ChatResponse, IngressFormat } from '../core/types.js';
import type { OperationName } from '../pipeline/context.js';
import { RequestContext } from '../pipeline/context.js';
import { responsesTurn } from '../pipeline/operations/responses.js';
import { decodeRequest as decodeAnthropic } from '../server/anthropic/decode-request.js';
import { decodeOpenAIChatRequest } from '../server/openai/decode-request.js';
import { decodeResponsesBody } from '../server/responses/exchange.js';
import { responsesHistoryHook } from '../responses/history-hook.js';
import { responsesStoreHook } from '../responses/store-hook.js';
import { MemoryResponseStore } from '../storage/memory/response-store.js';
import { MemoryPromptStore } from '../testing/memory-prompt-store.js';
import { promptFeature } from './prepare-hook.js';
import type { PromptTemplate } from './types.js';

type Ctx = RequestContext<ChatRequest, ChatResponse>;
const ACTOR = { key_id: 'admin_key', role: 'owner' };

const template = (text: string, model?: string): PromptTemplate => ({
  messages: [
    { role: 'system', content: text },
    { role: 'user', content: 'About {{topic}}:' },
  ],
  variables: { topic: { type: 'string' } },
  ...(model ? { model } : {}),
});

function context(ingress: IngressFormat, body: Record<string, unknown>, team?: string): Ctx {
  const operation: OperationName = ingress === 'openai-responses' ? 'responses' : 'chat';
  const ctx = new RequestContext<ChatRequest, ChatResponse>({ requestId: 'r', startedAt: 0, time: Date.now(), operation, ingress, requestHeaders: {} });
  if (team) ctx.identity = { method: 'virtual_key', keyId: 'k', team };
  ctx.request = ingress === 'openai' ? decodeOpenAIChatRequest(body) : ingress === 'anthropic' ? decodeAnthropic(body) : decodeResponsesBody(body, ctx);
  ctx.modelRequested = ctx.request.model;
  return ctx;
}

async function failure(run: () => Promise<unknown>): Promise<GatewayError> {
  try {
    await run();
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error('expected a GatewayError');
}

const texts = (ctx: Ctx) => ctx.request.messages.map((m) => (m.content[0] as { text: string }).text);

async function registry() {
  const store = new MemoryPromptStore();
  await store.push(ACTOR, 'global', 'greet', { template: template('Global v1', 'model-a') });
  await store.push(ACTOR, 'global', 'greet', { template: template('Global v2', 'model-b') });
  await store.setLabel(ACTOR, 'global', 'greet', 'production', 1);
  return store;
}

describe('promptFeature', () => {
  it('renders the production label on every ingress, sets the model, the context and the headers', async () => {
    const store = await registry();
    const { hook } = promptFeature(store);
    const bodies: [IngressFormat, Record<string, unknown>][] = [
      ['openai', { prompt: { id: 'greet', variables: { topic: 'cats' } }, messages: [{ role: 'user', content: 'hi' }] }],
      ['anthropic', { prompt: { id: 'greet', variables: { topic: 'cats' } }, max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }],
      ['openai-responses', { prompt: { id: 'greet', variables: { topic: { type: 'input_text', text: 'cats' } } }, input: 'hi' }],
    ];
    for (const [ingress, body] of bodies) {
      const ctx = context(ingress, body);
      await hook.run(ctx);
      expect(texts(ctx)).toEqual(['Global v1', 'About cats:', 'hi']);
      expect(ctx.request.model).toBe('model-a');
      expect(ctx.modelRequested).toBe('model-a');
      expect(ctx.request.prompt).toBeUndefined();
      expect(ctx.prompt).toEqual({ id: 'greet', version: 1, label: 'production' });
      expect(ctx.responseHeaders).toMatchObject({ 'x-switchboard-prompt': 'greet', 'x-switchboard-prompt-version': 1 });
    }
  });

  it('takes a version number or a label, keeps the model the request names, and falls back to the latest version without a production label', async () => {
    const store = await registry();
    await store.setLabel(ACTOR, 'global', 'greet', 'staging', 2);
    const { hook } = promptFeature(store);
    const byNumber = context('openai', { model: 'mine', prompt: { id: 'greet', version: '2', variables: { topic: 't' } } });
    await hook.run(byNumber);
    expect(texts(byNumber)[0]).toBe('Global v2');
    expect(byNumber.request.model).toBe('mine');
    expect(byNumber.modelRequested).toBe('mine');
    expect(byNumber.prompt).toEqual({ id: 'greet', version: 2 });
    const byLabel = context('openai', { prompt: { id: 'greet', version: 'staging', variables: { topic: 't' } } });
    await hook.run(byLabel);
    expect(byLabel.prompt).toEqual({ id: 'greet', version: 2, label: 'staging' });

    await store.push(ACTOR, 'global', 'plain', { template: template('Plain v1', 'm') });
    await store.push(ACTOR, 'global', 'plain', { template: template('Plain v2', 'm') });
    const latest = context('openai', { prompt: { id: 'plain', variables: { topic: 't' } } });
    await hook.run(latest);
    expect(latest.prompt).toEqual({ id: 'plain', version: 2 });
  });

  it("reads the caller's team's prompt before the global one of the same id", async () => {
    const store = await registry();
    await store.push(ACTOR, 'team:red', 'greet', { template: template('Red team', 'model-r') });
    const { hook } = promptFeature(store);
    const red = context('openai', { prompt: { id: 'greet', variables: { topic: 't' } } }, 'red');
    await hook.run(red);
    expect(texts(red)[0]).toBe('Red team');
    const blue = context('openai', { prompt: { id: 'greet', variables: { topic: 't' } } }, 'blue');
    await hook.run(blue);
    expect(texts(blue)[0]).toBe('Global v1');
  });

  it('answers 404 prompt_not_found and prompt_version_not_found naming the field, and 400 for a prompt without a model when the request has none', async () => {
    const store = await registry();
    await store.push(ACTOR, 'global', 'modelless', { template: template('x') });
    const { hook } = promptFeature(store);
    const run = (body: Record<string, unknown>) => failure(async () => hook.run(context('openai', body)));
    expect(await run({ prompt: { id: 'nope' } })).toMatchObject({ code: 'prompt_not_found', status: 404, param: 'prompt.id' });
    expect(await run({ prompt: { id: 'greet', version: '9' } })).toMatchObject({ code: 'prompt_version_not_found', status: 404, param: 'prompt.version' });
    expect(await run({ prompt: { id: 'greet', version: 'canary' } })).toMatchObject({ code: 'prompt_version_not_found', param: 'prompt.version' });
    expect(await run({ prompt: { id: 'modelless', variables: { topic: 't' } } })).toMatchObject({ code: 'invalid_request', status: 400, param: 'model' });
  });

  it('caches versions for good and labels for a second; invalidate() makes a moved label count at once', async () => {
    const store = await registry();
    let now = 1_000_000;
    const feature = promptFeature(store, { now: () => now });
    const call = async () => {
      const ctx = context('openai', { prompt: { id: 'greet', variables: { topic: 't' } } });
      await feature.hook.run(ctx);
      return ctx.prompt?.version;
    };
    expect(await call()).toBe(1);
    const reads = store.reads;
    expect(await call()).toBe(1);
    expect(store.reads).toBe(reads);
    await store.setLabel(ACTOR, 'global', 'greet', 'production', 2);
    expect(await call()).toBe(1);
    now += 1000;
    expect(await call()).toBe(2);
    await store.setLabel(ACTOR, 'global', 'greet', 'production', 1);
    feature.invalidate('global', 'greet');
    expect(await call()).toBe(1);
  });

  it("reads the reference when it runs, so an earlier hook (an experiment's) may pick the version", async () => {
    const store = await registry();
    const { hook } = promptFeature(store);
    const ctx = context('openai', { prompt: { id: 'greet', variables: { topic: 't' } } });
    ctx.request = { ...ctx.request, prompt: { ...ctx.request.prompt!, version: '2' } };
    await hook.run(ctx);
    expect(ctx.prompt?.version).toBe(2);
  });

  it('percent-encodes an id that is no valid header value', async () => {
    const store = new MemoryPromptStore();
    await store.push(ACTOR, 'global', 'grüße', { template: template('x', 'm') });
    const { hook } = promptFeature(store);
    const ctx = context('openai', { prompt: { id: 'grüße', variables: { topic: 't' } } });
    await hook.run(ctx);
    expect(ctx.responseHeaders['x-switchboard-prompt']).toBe('gr%C3%BC%C3%9Fe');
  });

  it('on the Responses API: strings fill typed variables, image items are refused by name, and the raw prompt never reaches the upstream', async () => {
    const store = new MemoryPromptStore();
    await store.push(ACTOR, 'global', 'pmpt_local', {
      template: { messages: [{ role: 'user', content: 'n={{n}}' }], variables: { n: { type: 'integer' } }, model: 'm' },
    });
    const { hook } = promptFeature(store);
    const ok = context('openai-responses', { prompt: { id: 'pmpt_local', variables: { n: '3' } } });
    await hook.run(ok);
    expect(texts(ok)).toEqual(['n=3']);
    expect(ok.get(responsesTurn)!.nativeFields).not.toHaveProperty('prompt');
    const image = context('openai-responses', { prompt: { id: 'pmpt_local', variables: { n: { type: 'input_image', image_url: 'https://x/y.png' } } } });
    expect(await failure(async () => hook.run(image))).toMatchObject({ code: 'prompt_variable_invalid', param: 'prompt.variables.n' });
  });

  it('leaves an OpenAI-hosted pmpt_ prompt the registry lacks to the upstream on the Responses API only', async () => {
    const { hook } = promptFeature(new MemoryPromptStore());
    const hosted = { id: 'pmpt_abc', version: '2', variables: { city: { type: 'input_image', file_id: 'f' } } };
    const ctx = context('openai-responses', { model: 'gpt-4.1', prompt: hosted, input: 'hi' });
    await hook.run(ctx);
    expect(ctx.request.prompt).toBeUndefined();
    expect(ctx.prompt).toBeUndefined();
    expect(ctx.get(responsesTurn)!.nativeFields.prompt).toEqual(hosted);
    const chat = context('openai', { model: 'gpt-4.1', prompt: { id: 'pmpt_abc' }, messages: [{ role: 'user', content: 'hi' }] });
    expect(await failure(async () => hook.run(chat))).toMatchObject({ code: 'prompt_not_found', status: 404 });
  });

  it("on the Responses plan (history, then prompts) puts the prompt's messages before the instructions and the earlier turns", async () => {
    const prompts = await registry();
    const responses = new MemoryResponseStore();
    const { hook } = promptFeature(prompts);
    const first = context('openai-responses', { model: 'm', input: 'first question' });
    await responsesHistoryHook(responses).run(first);
    first.response = { id: 'u', model: 'm', created: 1, text: 'first answer', toolCalls: [], finishReason: 'stop', usage: { inputTokens: 1, outputTokens: 1 } };
    await responsesStoreHook(responses, 30).run(first);
    const second = context('openai-responses', {
      prompt: { id: 'greet', variables: { topic: 'dogs' } },
      instructions: 'Be brief.',
      previous_response_id: first.get(responsesTurn)!.id,
      input: 'second question',
    });
    await responsesHistoryHook(responses).run(second);
    await hook.run(second);
    expect(texts(second)).toEqual(['Global v1', 'About dogs:', 'Be brief.', 'first question', 'first answer', 'second question']);
  });
});
