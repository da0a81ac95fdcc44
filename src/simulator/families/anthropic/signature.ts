/**
 * Thinking signatures. The real API signs each thinking block and rejects a replayed block
 * whose text or signature changed; the simulator signs with a hash of the text so a gateway
 * that alters or reorders thinking fails the same way.
 */

function hash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 16777619);
    h2 = Math.imul(h2 + c, 2246822519);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

/** The signature the simulator gives a thinking block with this text. */
export function signThinking(thinking: string): string {
  return Buffer.from(`simsig1:${hash(thinking)}`).toString('base64');
}

/** True when the signature is the one the simulator issued for this text. */
export function verifyThinking(thinking: string, signature: string): boolean {
  return signature === signThinking(thinking);
}
