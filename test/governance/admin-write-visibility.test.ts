/**
 * A key created, changed or revoked through the admin API takes effect on the replica that took
 * the call as soon as the call returns, not at the next poll of the tenancy epoch. The poll is set
 * to a minute here, so only the reload after the write can make these pass.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { adminCall, chat, createKey, PRICED_MODELS, pricedProvider } from './helpers.js';

const ADMIN_KEY = `admin-${randomBytes(12).toString('hex')}`;

let stack: TestStack;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-visibility-'));
  stack = await startStack({
    providers: [pricedProvider()],
    models: PRICED_MODELS,
    extra: { admin_key: ADMIN_KEY, governance: { refresh_ms: 60_000, spill_file: join(dir, 'spill.jsonl') } },
  });
});

afterAll(async () => {
  await stack?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('admin writes on this replica', () => {
  it('make a new key usable, a changed key follow its new models, and a revoked key refused, at once', async () => {
    const { id, key } = await createKey(stack.url, ADMIN_KEY, {});
    expect((await chat(stack.url, key, { maxTokens: 3 })).status).toBe(200);

    const patched = await adminCall(stack.url, ADMIN_KEY, 'PATCH', `/keys/${id}`, { models: ['other-*'] });
    expect(patched.status, patched.text).toBe(200);
    const denied = await chat(stack.url, key, { maxTokens: 3 });
    expect(denied.status, denied.text).toBe(403);
    expect(denied.json.error.code).toBe('permission_denied');

    const revoked = await adminCall(stack.url, ADMIN_KEY, 'DELETE', `/keys/${id}`);
    expect(revoked.status, revoked.text).toBe(200);
    const refused = await chat(stack.url, key, { maxTokens: 3 });
    expect(refused.status, refused.text).toBe(401);
    expect(refused.json.error.code).toBe('authentication_failed');
  });
});
