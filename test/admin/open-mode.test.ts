/**
 * Open mode on loopback (no admin_key, bound to 127.0.0.1): the admin API and the dashboard act as
 * owner for a caller that sends no key, as that caller may already call every model; only for a
 * loopback Host (DNS rebinding), and never once an admin_key is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { ADMIN_KEY, AdminClient, expectAdminError, startAdminStack } from './helpers.js';

let open: TestStack;
let keyed: TestStack;

beforeAll(async () => {
  open = await startStack({ providers: [] });
  keyed = await startAdminStack();
});
afterAll(async () => {
  await open?.close();
  await keyed?.close();
});

describe('the admin API in open mode on loopback', () => {
  it('lets a caller without a key act as owner, and records it as open_mode', async () => {
    const anyone = new AdminClient(open.url, undefined);
    const team = await anyone.ok<{ id: string }>(201, 'POST', '/admin/v1/teams', { name: 'local' });
    expect((await anyone.ok<{ data: { id: string }[] }>(200, 'GET', '/admin/v1/teams')).data.map((t) => t.id)).toContain(team.id);
    const audit = await anyone.ok<{ data: { action: string; actor_key_id: string }[] }>(200, 'GET', '/admin/v1/audit');
    expect(audit.data.find((row) => row.action === 'team.created')?.actor_key_id).toBe('open_mode');
  });

  it('refuses a caller whose Host is not a loopback name (a DNS-rebinding page)', async () => {
    const res = await new AdminClient(open.url, undefined).call('GET', '/admin/v1/teams', undefined, { host: 'attacker.example:8080' });
    expectAdminError(res, 401, 'authentication_failed');
  });

  it('still refuses an unknown key that is sent', async () => {
    expectAdminError(await new AdminClient(open.url, 'sk-not-a-key').call('GET', '/admin/v1/teams'), 401, 'authentication_failed');
  });

  it('needs the admin key once admin_key is set', async () => {
    expectAdminError(await new AdminClient(keyed.url, undefined).call('GET', '/admin/v1/teams'), 401, 'authentication_failed');
    expect((await new AdminClient(keyed.url, ADMIN_KEY).call('GET', '/admin/v1/teams')).status).toBe(200);
  });
});
