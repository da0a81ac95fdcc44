import { describe, expect, it } from 'vitest';
import { FirstContentScan } from '../../bench/lib/stream-content.js';

const ROLE = 'data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}\n\n';
const TEXT = 'data: {"choices":[{"index":0,"delta":{"content":"Simulated reply"},"finish_reason":null}]}\n\n';

/** Feeds the chunks in order and returns the index of the first one the scan says holds text (-1 if none). */
function firstTextChunk(chunks: string[]): number {
  const scan = new FirstContentScan();
  return chunks.findIndex((chunk) => scan.hasContent(Buffer.from(chunk)));
}

describe('FirstContentScan', () => {
  it('skips the role chunk and finds the first text chunk', () => {
    expect(firstTextChunk([ROLE, TEXT])).toBe(1);
  });

  it('finds text that shares a chunk with the role chunk', () => {
    expect(firstTextChunk([ROLE + TEXT])).toBe(0);
  });

  it('finds no text in a stream with only empty content and no content at all', () => {
    expect(firstTextChunk([ROLE, 'data: {"choices":[{"delta":{},"finish_reason":"stop"}]}\n\n', 'data: [DONE]\n\n'])).toBe(-1);
  });

  it('finds the text wherever the body is split, and never before the chunk that completes it', () => {
    const body = ROLE + TEXT;
    const textStarts = body.indexOf('Simulated');
    for (let cut = 1; cut < body.length; cut++) {
      const found = firstTextChunk([body.slice(0, cut), body.slice(cut)]);
      // The first text character is the proof; a chunk that ends before it cannot hold text.
      expect(found).toBe(cut > textStarts ? 0 : 1);
    }
  });
});
