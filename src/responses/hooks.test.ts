/**
 * The Responses conversation-state hooks over an in-memory store, with turns decoded by the real
 * Responses ingress: previous_response_id chains, item_reference, tenants, and what is stored.
 */
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../core/errors.js';
import type { ChatRequest, ChatResponse } from '../core/types.js';
import { RequestContext } from '../pipeline/context.js';
import type { Hook } from '../pipeline/contract.js';
import { responsesTurn } from '../pipeline/operations/responses.js';
import { decodeResponsesBody } from '../server/responses/exchange.js';
import { MemoryResponseStore } from '../storage/memory/response-store.js';
import { responsesHistoryHook } from './history-hook.js';
import { responsesStoreHook } from './store-hook.js';
import { tenantOf } from './store-contract.js';
import { responsesWithoutStoreHook } from './without-store-hook.js';

type Ctx = RequestContext<ChatRequest, ChatResponse>;

function contextFor(body: Record<string, unknown>, project?: string): Ctx {
  const ctx = new RequestContext<ChatRequest, ChatResponse>({
    requestId: 'r',
    startedAt: 0,
    time: Date.now(),
    operation: 'responses',
    ingress: 'openai-responses',
    requestHeaders: {},
  });
  if (project) ctx.identity = { method: 'key', project };
  ctx.modelRequested = String(body.model);
  ctx.request = decodeResponsesBody(body, ctx);
  return ctx;
}

const answer = (text: string): ChatResponse => ({
  id: 'u',
  model: 'm',
  created: 1,
  text,
  toolCalls: [],
  finishReason: 'stop',
  usage: { inputTokens: 1, outputTokens: 1 },
});

async function run(hook: Hook<ChatRequest, ChatResponse>, ctx: Ctx): Promise<void> {
  await hook.run(ctx);
}

/** One whole turn: prepare (history), an answer, store. Returns the response id. */
const RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;

async function turn(store: MemoryResponseStore, body: Record<string, unknown>, reply: string, project?: string): Promise<{ id: string; ctx: Ctx }> {
  const ctx = contextFor(body, project);
  await run(responsesHistoryHook(store), ctx);
  ctx.response = answer(reply);
  await run(responsesStoreHook(store, RETENTION_DAYS), ctx);
  return { id: ctx.get(responsesTurn)!.id, ctx };
}

/** A stored record, read through the store's own contract. */
async function stored(store: MemoryResponseStore, id: string, tenant = 'default') {
  return store.get(tenant, id);
}

async function rejection(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof GatewayError)) throw new Error(`expected a GatewayError, got ${String(error)}`);
  return error;
}

describe('the store hook', () => {
  it('saves the response object the client gets, with the input and the tenant', async () => {
    const store = new MemoryResponseStore();
    const { id, ctx } = await turn(store, { model: 'alias', input: 'hello', instructions: 'be brief', metadata: { k: 'v' } }, 'hi!', 'p1');
    expect(await stored(store, id)).toBeUndefined();
    const saved = (await stored(store, id, 'project:p1'))!;
    expect(saved).toMatchObject({
      id,
      tenant: 'project:p1',
      model: 'alias',
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] }],
    });
    expect(saved.previousResponseId).toBeUndefined();
    expect(saved.response).toEqual(JSON.parse(JSON.stringify(ctx.get(responsesTurn)!.result())));
    expect(saved.response).toMatchObject({ id, instructions: 'be brief', metadata: { k: 'v' }, store: true });
    expect(saved.expiresAt! - saved.createdAt).toBe(RETENTION_DAYS * DAY_MS);
  });

  it('keeps a response until deleted when retention is 0', async () => {
    const store = new MemoryResponseStore();
    const ctx = contextFor({ model: 'alias', input: 'hello' });
    ctx.response = answer('hi');
    await run(responsesStoreHook(store, 0), ctx);
    expect((await stored(store, ctx.get(responsesTurn)!.id))?.expiresAt).toBeNull();
  });

  it('saves nothing for store: false', async () => {
    const store = new MemoryResponseStore();
    const { id } = await turn(store, { model: 'alias', input: 'hello', store: false }, 'hi');
    expect(await stored(store, id)).toBeUndefined();
  });
});

