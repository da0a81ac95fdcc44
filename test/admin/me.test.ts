/** GET /admin/v1/me: the caller's role and team for each kind of admin key, never the key itself. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestStack } from '../../src/testing/stack.js';
import { ADMIN_KEY, AdminClient, expectAdminError, startAdminStack } from './helpers.js';

let stack: TestStack;
let owner: AdminClient;

beforeAll(async () => {
  stack = await startAdminStack();
  owner = new AdminClient(stack.url, ADMIN_KEY);
});
afterAll(async () => stack?.close());

describe('GET /admin/v1/me', () => {
  it('answers the role, team and key id of each key, and never the secret', async () => {
    const me = await owner.call('GET', '/admin/v1/me');
    expect(me.json).toEqual({ object: 'principal', role: 'owner' });
    expect(me.text).not.toContain(ADMIN_KEY);
    const team = await owner.ok<{ id: string }>(201, 'POST', '/admin/v1/teams', { name: 'me-team' });
    for (const role of ['team_admin', 'viewer'] as const) {
      const key = await owner.ok<{ id: string; key: string }>(201, 'POST', '/admin/v1/keys', { team_id: team.id, name: `me-${role}`, role });
      const res = await new AdminClient(stack.url, key.key).call('GET', '/admin/v1/me');
      expect(res.json).toEqual({ object: 'principal', role, team_id: team.id, key_id: key.id });
      expect(res.text).not.toContain(key.key);
    }
  });

  it('refuses no key (401) and a member key (403)', async () => {
    expectAdminError(await new AdminClient(stack.url, undefined).call('GET', '/admin/v1/me'), 401, 'authentication_failed');
    const team = await owner.ok<{ id: string }>(201, 'POST', '/admin/v1/teams', { name: 'me-team-2' });
    const member = await owner.ok<{ key: string }>(201, 'POST', '/admin/v1/keys', { team_id: team.id, name: 'me-member' });
    expectAdminError(await new AdminClient(stack.url, member.key).call('GET', '/admin/v1/me'), 403, 'permission_denied');
  });
});
