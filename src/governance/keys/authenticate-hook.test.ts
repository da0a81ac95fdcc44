/**
 * The virtual-key hook puts the key's residency pins on the caller identity: the key's, its
 * project's and its team's lists, resolved once per snapshot (the same array for every request of
 * the key), none for a key without pins, and current again after the snapshot reloads.
 */
import { describe, expect, it } from 'vitest';
import { RequestContext } from '../../pipeline/context.js';
import type { TenancyStore } from '../store-contract.js';
import type { Project, Team, TenancySnapshot, VirtualKey } from '../types.js';
import { virtualKeyHook } from './authenticate-hook.js';
import { newKeySecret } from './secret.js';
import { TenancyCache } from './tenancy-cache.js';

const base = { metadata: {}, created_at: 0, updated_at: 0 };
const controls = { guardrails: null, budget: null, limits: null, user_budget: null, user_limits: null };

function team(id: string, regions: string[] | null): Team {
  return { ...base, ...controls, id, name: id, regions, alerts: [] };
}

function project(id: string, teamId: string, regions: string[] | null): Project {
  return { ...base, ...controls, id, team_id: teamId, name: id, regions };
}

function key(id: string, teamId: string, projectId: string | null, regions: string[] | null) {
  const secret = newKeySecret();
  const stored: VirtualKey = {
    ...base,
    id,
    name: id,
    team_id: teamId,
    project_id: projectId,
    role: 'member',
    key_hash: secret.hash,
    key_prefix: secret.prefix,
    models: null,
    regions,
    budget: null,
    limits: null,
    expires_at: null,
    revoked_at: null,
    first_used_at: null,
  };
  return { stored, secret: secret.secret };
}

/** A store that answers one snapshot, replaced by `set` (which moves the epoch). */
function fakeStore(initial: Omit<TenancySnapshot, 'epoch'>) {
  let snapshot: TenancySnapshot = { epoch: 1, ...initial };
  const store = {
    epoch: async () => snapshot.epoch,
    snapshot: async () => snapshot,
  } as unknown as TenancyStore;
  return { store, set: (next: Omit<TenancySnapshot, 'epoch'>) => (snapshot = { epoch: snapshot.epoch + 1, ...next }) };
}

const logger = { error() {}, warn() {}, info() {} };

function request(secret: string): RequestContext {
  return new RequestContext({
    requestId: 'req',
    startedAt: 0,
    time: 0,
    operation: 'chat',
    ingress: 'openai',
    requestHeaders: { authorization: `Bearer ${secret}` },
  });
}

describe('virtual-key hook: residency pins', () => {
  const eu = team('team_eu', ['eu-*']);
  const open = team('team_open', null);
  const euProject = project('proj_eu', eu.id, ['eu-west-1', 'eu-central-1']);
  const pinnedKey = key('key_pinned', eu.id, euProject.id, ['eu-west-1']);
  const teamOnlyKey = key('key_team_only', eu.id, null, null);
  const freeKey = key('key_free', open.id, null, null);
  const projectOnly = project('proj_open', open.id, ['us-east-1']);
  const projectKey = key('key_project', open.id, projectOnly.id, null);
  const keys = [pinnedKey, teamOnlyKey, freeKey, projectKey];

  function snapshotWith(teams: Team[]): Omit<TenancySnapshot, 'epoch'> {
    return {
      teams: new Map(teams.map((t) => [t.id, t])),
      projects: new Map([euProject, projectOnly].map((p) => [p.id, p])),
      keysByHash: new Map(keys.map((k) => [k.stored.key_hash, k.stored])),
    };
  }

  async function setup() {
    const fake = fakeStore(snapshotWith([eu, open]));
    const cache = new TenancyCache(fake.store, 60_000, logger);
    await cache.start();
    const hook = virtualKeyHook(cache, undefined, async () => true);
    const authenticate = async (secret: string) => {
      const ctx = request(secret);
      await hook.run(ctx);
      return ctx.identity!;
    };
    return { fake, cache, authenticate };
  }

  it("carries the key's, the project's and the team's lists, in that order, and nothing for a key without pins", async () => {
    const { cache, authenticate } = await setup();
    try {
      expect((await authenticate(pinnedKey.secret)).regionPins).toEqual([['eu-west-1'], ['eu-west-1', 'eu-central-1'], ['eu-*']]);
      expect((await authenticate(teamOnlyKey.secret)).regionPins).toEqual([['eu-*']]);
      expect((await authenticate(projectKey.secret)).regionPins).toEqual([['us-east-1']]);
      const free = await authenticate(freeKey.secret);
      expect(free).toMatchObject({ method: 'virtual_key', keyId: 'key_free' });
      expect(free.regionPins).toBeUndefined();
    } finally {
      await cache.stop();
    }
  });

  it('hands every request of a key the same frozen array, built with the snapshot', async () => {
    const { cache, authenticate } = await setup();
    try {
      const first = (await authenticate(pinnedKey.secret)).regionPins!;
      const second = (await authenticate(pinnedKey.secret)).regionPins!;
      expect(second).toBe(first);
      expect(Object.isFrozen(first)).toBe(true);
      expect(first.every((list) => Object.isFrozen(list))).toBe(true);
      // A request cannot widen the pins for the next one.
      expect(() => (first as string[][]).push(['us-east-1'])).toThrow(TypeError);
      expect(() => (first[0] as string[]).push('us-east-1')).toThrow(TypeError);
      // Nor does the stored object share the array: the snapshot stays as loaded.
      expect(pinnedKey.stored.regions).toEqual(['eu-west-1']);
    } finally {
      await cache.stop();
    }
  });

  it("follows a change of the team's regions once the snapshot reloads", async () => {
    const { fake, cache, authenticate } = await setup();
    try {
      const before = (await authenticate(teamOnlyKey.secret)).regionPins;
      expect(before).toEqual([['eu-*']]);
      fake.set(snapshotWith([team(eu.id, ['eu-west-1']), open]));
      await cache.refresh();
      const after = (await authenticate(teamOnlyKey.secret)).regionPins;
      expect(after).toEqual([['eu-west-1']]);
      expect(after).not.toBe(before);
      // Unpinning the team leaves a key without pins.
      fake.set(snapshotWith([team(eu.id, null), open]));
      await cache.refresh();
      expect((await authenticate(teamOnlyKey.secret)).regionPins).toBeUndefined();
    } finally {
      await cache.stop();
    }
  });

  it('keeps an empty stored list (a hand-edited row): it matches no region, so the key is refused rather than unpinned', async () => {
    const emptyKey = key('key_empty', open.id, null, []);
    const fake = fakeStore({ teams: new Map([[open.id, open]]), projects: new Map(), keysByHash: new Map([[emptyKey.stored.key_hash, emptyKey.stored]]) });
    const cache = new TenancyCache(fake.store, 60_000, logger);
    await cache.start();
    try {
      const ctx = request(emptyKey.secret);
      await virtualKeyHook(cache, undefined, async () => true).run(ctx);
      expect(ctx.identity!.regionPins).toEqual([[]]);
    } finally {
      await cache.stop();
    }
  });
});
