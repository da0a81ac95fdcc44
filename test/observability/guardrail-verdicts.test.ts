/**
 * Where guardrail verdicts show, end to end through a running gateway: a stand-in check-input hook
 * fills ctx.guardrailVerdicts as the guardrails feature does, and the verdicts must then be in the
 * request log (searchable by guard and outcome over the admin API), in /metrics as
 * switchboard_guardrail_verdicts_total, and never with the text matched. A team's guard list set
 * through the admin API reaches the lookup over the live tenancy snapshot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantGuardrailLookup } from '../../src/app/tenant-guardrails.js';
import type { Hook } from '../../src/pipeline/contract.js';
import type { GuardVerdict } from '../../src/pipeline/context.js';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { ADMIN_KEY, AdminClient } from '../admin/helpers.js';
import { chat, PRICED_MODELS, pricedProvider } from '../governance/helpers.js';

type Obj = Record<string, unknown> & { id: string };
type Row = { id: string; guardrails: GuardVerdict[] | null };

/** Verdicts by a marker in the prompt, as a guard would conclude them (with counts, never the text). */
const VERDICTS: Record<string, GuardVerdict[]> = {
  '[redact]': [{ guard: 'pii', stage: 'input', outcome: 'redacted', findings: { EMAIL: 1 } }],
  '[flag]': [
    { guard: 'pii', stage: 'input', outcome: 'pass' },
    { guard: 'codenames', stage: 'input', outcome: 'flagged', findings: { term: 2 } },
  ],
};
const standInGuard: Hook = {
  name: 'test-stand-in-guard',
  run(ctx) {
    const request = ctx.request as { messages?: { content: { text?: string }[] }[] } | undefined;
    const text = request?.messages?.flatMap((m) => m.content.map((p) => p.text ?? '')).join(' ') ?? '';
    for (const [marker, verdicts] of Object.entries(VERDICTS)) if (text.includes(marker)) ctx.guardrailVerdicts = verdicts;
    return undefined;
  },
};

let stack: TestStack;
let owner: AdminClient;
let team: Obj;
let member: { id: string; key: string };

beforeAll(async () => {
  stack = await startStack({
    providers: [pricedProvider()],
    models: PRICED_MODELS,
    extra: { admin_key: ADMIN_KEY },
    extraHooks: { checkInput: [standInGuard] },
  });
  owner = new AdminClient(stack.url, ADMIN_KEY);
  team = await owner.ok(201, 'POST', '/admin/v1/teams', { name: 'verdicts' });
  member = await owner.ok(201, 'POST', '/admin/v1/keys', { team_id: team.id, name: 'member' });
  for (const prompt of ['mail a@b.example [redact]', 'about project zeus [flag]', 'plain question']) {
    const answer = await chat(stack.url, member.key, { prompt, maxTokens: 4 });
    expect(answer.status, answer.text).toBe(200);
  }
  await stack.gateway.requestLog.flush();
});
afterAll(async () => stack?.close());

describe('guardrail verdicts through a running gateway', () => {
  it('are in the request log and found by guard and outcome over the admin API', async () => {
    const all = await owner.ok<{ data: Row[] }>(200, 'GET', '/admin/v1/requests');
    expect(all.data.map((r) => r.guardrails)).toEqual([null, VERDICTS['[flag]'], VERDICTS['[redact]']]);
    const pii = await owner.ok<{ data: Row[] }>(200, 'GET', '/admin/v1/requests?guardrail=pii');
    expect(pii.data.map((r) => r.guardrails)).toEqual([VERDICTS['[redact]']]);
    const flagged = await owner.ok<{ data: Row[] }>(200, 'GET', `/admin/v1/requests?guardrail_outcome=flagged&team=${team.id}`);
    expect(flagged.data).toHaveLength(1);
    expect((await owner.ok<Row>(200, 'GET', `/admin/v1/requests/${flagged.data[0]!.id}`)).guardrails).toEqual(VERDICTS['[flag]']);
    expect((await owner.ok<{ data: Row[] }>(200, 'GET', '/admin/v1/requests?guardrail=codenames&guardrail_outcome=blocked')).data).toEqual([]);
    const bad = await owner.call('GET', '/admin/v1/requests?guardrail_outcome=pass');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(all)).not.toContain('a@b.example');
  });

  it('are counted in /metrics by guard, stage and outcome', async () => {
    const text = await (await fetch(`${stack.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).text();
    const sample = (labels: string) => {
      const line = text.split('\n').find((l) => l.startsWith('switchboard_guardrail_verdicts_total{') && l.includes(labels));
      return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
    };
    expect(sample('guard="pii",stage="input",outcome="redacted"')).toBe(1);
    expect(sample('guard="pii",stage="input",outcome="pass"')).toBe(1);
    expect(sample('guard="codenames",stage="input",outcome="flagged"')).toBe(1);
    expect(text).toContain('# TYPE switchboard_guardrail_verdicts_total counter');
  });

  it("reach the lookup from the live snapshot once the owner sets a team's list", async () => {
    const lookup = createTenantGuardrailLookup(() => stack.gateway.governanceRuntime.cache.snapshot);
    const identity = { method: 'virtual_key', team: team.id, keyId: member.id };
    expect(lookup(identity)).toEqual([]);
    await owner.ok(200, 'PATCH', `/admin/v1/teams/${team.id}`, { guardrails: [{ name: 'pii', type: 'pii', action: 'redact' }] });
    for (let i = 0; i < 200 && lookup(identity).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    const lists = lookup(identity);
    expect(lists).toEqual([[expect.objectContaining({ name: 'pii', type: 'pii', action: 'redact', entities: 'all', on: ['input'] })]]);
    expect(lookup(identity)[0]).toBe(lists[0]);
  });
});
