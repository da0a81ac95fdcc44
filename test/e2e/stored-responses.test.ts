/**
 * GET and DELETE /v1/responses/{id} and GET /v1/responses/{id}/input_items over HTTP, on SQLite
 * and on PostgreSQL: the caller's tenant only, ids checked before any query, OpenAI's error format
 * and list paging. Responses are seeded through the gateway's own store (POST /v1/responses is
 * another route); the caller's project comes from a test hook in the authenticate phase.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Hook } from '../../src/pipeline/contract.js';
import type { ResponseStore, StoredResponse } from '../../src/responses/store-contract.js';
import { createTestSchema, type TestSchema } from '../../src/testing/postgres.js';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { expectOpenAIError, type RawResponse, send } from '../bad-input/http.js';

const ADMIN_KEY = 'sk-admin-stored-responses';

/** Sets the caller's project from x-test-project, after the admin key let the caller in. */
const projectFromHeader: Hook = {
  name: 'test-project',
  run(ctx) {
    const project = ctx.requestHeaders['x-test-project'];
    if (typeof project === 'string') ctx.identity = { method: ctx.identity?.method ?? 'test', project };
    return undefined;
  },
};

function record(overrides: Partial<StoredResponse> = {}): StoredResponse {
  const id = overrides.id ?? 'resp_abc123';
  return {
    id,
    tenant: 'project:alpha',
    createdAt: Date.now(),
    expiresAt: null,
    model: 'fast',
    input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] }],
    response: { id, object: 'response', created_at: 1_800_000_000, status: 'completed', model: 'fast', output: [], usage: null },
    ...overrides,
  };
}

const FIVE_ITEMS: Record<string, unknown>[] = [
  { id: 'msg_one', type: 'message', role: 'user', content: [{ type: 'input_text', text: '1' }] },
  { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: '2' }] },
  { id: 'fc_three', type: 'function_call', call_id: 'call_3', name: 'f', arguments: '{}' },
  { type: 'function_call_output', call_id: 'call_3', output: '4' },
  { id: 'msg_five', type: 'message', role: 'user', content: [{ type: 'input_text', text: '5' }] },
];

const schemas: TestSchema[] = [];
afterAll(async () => {
  for (const schema of schemas) await schema.drop();
});

