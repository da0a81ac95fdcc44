/**
 * A team's and a project's own guard lists apply to their keys' requests, on top of the config's,
 * take effect without a restart, and never touch another team's requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { ADMIN_KEY, AdminClient } from '../admin/helpers.js';
import { post } from '../cache/helpers.js';

type Obj = Record<string, unknown> & { id: string };

let stack: TestStack;
let owner: AdminClient;
let guardedKey: string;
let projectKey: string;
let otherKey: string;
let team: Obj;

beforeAll(async () => {
  stack = await startStack({
    providers: [{ id: 'openai', type: 'openai', api_key: 'sk-key', base_url: '${SIM}/v1' }],
    models: [{ name: 'gpt', targets: [{ provider: 'openai', model: 'gpt-4o-mini' }] }],
    extra: { admin_key: ADMIN_KEY },
  });
  owner = new AdminClient(stack.url, ADMIN_KEY);
  team = await owner.ok<Obj>(201, 'POST', '/admin/v1/teams', {
    name: 'guarded',
    guardrails: [{ name: 'team-terms', type: 'denied_terms', terms: ['project zeus'], on: ['input', 'output'] }],
  });
  const project = await owner.ok<Obj>(201, 'POST', '/admin/v1/projects', {
    team_id: team.id,
    name: 'support',
    guardrails: [{ name: 'project-pii', type: 'pii', action: 'mask', entities: ['EMAIL'], on: ['input'] }],
  });
  const other = await owner.ok<Obj>(201, 'POST', '/admin/v1/teams', { name: 'other' });
  guardedKey = (await owner.ok<Obj & { key: string }>(201, 'POST', '/admin/v1/keys', { team_id: team.id, name: 'k' })).key;
  projectKey = (await owner.ok<Obj & { key: string }>(201, 'POST', '/admin/v1/keys', { team_id: team.id, project_id: project.id, name: 'p' })).key;
  otherKey = (await owner.ok<Obj & { key: string }>(201, 'POST', '/admin/v1/keys', { team_id: other.id, name: 'o' })).key;
});
afterAll(async () => stack?.close());

function ask(key: string, content: string) {
  return post(stack, '/v1/chat/completions', { model: 'gpt', messages: [{ role: 'user', content }] }, { authorization: `Bearer ${key}` });
}

describe('tenant guard lists', () => {
  it("block the team's requests by the team's list, and leave other teams alone", async () => {
    const blocked = await ask(guardedKey, 'Tell me about Project Zeus please');
    expect(blocked.status).toBe(400);
    expect(blocked.headers.get('x-switchboard-guardrail')).toBe('team-terms');
    expect((await ask(otherKey, 'Tell me about Project Zeus please')).status).toBe(200);
  });

  it("add the project's list for the project's keys", async () => {
    const masked = await ask(projectKey, 'Write to jane.doe@example.com');
    expect(masked.status).toBe(200);
    expect(masked.json.choices[0].message.content).toContain('j***@example.com');
    const teamOnly = await ask(guardedKey, 'Write to jane.doe@example.com');
    expect(teamOnly.json.choices[0].message.content).toContain('jane.doe@example.com');
  });

  it('take effect when changed, without a restart', async () => {
    await owner.ok(200, 'PATCH', `/admin/v1/teams/${team.id}`, { guardrails: null });
    let status = 400;
    for (let i = 0; i < 100 && status !== 200; i++) {
      status = (await ask(guardedKey, 'Tell me about Project Zeus please')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe(200);
  });
});