describe('the history hook', () => {
  it('puts the earlier turns between the instructions and the new input, oldest first', async () => {
    const store = new MemoryResponseStore();
    const first = await turn(store, { model: 'a', input: 'one', instructions: 'old rules' }, 'reply one');
    const second = await turn(store, { model: 'a', input: 'two', previous_response_id: first.id }, 'reply two');
    const third = contextFor({ model: 'a', input: 'three', instructions: 'new rules', previous_response_id: second.id });
    await run(responsesHistoryHook(store), third);
    const text = (m: ChatRequest['messages'][number]) => `${m.role}:${m.content.map((p) => (p.type === 'text' ? p.text : p.type)).join('')}`;
    // Earlier instructions are not carried over, as OpenAI does.
    expect(third.request.messages.map(text)).toEqual(['system:new rules', 'user:one', 'assistant:reply one', 'user:two', 'assistant:reply two', 'user:three']);
    expect((await stored(store, second.id))!.previousResponseId).toBe(first.id);
  });

  it('answers 404 for a previous response that is missing or belongs to another tenant', async () => {
    const store = new MemoryResponseStore();
    const mine = await turn(store, { model: 'a', input: 'one' }, 'r', 'p1');
    for (const [id, project] of [
      ['resp_nope', 'p1'],
      [mine.id, 'p2'],
    ] as const) {
      const error = await rejection(run(responsesHistoryHook(store), contextFor({ model: 'a', input: 'x', previous_response_id: id }, project)));
      expect(error).toMatchObject({ status: 404, code: 'response_not_found', param: 'previous_response_id' });
      expect(error.message).toContain(id);
    }
  });

  it('answers 404 for a response that expired', async () => {
    let now = Date.now();
    const store = new MemoryResponseStore({ now: () => now });
    const old = await turn(store, { model: 'a', input: 'one' }, 'r');
    now += RETENTION_DAYS * DAY_MS + 60_000;
    const error = await rejection(run(responsesHistoryHook(store), contextFor({ model: 'a', input: 'x', previous_response_id: old.id })));
    expect(error.code).toBe('response_not_found');
  });

  it('refuses a chain longer than its bound', async () => {
    const store = new MemoryResponseStore();
    let previous: string | undefined;
    for (let i = 0; i < 3; i++) previous = (await turn(store, { model: 'a', input: `t${i}`, ...(previous ? { previous_response_id: previous } : {}) }, 'r')).id;
    const error = await rejection(run(responsesHistoryHook(store, 2), contextFor({ model: 'a', input: 'x', previous_response_id: previous })));
    expect(error).toMatchObject({ status: 400, param: 'previous_response_id' });
  });

  it('replaces an item_reference by the stored item, and stores the input resolved', async () => {
    const store = new MemoryResponseStore();
    const first = await turn(store, { model: 'a', input: 'one' }, 'reply one');
    const messageId = ((await stored(store, first.id))!.response.output as Array<{ id: string }>)[0]!.id;
    const next = await turn(
      store,
      {
        model: 'a',
        input: [
          { role: 'user', content: 'one' },
          { type: 'item_reference', id: messageId },
          { role: 'user', content: 'two' },
        ],
      },
      'r',
    );
    expect(next.ctx.request.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(next.ctx.request.messages[1]!.content).toEqual([{ type: 'text', text: 'reply one' }]);
    expect((await stored(store, next.id))!.input[1]).toMatchObject({ id: messageId, type: 'message', role: 'assistant' });
    expect(first.id.slice(5)).toBe(messageId.slice(4, 36));
  });

  it('answers 404 for an item_reference to nothing stored', async () => {
    const store = new MemoryResponseStore();
    const ctx = contextFor({ model: 'a', input: [{ type: 'item_reference', id: 'msg_unknown' }] });
    const error = await rejection(run(responsesHistoryHook(store), ctx));
    expect(error).toMatchObject({ status: 404, code: 'response_not_found', param: 'input[0].id' });
  });

  it('does nothing for a turn with neither', async () => {
    const store = new MemoryResponseStore();
    const ctx = contextFor({ model: 'a', input: 'x', instructions: 'i' });
    const before = ctx.request;
    await run(responsesHistoryHook(store), ctx);
    expect(ctx.request).toBe(before);
  });
});

describe('without a store', () => {
  it('marks the response unstored and refuses previous_response_id', async () => {
    const ctx = contextFor({ model: 'a', input: 'x' });
    await run(responsesWithoutStoreHook, ctx);
    expect(ctx.get(responsesTurn)!.store).toBe(false);
    ctx.response = answer('r');
    expect(ctx.get(responsesTurn)!.result()).toMatchObject({ store: false });
    const error = await rejection(
      Promise.resolve().then(() => responsesWithoutStoreHook.run(contextFor({ model: 'a', input: 'x', previous_response_id: 'resp_1' }))),
    );
    expect(error).toMatchObject({ status: 400, code: 'unsupported_parameter', param: 'previous_response_id' });
  });
});

describe('tenantOf', () => {
  it('keeps tenants apart by project, team and key', () => {
    expect(tenantOf(undefined)).toBe('default');
    expect(tenantOf({ method: 'key', keyId: 'k', team: 't', project: 'p' })).toBe('project:p');
    expect(tenantOf({ method: 'key', keyId: 'k', team: 't' })).toBe('team:t');
  });
});