describe.each([
  ['sqlite', async (): Promise<string | undefined> => undefined],
  [
    'postgres',
    async (): Promise<string | undefined> => {
      const schema = await createTestSchema('stored_responses');
      schemas.push(schema);
      return schema.url;
    },
  ],
] as const)('stored responses over HTTP on %s', (_name, storageUrl) => {
  let stack: TestStack;
  let store: ResponseStore;
  /** How many times the routes reached the store. */
  let storeCalls = 0;

  beforeAll(async () => {
    const storage = await storageUrl();
    stack = await startStack({
      providers: [{ id: 'sim', type: 'openai', api_key: 'sk-sim', base_url: '${SIM}/v1' }],
      models: [{ name: 'fast', targets: [{ provider: 'sim', model: 'gpt-4o-mini' }] }],
      extra: { admin_key: ADMIN_KEY, ...(storage ? { storage } : {}) },
      extraHooks: { authenticate: [projectFromHeader] },
    });
    store = stack.gateway.services.responseStore!;
    // A spy that passes every call through: it only counts them.
    for (const method of ['get', 'delete'] as const) {
      const original = store[method].bind(store);
      store[method] = ((...args: [string, string]) => {
        storeCalls++;
        return original(...args);
      }) as never;
    }
  });
  afterAll(async () => stack?.close());
  beforeEach(() => {
    storeCalls = 0;
  });

  const call = (path: string, options: { method?: string; project?: string; key?: string | null } = {}): Promise<RawResponse> => {
    const headers: Record<string, string> = {};
    if (options.key !== null) headers.authorization = `Bearer ${options.key ?? ADMIN_KEY}`;
    if (options.project) headers['x-test-project'] = options.project;
    return send(`${stack.url}${path}`, { method: options.method ?? 'GET', headers });
  };

  it('GET answers the stored response object as it was returned', async () => {
    const stored = record({ id: 'resp_get1' });
    await store.put(stored);
    const res = await call('/v1/responses/resp_get1', { project: 'alpha' });
    expect(res.status, res.text).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-request-id']).toMatch(/^req_/);
    expect(res.json).toEqual(stored.response);
  });

  it('works with the OpenAI SDK: retrieve, list input items, delete', async () => {
    await store.put(record({ id: 'resp_sdk1', input: FIVE_ITEMS }));
    const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: ADMIN_KEY, defaultHeaders: { 'x-test-project': 'alpha' }, maxRetries: 0 });
    const response = await client.responses.retrieve('resp_sdk1');
    expect(response.id).toBe('resp_sdk1');
    const page = await client.responses.inputItems.list('resp_sdk1', { limit: 2, order: 'asc' });
    expect(page.data.map((item) => item.id)).toEqual(['msg_one', 'item_sdk1_1']);
    const all: string[] = [];
    for await (const item of client.responses.inputItems.list('resp_sdk1', { limit: 2, order: 'asc' })) all.push(item.id!);
    expect(all).toEqual(['msg_one', 'item_sdk1_1', 'fc_three', 'item_sdk1_3', 'msg_five']);
    await client.responses.delete('resp_sdk1');
    await expect(client.responses.retrieve('resp_sdk1')).rejects.toMatchObject({ status: 404 });
  });

  it('another tenant gets 404 for GET, DELETE and input_items, and the response stays', async () => {
    await store.put(record({ id: 'resp_private' }));
    for (const [method, path] of [
      ['GET', '/v1/responses/resp_private'],
      ['DELETE', '/v1/responses/resp_private'],
      ['GET', '/v1/responses/resp_private/input_items'],
    ] as const) {
      for (const project of ['beta', undefined]) {
        const { error } = expectOpenAIError(await call(path, { method, project }), 404, 'response_not_found');
        expect(error.type).toBe('not_found_error');
        expect(error.message).toContain('resp_private');
      }
    }
    expect((await call('/v1/responses/resp_private', { project: 'alpha' })).status).toBe(200);
  });

  it('answers the same 404 for an id that was never stored, and for one that expired', async () => {
    await store.put(record({ id: 'resp_expired', expiresAt: Date.now() - 1 }));
    const never = expectOpenAIError(await call('/v1/responses/resp_never', { project: 'alpha' }), 404, 'response_not_found');
    const expired = expectOpenAIError(await call('/v1/responses/resp_expired', { project: 'alpha' }), 404, 'response_not_found');
    expect(expired.error.message.replace('resp_expired', 'ID')).toBe(never.error.message.replace('resp_never', 'ID'));
  });

  it('DELETE answers the deletion object once, then 404', async () => {
    await store.put(record({ id: 'resp_del1' }));
    const res = await call('/v1/responses/resp_del1', { method: 'DELETE', project: 'alpha' });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ id: 'resp_del1', object: 'response', deleted: true });
    expectOpenAIError(await call('/v1/responses/resp_del1', { project: 'alpha' }), 404, 'response_not_found');
    expectOpenAIError(await call('/v1/responses/resp_del1', { method: 'DELETE', project: 'alpha' }), 404, 'response_not_found');
  });

  it('refuses a caller without the key before anything else', async () => {
    await store.put(record({ id: 'resp_auth1' }));
    expectOpenAIError(await call('/v1/responses/resp_auth1', { key: null, project: 'alpha' }), 401, 'authentication_failed');
    expectOpenAIError(await call('/v1/responses/resp_auth1', { key: 'sk-wrong', method: 'DELETE', project: 'alpha' }), 401, 'authentication_failed');
    expect(storeCalls).toBe(0);
    expect((await call('/v1/responses/resp_auth1', { project: 'alpha' })).status).toBe(200);
  });

  it('answers 400 for a malformed id without querying the store', async () => {
    const bad = ['foo', 'resp_', 'resp_abc-def', 'resp_%27%20OR%201%3D1', 'RESP_abc', 'resp_abc.def', `resp_${'a'.repeat(60)}`, 'msg_abc', 'resp_%00'];
    for (const id of bad) {
      for (const [method, suffix] of [
        ['GET', ''],
        ['DELETE', ''],
        ['GET', '/input_items'],
      ] as const) {
        const { error } = expectOpenAIError(await call(`/v1/responses/${id}${suffix}`, { method, project: 'alpha' }), 400, 'invalid_request');
        expect(error.param).toBe('response_id');
        if (id !== 'resp_') expect(error.message).not.toContain(id);
      }
    }
    expect(storeCalls).toBe(0);
    // The longest valid id is 64 characters.
    expectOpenAIError(await call(`/v1/responses/resp_${'a'.repeat(59)}`, { project: 'alpha' }), 404, 'response_not_found');
  });

  it('answers 404 route_not_found for other paths under /v1/responses/, and 405 with Allow for other methods', async () => {
    for (const path of ['/v1/responses/', '/v1/responses/resp_abc/input_items/extra', '/v1/responses/resp_abc/other', '/v1/responses//input_items']) {
      expectOpenAIError(await call(path, { project: 'alpha' }), 404, 'route_not_found');
    }
    const put = await call('/v1/responses/resp_abc', { method: 'PUT' });
    expectOpenAIError(put, 405, 'method_not_allowed');
    expect(put.headers.allow).toBe('GET, DELETE');
    const del = await call('/v1/responses/resp_abc/input_items', { method: 'DELETE' });
    expectOpenAIError(del, 405, 'method_not_allowed');
    expect(del.headers.allow).toBe('GET');
  });

  it('refuses GET with stream=true rather than answering JSON to a client expecting events', async () => {
    await store.put(record({ id: 'resp_stream1' }));
    const { error } = expectOpenAIError(await call('/v1/responses/resp_stream1?stream=true', { project: 'alpha' }), 400, 'unsupported_parameter');
    expect(error.param).toBe('stream');
    expect((await call('/v1/responses/resp_stream1?stream=false', { project: 'alpha' })).status).toBe(200);
  });

  describe('input_items', () => {
    beforeAll(async () => {
      await store.put(record({ id: 'resp_items', input: FIVE_ITEMS }));
    });

    const list = async (query = '') => {
      const res = await call(`/v1/responses/resp_items/input_items${query}`, { project: 'alpha' });
      expect(res.status, res.text).toBe(200);
      return res.json as { object: string; data: { id: string }[]; first_id: string | null; last_id: string | null; has_more: boolean };
    };

    it('lists every item, last first by default, each with an id (stable for items stored without one)', async () => {
      const page = await list();
      expect(page.object).toBe('list');
      expect(page.data.map((item) => item.id)).toEqual(['msg_five', 'item_items_3', 'fc_three', 'item_items_1', 'msg_one']);
      expect(page).toMatchObject({ first_id: 'msg_five', last_id: 'msg_one', has_more: false });
      expect(page.data[1]).toEqual({ ...FIVE_ITEMS[3], id: 'item_items_3' });
      expect(page.data[0]).toEqual(FIVE_ITEMS[4]);
      expect((await list()).data.map((item) => item.id)).toEqual(page.data.map((item) => item.id));
    });

    it('pages with limit and after, in both orders', async () => {
      const asc1 = await list('?order=asc&limit=2');
      expect(asc1.data.map((item) => item.id)).toEqual(['msg_one', 'item_items_1']);
      expect(asc1).toMatchObject({ first_id: 'msg_one', last_id: 'item_items_1', has_more: true });
      const asc2 = await list(`?order=asc&limit=2&after=${asc1.last_id}`);
      expect(asc2.data.map((item) => item.id)).toEqual(['fc_three', 'item_items_3']);
      expect(asc2.has_more).toBe(true);
      const asc3 = await list(`?order=asc&limit=2&after=${asc2.last_id}`);
      expect(asc3.data.map((item) => item.id)).toEqual(['msg_five']);
      expect(asc3.has_more).toBe(false);

      const desc1 = await list('?limit=3');
      expect(desc1.data.map((item) => item.id)).toEqual(['msg_five', 'item_items_3', 'fc_three']);
      expect(desc1.has_more).toBe(true);
      const desc2 = await list(`?order=desc&limit=3&after=${desc1.last_id}`);
      expect(desc2.data.map((item) => item.id)).toEqual(['item_items_1', 'msg_one']);
      expect(desc2.has_more).toBe(false);

      const end = await list('?order=asc&after=msg_five');
      expect(end).toEqual({ object: 'list', data: [], first_id: null, last_id: null, has_more: false });
      expect((await list('?limit=5')).has_more).toBe(false);
      expect((await list('?limit=100')).data).toHaveLength(5);
      expect((await list('?limit=1')).data).toHaveLength(1);
    });

    it('answers 400 naming the parameter for a bad limit, order or after', async () => {
      for (const [query, param] of [
        ['?limit=0', 'limit'],
        ['?limit=101', 'limit'],
        ['?limit=abc', 'limit'],
        ['?limit=1.5', 'limit'],
        ['?limit=-1', 'limit'],
        ['?limit=', 'limit'],
        ['?limit=99999999999999999999', 'limit'],
        ['?limit=2&limit=3', 'limit'],
        ['?order=up', 'order'],
        ['?order=ASC', 'order'],
        ['?after=msg_unknown', 'after'],
        ['?after=', 'after'],
        [`?after=${'x'.repeat(200)}`, 'after'],
        ['?after=a%20b', 'after'],
      ] as const) {
        const res = await call(`/v1/responses/resp_items/input_items${query}`, { project: 'alpha' });
        const { error } = expectOpenAIError(res, 400, 'invalid_request');
        expect(error.param, query).toBe(param);
      }
    });
  });
});

describe('stored responses switched off (responses.store: false)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ providers: [], extra: { responses: { store: false } } });
  });
  afterAll(async () => stack?.close());

  it('has no store, and the routes answer 404 saying responses are not stored', async () => {
    expect(stack.gateway.services.responseStore).toBeUndefined();
    for (const [method, path] of [
      ['GET', '/v1/responses/resp_abc'],
      ['DELETE', '/v1/responses/resp_abc'],
      ['GET', '/v1/responses/resp_abc/input_items'],
    ] as const) {
      const { error } = expectOpenAIError(await send(`${stack.url}${path}`, { method }), 404, 'response_not_found');
      expect(error.message).toContain('responses.store: false');
    }
  });
});
