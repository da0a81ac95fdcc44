/** The caller's cache headers: what each asks, and a 400 naming the header for what is not understood. */
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../core/errors.js';
import { cacheControls } from './controls.js';

const none = { bypass: false, refresh: false, noStore: false };

describe('cacheControls', () => {
  it('asks nothing without headers, or with unrelated Cache-Control directives', () => {
    expect(cacheControls({})).toEqual(none);
    expect(cacheControls({ 'cache-control': 'no-cache' })).toEqual(none);
    expect(cacheControls({ 'cache-control': 'max-age=0, must-revalidate' })).toEqual(none);
    expect(cacheControls({ 'x-switchboard-cache': '' })).toEqual(none);
  });

  it('reads each directive, case-insensitive, and several at once', () => {
    expect(cacheControls({ 'x-switchboard-cache': 'bypass' })).toEqual({ ...none, bypass: true });
    expect(cacheControls({ 'x-switchboard-cache': 'Refresh' })).toEqual({ ...none, refresh: true });
    expect(cacheControls({ 'x-switchboard-cache': 'NO-STORE' })).toEqual({ ...none, noStore: true });
    expect(cacheControls({ 'x-switchboard-cache': 'refresh, no-store' })).toEqual({ ...none, refresh: true, noStore: true });
    expect(cacheControls({ 'x-switchboard-cache': ['refresh', 'no-store'] })).toEqual({ ...none, refresh: true, noStore: true });
  });

  it('takes Cache-Control: no-store among other directives', () => {
    for (const value of ['no-store', 'No-Store', 'private, no-store', 'no-store,max-age=0', 'max-age=0 , no-store , private'])
      expect(cacheControls({ 'cache-control': value }).noStore, value).toBe(true);
    expect(cacheControls({ 'cache-control': 'no-stored' }).noStore).toBe(false);
  });

  it('refuses an unknown directive with a 400 naming the header', () => {
    for (const value of ['forever', 'bypass, sometimes', 'no-cache']) {
      let thrown: unknown;
      try {
        cacheControls({ 'x-switchboard-cache': value });
      } catch (err) {
        thrown = err;
      }
      expect(thrown, value).toBeInstanceOf(GatewayError);
      expect((thrown as GatewayError).status).toBe(400);
      expect((thrown as GatewayError).param).toBe('x-switchboard-cache');
      expect((thrown as GatewayError).message).toContain('x-switchboard-cache');
    }
  });

  it('accepts a namespace of 1-64 safe characters and refuses anything else', () => {
    expect(cacheControls({ 'x-switchboard-cache-namespace': 'tenant-1.prod:eu_west' }).namespace).toBe('tenant-1.prod:eu_west');
    expect(cacheControls({ 'x-switchboard-cache-namespace': 'x'.repeat(64) }).namespace).toHaveLength(64);
    for (const bad of ['', 'x'.repeat(65), 'a b', 'a/b', 'ünï', 'a\nb']) {
      expect(() => cacheControls({ 'x-switchboard-cache-namespace': bad }), JSON.stringify(bad)).toThrow(
        expect.objectContaining({ status: 400, param: 'x-switchboard-cache-namespace' }),
      );
    }
  });
});
