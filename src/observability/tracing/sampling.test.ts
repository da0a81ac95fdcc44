import { describe, expect, it } from 'vitest';
import { createSampler, traceIdWithin } from './sampling.js';

const sampledParent = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', sampled: true };
const unsampledParent = { ...sampledParent, sampled: false };

describe('createSampler', () => {
  it('always_on and always_off ignore the parent', () => {
    expect(createSampler({ kind: 'always_on', ratio: 1 })(unsampledParent)).toBe(true);
    expect(createSampler({ kind: 'always_off', ratio: 1 })(sampledParent)).toBe(false);
  });

  it('parent-based kinds follow the parent, and their root rule without one', () => {
    const on = createSampler({ kind: 'parentbased_always_on', ratio: 1 });
    expect([on(sampledParent), on(unsampledParent), on(undefined)]).toEqual([true, false, true]);
    const off = createSampler({ kind: 'parentbased_always_off', ratio: 1 });
    expect([off(sampledParent), off(unsampledParent), off(undefined)]).toEqual([true, false, false]);
  });

  it('a ratio keeps that share of root requests', () => {
    let draw = 0;
    const draws = [0.05, 0.5, 0.09, 0.95];
    const sample = createSampler({ kind: 'parentbased_traceidratio', ratio: 0.1 }, () => draws[draw++]!);
    expect([sample(undefined), sample(undefined), sample(undefined), sample(undefined)]).toEqual([true, false, true, false]);
    expect(sample(unsampledParent)).toBe(false);
    expect(createSampler({ kind: 'traceidratio', ratio: 0 })(undefined)).toBe(false);
  });

  it('traceidratio with a parent decides by its trace id, the same way every time', () => {
    const sample = createSampler({ kind: 'traceidratio', ratio: 0.5 }, () => 0);
    const low = { ...unsampledParent, traceId: `${'f'.repeat(16)}0000000000000001` };
    const high = { ...sampledParent, traceId: `${'0'.repeat(16)}ffffffffffffffff` };
    expect(sample(low)).toBe(true);
    expect(sample(high)).toBe(false);
  });
});

describe('traceIdWithin', () => {
  it('maps the random half of the id onto [0, 1)', () => {
    expect(traceIdWithin(`${'0'.repeat(16)}7fff000000000000`, 0.5)).toBe(true);
    expect(traceIdWithin(`${'0'.repeat(16)}8001000000000000`, 0.5)).toBe(false);
    expect(traceIdWithin(`${'0'.repeat(16)}ffffffffffffffff`, 1)).toBe(true);
  });
});
