import { describe, expect, it } from 'vitest';
import { InFlightList } from './in-flight-list.js';

describe('InFlightList', () => {
  it('keeps values in the order they were added and removes any of them in place', () => {
    const list = new InFlightList<string>();
    const a = list.add('a');
    const b = list.add('b');
    const c = list.add('c');
    list.remove(b);
    expect(list.values()).toEqual(['a', 'c']);
    list.remove(a);
    expect(list.first?.value).toBe('c');
    list.remove(c);
    expect(list.size).toBe(0);
    expect(list.first).toBeUndefined();
    list.add('d');
    expect(list.values()).toEqual(['d']);
  });

  it('ignores a second removal of the same entry', () => {
    const list = new InFlightList<number>();
    const one = list.add(1);
    list.add(2);
    list.remove(one);
    list.remove(one);
    expect(list.size).toBe(1);
    expect(list.values()).toEqual([2]);
  });

  it('lets the caller remove entries while walking a snapshot of the values', () => {
    const list = new InFlightList<number>();
    const entries = [1, 2, 3].map((n) => list.add(n));
    for (const value of list.values()) list.remove(entries[value - 1]!);
    expect(list.size).toBe(0);
  });
});
