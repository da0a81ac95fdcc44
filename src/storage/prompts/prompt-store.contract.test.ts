/**
 * The PromptStore contract on SQLite and PostgreSQL: idempotent pushes, immutable versions,
 * compare-and-set labels, history order, tenant isolation, audit rows in the same transaction and
 * version numbers that stay unique when pushes race (two pools on PostgreSQL: two replicas).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../governance/store-contract.js';
import { LabelConflictError, PromptNotFoundError } from '../../prompts/errors.js';
import type { PromptTemplate } from '../../prompts/types.js';
import { GOVERNANCE_DIALECTS, type GovernanceDatabase } from '../../testing/governance-storage.js';
import { KyselyAuditStore } from '../governance/audit-store.js';
import { KyselyPromptStore } from './prompt-store.js';

const T0 = 1_800_000_000_000;
let clock = T0;
const now = () => clock;
const OWNER: Actor = { key_id: 'admin_key', role: 'owner' };
const TEAM_A = 'team:team_a';
const TEAM_B = 'team:team_b';

function template(text: string): PromptTemplate {
  return {
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: text },
    ],
    params: { temperature: 0.2 },
  };
}

describe.each(GOVERNANCE_DIALECTS)('PromptStore contract: %s', (dialect, open) => {
  let database: GovernanceDatabase;
  let store: KyselyPromptStore;
  let audit: KyselyAuditStore;

  beforeAll(async () => {
    database = await open(`prompts_${dialect}`);
  });
  beforeEach(async () => {
    clock = T0;
    const db = database.storage.db;
    for (const table of ['prompts', 'prompt_versions', 'prompt_labels', 'prompt_label_events', 'audit_log'] as const) await db.deleteFrom(table).execute();
    store = new KyselyPromptStore(db, database.storage.kind, { now });
    audit = new KyselyAuditStore(db, database.storage.kind);
  });
  afterAll(() => database.close());

  it('numbers versions from 1 and makes none when the content is unchanged, whatever the key order', async () => {
    const first = await store.push(OWNER, 'global', 'greet', { template: template('Hi {{name}}'), message: 'first', author: 'ana', description: 'Greets' });
    expect(first.created).toBe(true);
    expect(first.version).toMatchObject({ promptId: 'greet', version: 1, message: 'first', author: 'ana', createdAt: T0 });
    expect(first.version.contentHash).toMatch(/^[0-9a-f]{64}$/);

    clock += 1000;
    const reordered = { params: { temperature: 0.2 }, messages: template('Hi {{name}}').messages } as PromptTemplate;
    const again = await store.push(OWNER, 'global', 'greet', { template: reordered, message: 'again' });
    expect(again.created).toBe(false);
    expect(again.version).toEqual(first.version);

    const second = await store.push(OWNER, 'global', 'greet', { template: template('Hello {{name}}') });
    expect(second).toMatchObject({ created: true, version: { version: 2, createdAt: T0 + 1000 } });
    const summary = await store.get('global', 'greet');
    expect(summary).toEqual({ id: 'greet', description: 'Greets', latestVersion: 2, labels: {}, createdAt: T0, updatedAt: T0 + 1000 });
  });

  it('keeps versions immutable and lists them newest first, a page at a time', async () => {
    for (let i = 1; i <= 5; i++) await store.push(OWNER, 'global', 'p', { template: template(`v${i}`) });
    expect((await store.version('global', 'p', 2))?.template).toEqual(template('v2'));
    // Pushing content equal to an older version still makes a new one: only the latest is compared.
    const back = await store.push(OWNER, 'global', 'p', { template: template('v2') });
    expect(back).toMatchObject({ created: true, version: { version: 6 } });
    expect((await store.version('global', 'p', 2))?.template).toEqual(template('v2'));

    const page1 = await store.versions('global', 'p', { limit: 4 });
    expect(page1.map((v) => v.version)).toEqual([6, 5, 4, 3]);
    const page2 = await store.versions('global', 'p', { limit: 4, after: String(page1.at(-1)!.version) });
    expect(page2.map((v) => v.version)).toEqual([2, 1]);
    expect(await store.version('global', 'p', 7)).toBeUndefined();
    expect(await store.version('global', 'nope', 1)).toBeUndefined();
  });

  it('moves labels atomically with compare-and-set, and records each move in order', async () => {
    for (let i = 1; i <= 3; i++) await store.push(OWNER, 'global', 'p', { template: template(`v${i}`) });
    clock += 10;
    const set = await store.setLabel(OWNER, 'global', 'p', 'production', 1, { expected: null });
    expect(set).toMatchObject({ moved: true, event: { promptId: 'p', label: 'production', version: 1, time: T0 + 10, actorKeyId: 'admin_key' } });
    expect(set.event.previousVersion).toBeUndefined();
    expect((await store.labelled('global', 'p', 'production'))?.version).toBe(1);

    await expect(store.setLabel(OWNER, 'global', 'p', 'production', 3, { expected: 2 })).rejects.toBeInstanceOf(LabelConflictError);
    await expect(store.setLabel(OWNER, 'global', 'p', 'production', 3, { expected: null })).rejects.toMatchObject({ current: 1 });
    expect((await store.labelled('global', 'p', 'production'))?.version).toBe(1);

    clock += 10;
    expect(await store.setLabel(OWNER, 'global', 'p', 'production', 3, { expected: 1, reason: 'promoted' })).toMatchObject({
      moved: true,
      event: { version: 3, previousVersion: 1, reason: 'promoted' },
    });
    // Same place again: nothing moves, nothing is recorded.
    expect(await store.setLabel(OWNER, 'global', 'p', 'production', 3)).toMatchObject({ moved: false });
    clock += 10;
    await store.setLabel(OWNER, 'global', 'p', 'staging', 2);
    // Several moves in the same millisecond still come back in the order they were made.
    await store.setLabel(OWNER, 'global', 'p', 'production', 2);
    await store.setLabel(OWNER, 'global', 'p', 'production', 1);

    await expect(store.setLabel(OWNER, 'global', 'p', 'production', 9)).rejects.toBeInstanceOf(PromptNotFoundError);
    await expect(store.setLabel(OWNER, 'global', 'missing', 'production', 1)).rejects.toBeInstanceOf(PromptNotFoundError);
    await expect(store.setLabel(OWNER, 'global', 'p', 'Bad Label', 1)).rejects.toThrow(/not allowed/);

    const history = await store.labelHistory('global', 'p');
    expect(history.map((e) => [e.label, e.version, e.previousVersion])).toEqual([
      ['production', 1, 2],
      ['production', 2, 3],
      ['staging', 2, undefined],
      ['production', 3, 1],
      ['production', 1, undefined],
    ]);
    const production = await store.labelHistory('global', 'p', 'production', { limit: 2 });
    expect(production.map((e) => e.version)).toEqual([1, 2]);
    const rest = await store.labelHistory('global', 'p', 'production', { limit: 10, after: (await rawEventIds())[1] });
    expect(rest.map((e) => e.version)).toEqual([3, 1]);

    expect((await store.get('global', 'p'))?.labels).toEqual({ production: 1, staging: 2 });
    expect((await store.get('global', 'p'))?.updatedAt).toBe(T0 + 30);

    expect(await store.removeLabel(OWNER, 'global', 'p', 'staging')).toBe(true);
    expect(await store.removeLabel(OWNER, 'global', 'p', 'staging')).toBe(false);
    expect((await store.labelHistory('global', 'p', 'staging'))[0]).toMatchObject({ label: 'staging', previousVersion: 2 });
    expect((await store.labelHistory('global', 'p', 'staging'))[0]?.version).toBeUndefined();
    expect(await store.labelled('global', 'p', 'staging')).toBeUndefined();
  });

  async function rawEventIds(): Promise<string[]> {
    const rows = await database.storage.db
      .selectFrom('prompt_label_events')
      .select('id')
      .where('label', '=', 'production')
      .orderBy('time', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map((row) => row.id);
  }

  it("keeps tenants apart: team:a never sees team:b's prompts", async () => {
    await store.push(OWNER, TEAM_B, 'secret', { template: template('b only') });
    await store.setLabel(OWNER, TEAM_B, 'secret', 'production', 1);
    await store.push(OWNER, TEAM_A, 'shared', { template: template('a') });
    await store.push(OWNER, TEAM_B, 'shared', { template: template('b') });

    expect((await store.list(TEAM_A)).map((p) => p.id)).toEqual(['shared']);
    expect(await store.get(TEAM_A, 'secret')).toBeUndefined();
    expect(await store.version(TEAM_A, 'secret', 1)).toBeUndefined();
    expect(await store.versions(TEAM_A, 'secret')).toEqual([]);
    expect(await store.labelled(TEAM_A, 'secret', 'production')).toBeUndefined();
    expect(await store.labelHistory(TEAM_A, 'secret')).toEqual([]);
    await expect(store.setLabel(OWNER, TEAM_A, 'secret', 'production', 1)).rejects.toBeInstanceOf(PromptNotFoundError);
    expect(await store.removeLabel(OWNER, TEAM_A, 'secret', 'production')).toBe(false);
    expect((await store.version(TEAM_A, 'shared', 1))?.template).toEqual(template('a'));
    expect((await store.version(TEAM_B, 'shared', 1))?.template).toEqual(template('b'));
    expect(await store.list('global')).toEqual([]);
  });

  it('lists prompts by id a page at a time', async () => {
    for (const id of ['c', 'a', 'b']) await store.push(OWNER, 'global', id, { template: template(id) });
    const first = await store.list('global', { limit: 2 });
    expect(first.map((p) => p.id)).toEqual(['a', 'b']);
    expect((await store.list('global', { limit: 2, after: 'b' })).map((p) => p.id)).toEqual(['c']);
    await expect(store.push(OWNER, 'global', '-bad id', { template: template('x') })).rejects.toThrow(/not allowed/);
  });

  it('appends an audit row for every push and label move, in the chain', async () => {
    await store.push(OWNER, TEAM_A, 'p', { template: template('one') });
    await store.push(OWNER, TEAM_A, 'p', { template: template('one') });
    await store.setLabel({ key_id: 'key_x', role: 'team_admin' }, TEAM_A, 'p', 'production', 1);
    await store.setLabel(OWNER, TEAM_A, 'p', 'production', 1);
    await store.removeLabel(OWNER, TEAM_A, 'p', 'production');
    await store.push(OWNER, 'global', 'g', { template: template('global') });

    const rows = await audit.list({ limit: 100 });
    const actions = rows.map((row) => [row.action, row.object_type, row.object_id, row.team_id, row.actor_key_id]).sort();
    expect(actions).toEqual(
      [
        ['prompt.version_created', 'prompt', 'p', 'team_a', 'admin_key'],
        ['prompt.label_moved', 'prompt', 'p', 'team_a', 'key_x'],
        ['prompt.label_removed', 'prompt', 'p', 'team_a', 'admin_key'],
        ['prompt.version_created', 'prompt', 'g', null, 'admin_key'],
      ].sort(),
    );
    expect(JSON.parse(rows.find((row) => row.action === 'prompt.label_moved')!.after!)).toMatchObject({ label: 'production', version: 1 });
    expect(await audit.verify()).toEqual({ ok: true, rows: 4 });
  });

  it('never gives two concurrent pushes the same version number, and stores each content once', async () => {
    const other = new KyselyPromptStore((await database.second()).db, database.storage.kind, { now });
    const pushes = [];
    for (let i = 0; i < 12; i++) {
      const target = i % 2 === 0 ? store : other;
      // Pairs of identical content: each pair makes one version at most when it lands back to back.
      pushes.push(target.push(OWNER, 'global', 'race', { template: template(`content ${i}`) }));
    }
    const results = await Promise.all(pushes);
    const created = results.filter((r) => r.created).map((r) => r.version.version);
    expect(created.sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect((await store.versions('global', 'race')).length).toBe(12);
    expect((await store.get('global', 'race'))?.latestVersion).toBe(12);

    const same = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? store : other).push(OWNER, 'global', 'same', { template: template('x') })));
    expect(same.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(same.map((r) => r.version.version))).toEqual(new Set([1]));

    const audited = await audit.list({ action: 'prompt.version_created', limit: 100 });
    expect(audited).toHaveLength(13);
    expect(await audit.verify()).toMatchObject({ ok: true });
  });
});
