/**
 * The simulator's stand-in for OpenAI's encrypted reasoning: an opaque-looking token that only
 * this simulator can open, bound to its reasoning item's id. A client that alters it, or sends it
 * back under another item, is refused the way the real API refuses content it cannot verify.
 */

// Real encrypted_content values are Fernet tokens, which start like this.
const PREFIX = 'gAAAAA';

/** Seals the reasoning of item `id`. */
export function sealReasoning(id: string, summary: string): string {
  return PREFIX + Buffer.from(JSON.stringify({ id, summary }), 'utf8').toString('base64url');
}

/** Whether `data` is a token this simulator sealed for item `id`. */
export function verifiesReasoning(data: string, id: string): boolean {
  if (!data.startsWith(PREFIX)) return false;
  try {
    const opened = JSON.parse(Buffer.from(data.slice(PREFIX.length), 'base64url').toString('utf8')) as { id?: unknown };
    return opened.id === id;
  } catch {
    return false;
  }
}
