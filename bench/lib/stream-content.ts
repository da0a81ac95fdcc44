/**
 * Finds the first Chat Completions stream chunk that carries answer text. The role chunk
 * (`"delta":{"role":"assistant","content":""}`) is not text: a guarded stream sends it at once
 * but holds the text back, so the first byte alone would hide that delay.
 */

const CONTENT_KEY = Buffer.from('"content":"');
const QUOTE = 0x22;

/** Tracks one response body, chunk by chunk; bytes split across two chunks still count. */
export class FirstContentScan {
  /** The end of the previous chunk, short enough to hold only an unfinished key. */
  private tail: Buffer = Buffer.alloc(0);

  /** Whether this chunk (with the previous chunk's tail) holds a non-empty `"content":"…"`. */
  hasContent(chunk: Buffer): boolean {
    const bytes = this.tail.length > 0 ? Buffer.concat([this.tail, chunk]) : chunk;
    for (let at = bytes.indexOf(CONTENT_KEY); at !== -1; at = bytes.indexOf(CONTENT_KEY, at + 1)) {
      const next = at + CONTENT_KEY.length;
      // The key at the very end: its first character is in the next chunk, so keep it as tail.
      if (next >= bytes.length) break;
      if (bytes[next] !== QUOTE) return true;
    }
    // The key (and the byte after it) may straddle this chunk and the next.
    this.tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - CONTENT_KEY.length)));
    return false;
  }
}
