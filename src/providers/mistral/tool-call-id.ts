/**
 * Mistral accepts only tool-call ids of exactly 9 letters and digits, so ids minted elsewhere
 * (OpenAI's call_…, Anthropic's toolu_…) are rewritten. The rewrite is a pure function of the id:
 * an assistant tool call and the tool result answering it map to the same new id in any request,
 * without keeping state. Ids Mistral minted itself already fit and pass unchanged.
 */

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const VALID = /^[a-zA-Z0-9]{9}$/;

/** 32-bit FNV-1a of text, seeded so two seeds give two independent halves. */
function fnv1a(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The id Mistral will accept for `id`. */
export function mistralToolCallId(id: string): string {
  if (VALID.test(id)) return id;
  let a = fnv1a(id, 2166136261);
  let b = fnv1a(id, 0x9e3779b9);
  let out = '';
  for (let i = 0; i < 9; i++) {
    // Alternate the halves so all 9 characters draw on about 64 bits of hash.
    if (i % 2 === 0) {
      out += ALPHABET[a % 62];
      a = Math.floor(a / 62);
    } else {
      out += ALPHABET[b % 62];
      b = Math.floor(b / 62);
    }
  }
  return out;
}
