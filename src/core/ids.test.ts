import { describe, expect, it } from 'vitest';
import { newResponseId, responseIdOfItem, responseItemId } from './ids.js';

describe('Responses ids', () => {
  it('makes response ids of resp_ and 32 base62 characters, time-ordered', () => {
    const a = newResponseId();
    expect(a).toMatch(/^resp_[0-9A-Za-z]{32}$/);
    expect(newResponseId()).not.toBe(a);
  });

  it('leads from an item id back to its response', () => {
    const id = newResponseId();
    for (const [prefix, index] of [
      ['msg', 0],
      ['fc', 7],
      ['rs', 40],
      ['msg', 1295],
    ] as const) {
      const item = responseItemId(prefix, id, index);
      expect(item.startsWith(`${prefix}_`)).toBe(true);
      expect(responseIdOfItem(item)).toBe(id);
    }
    expect(responseItemId('msg', id, 0)).not.toBe(responseItemId('msg', id, 1));
  });

  it('finds no response in ids it did not make', () => {
    for (const id of ['msg_abc', 'rs_67c9fdcf37fc', 'fc_', '', `msg_${'a'.repeat(40)}`, `msg_${'a'.repeat(32)}!!`])
      expect(responseIdOfItem(id)).toBeUndefined();
  });
});
