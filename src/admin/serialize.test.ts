import { describe, expect, it } from 'vitest';
import type { Team, VirtualKey } from '../governance/types.js';
import { MASK, keyOut, maskUrl, safeJson, teamOut } from './serialize.js';

const team: Team = {
  id: 'team_1',
  name: 'Ops',
  metadata: {},
  created_at: Date.UTC(2026, 0, 2),
  updated_at: Date.UTC(2026, 0, 3),
  regions: null,
  guardrails: null,
  budget: null,
  limits: null,
  user_budget: null,
  user_limits: null,
  alerts: [
    { type: 'slack', url: 'https://hooks.slack.com/services/T000/B000/abcdefghijkl' },
    { type: 'webhook', url: 'https://example.com/hook', secret: 'a-very-long-webhook-secret' },
  ],
};

describe('admin answers', () => {
  it('never echo a webhook secret or a Slack webhook path', () => {
    const out = teamOut(team);
    const text = JSON.stringify(out);
    expect(text).not.toContain('a-very-long-webhook-secret');
    expect(text).not.toContain('T000/B000');
    expect(out.alerts).toEqual([
      { type: 'slack', url: `https://hooks.slack.com/${MASK}ijkl` },
      { type: 'webhook', url: 'https://example.com/hook', secret: MASK },
    ]);
    expect(out.created_at).toBe('2026-01-02T00:00:00.000Z');
  });

  it('show a key without its hash, times as ISO strings', () => {
    const key: VirtualKey = {
      id: 'key_1',
      name: 'ci',
      metadata: {},
      created_at: 0,
      updated_at: 0,
      team_id: 'team_1',
      project_id: null,
      role: 'member',
      key_hash: 'f'.repeat(64),
      key_prefix: 'sk-sb-abcdef',
      models: null,
      regions: ['eu-*'],
      budget: null,
      limits: null,
      expires_at: Date.UTC(2030, 0, 1),
      revoked_at: null,
      first_used_at: null,
    };
    const out = keyOut(key);
    expect(out).not.toHaveProperty('key_hash');
    expect(JSON.stringify(out)).not.toContain('f'.repeat(64));
    expect(out).toMatchObject({ key_prefix: 'sk-sb-abcdef', regions: ['eu-*'], expires_at: '2030-01-01T00:00:00.000Z', revoked_at: null });
  });

  it('scrub stored JSON (audit before/after) of hashes, secrets and webhook paths at any depth', () => {
    // Written as text: an object literal's __proto__ would set a prototype, not a key.
    const stored =
      '{"key_hash":"abc","nested":{"alerts":[{"type":"webhook","url":"https://h.example/p/secret-path","secret":"s3cret-s3cret-s3cret"}]},"__proto__":{"polluted":true}}';
    const out = safeJson(stored) as Record<string, unknown>;
    const text = JSON.stringify(out);
    expect(text).not.toContain('abc');
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('secret-path');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(out)).toBeNull();
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ polluted: true });
    expect(safeJson('not json')).toBe('not json');
    expect(safeJson(null)).toBeNull();
  });

  it('cut URLs to their origin', () => {
    expect(maskUrl('https://example.com/')).toBe('https://example.com');
    expect(maskUrl('not a url')).toBe(MASK);
  });
});
