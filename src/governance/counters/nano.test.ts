/** Nano-dollar conversion: exact for whole nano-dollars, deaf to float noise, never loosening a cap. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { limitFloor, nanoToUsd, tokensCeil, usdToNanoCeil, usdToNanoFloor } from './nano.js';

describe('nano-dollars', () => {
  it('round-trips every whole nano-dollar amount up to $1M exactly, both ways', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e15 }), (nano) => {
        expect(usdToNanoCeil(nanoToUsd(nano))).toBe(nano);
        expect(usdToNanoFloor(nanoToUsd(nano))).toBe(nano);
      }),
    );
  });

  it('reads a float sum of up to 100 prices as the exact sum of their nano-dollars', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e10 }), { maxLength: 100 }), (parts) => {
        const usd = parts.reduce((sum, nano) => sum + nanoToUsd(nano), 0);
        const exact = parts.reduce((sum, nano) => sum + nano, 0);
        expect(usdToNanoCeil(usd)).toBe(exact);
        expect(usdToNanoFloor(usd)).toBe(exact);
      }),
    );
  });

  it('ignores float noise in sums and products', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(usdToNanoCeil(0.1 + 0.2)).toBe(300_000_000);
    expect(usdToNanoFloor(0.1 + 0.2)).toBe(300_000_000);
    expect(usdToNanoCeil(3e-7 * 1000)).toBe(300_000);
    expect(usdToNanoFloor(0.3)).toBe(300_000_000);
  });

  it('rounds a real fraction of a nano-dollar up for amounts and down for caps', () => {
    expect(usdToNanoCeil(1.5e-9)).toBe(2);
    expect(usdToNanoFloor(1.5e-9)).toBe(1);
    expect(usdToNanoCeil(3e-7 * 1.5)).toBe(450);
    expect(usdToNanoCeil(2.5e-10)).toBe(1);
  });

  it('counts negative, NaN and zero as nothing, and clamps the huge', () => {
    for (const v of [-1, Number.NaN, 0, -0]) {
      expect(usdToNanoCeil(v)).toBe(0);
      expect(usdToNanoFloor(v)).toBe(0);
      expect(tokensCeil(v)).toBe(0);
      expect(limitFloor(v)).toBe(0);
    }
    expect(limitFloor(Number.POSITIVE_INFINITY)).toBe(Number.MAX_SAFE_INTEGER);
    expect(usdToNanoFloor(1e12)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('rounds tokens up for amounts and limits down', () => {
    expect(tokensCeil(10.2)).toBe(11);
    expect(tokensCeil(10)).toBe(10);
    expect(limitFloor(99.9)).toBe(99);
    expect(limitFloor(100)).toBe(100);
  });
});
