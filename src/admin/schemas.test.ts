import { describe, expect, it } from 'vitest';
import { AdminError } from './errors.js';
import { keyCreateSchema, listQuerySchema, spendQuerySchema, teamCreateSchema, teamPatchSchema } from './schemas.js';
import { parseWith, queryObject } from './validate.js';

function refusal(fn: () => unknown): AdminError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AdminError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('admin request schemas', () => {
  it('accept a full team and fill budget defaults', () => {
    const team = parseWith(teamCreateSchema, { name: 'Ops', budget: { usd: 50 }, limits: { rpm: 600 }, metadata: { owner: 'ana' } }, 'body');
    expect(team.budget).toEqual({ usd: 50, tokens: null, period: 'month', alert_at: [0.5, 0.8, 1], clamp_max_tokens: false });
  });

  it('name the field path of unknown, negative, huge and malformed values', () => {
    expect(refusal(() => parseWith(teamCreateSchema, { name: 'x', budget: { usd: 1, dollars: 2 } }, 'body'))).toMatchObject({
      code: 'invalid_request',
      param: 'budget.dollars',
    });
    expect(refusal(() => parseWith(teamCreateSchema, { name: 'x', budget: { usd: -5 } }, 'body')).param).toBe('budget.usd');
    expect(refusal(() => parseWith(teamCreateSchema, { name: 'x', limits: { rpm: 1e300 } }, 'body')).param).toBe('limits.rpm');
    expect(refusal(() => parseWith(teamCreateSchema, { name: 'x'.repeat(201) }, 'body')).param).toBe('name');
    expect(refusal(() => parseWith(teamCreateSchema, { name: 'a\u0007b' }, 'body')).param).toBe('name');
    expect(refusal(() => parseWith(teamCreateSchema, { name: 'x', alerts: [{ type: 'slack', url: 'file:///etc/passwd' }] }, 'body')).param).toBe(
      'alerts[0].url',
    );
    expect(refusal(() => parseWith(keyCreateSchema, { name: 'k', team_id: '../etc' }, 'body')).param).toBe('team_id');
    expect(refusal(() => parseWith(keyCreateSchema, { name: 'k', team_id: 't', expires_at: '2026-02-30' }, 'body')).param).toBe('expires_at');
  });

  it('bound metadata to 50 entries', () => {
    const metadata = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    expect(refusal(() => parseWith(teamPatchSchema, { metadata }, 'body')).param).toBe('metadata');
  });

  it('refuse bad, repeated and unknown query parameters', () => {
    expect(refusal(() => parseWith(listQuerySchema, queryObject(new URLSearchParams('limit=100000')), 'query')).param).toBe('limit');
    expect(refusal(() => parseWith(listQuerySchema, queryObject(new URLSearchParams('limit=-1')), 'query')).param).toBe('limit');
    expect(refusal(() => queryObject(new URLSearchParams('limit=1&limit=2'))).param).toBe('limit');
    expect(refusal(() => parseWith(listQuerySchema, queryObject(new URLSearchParams('sort=name')), 'query')).message).toContain(
      "Unknown query parameter 'sort'",
    );
    expect(refusal(() => parseWith(spendQuerySchema, queryObject(new URLSearchParams('from=2026-13-01')), 'query')).param).toBe('from');
    expect(parseWith(spendQuerySchema, queryObject(new URLSearchParams('group_by=model&from=2026-01-01')), 'query')).toEqual({
      group_by: 'model',
      from: '2026-01-01',
    });
  });
});
