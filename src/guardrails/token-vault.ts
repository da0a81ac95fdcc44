/**
 * The `tokenize` action's per-request vault: each value a guard found is swapped for a placeholder
 * (`[EMAIL_1]`; the same value gets the same placeholder) before the model sees the request, and
 * the placeholders the model writes back are swapped for the caller's values in the answer. It
 * lives only as long as the request; nothing is stored.
 */

/** A placeholder as the model sees it: `[TYPE_N]`. */
const PLACEHOLDER = /\[([A-Z][A-Z_]*)_(\d{1,6})\]/g;
/** The longest placeholder worth waiting for at the end of a streamed chunk. */
export const MAX_PLACEHOLDER_CHARS = 40;

/** One request's placeholders and the values they stand for. */
export class TokenVault {
  private readonly byValue = new Map<string, string>();
  private readonly byPlaceholder = new Map<string, string>();
  private readonly counts = new Map<string, number>();

  /** The placeholder for a value of a type, minting `[TYPE_N]` the first time. */
  placeholder(type: string, value: string): string {
    const key = `${type}\u0000${value}`;
    const known = this.byValue.get(key);
    if (known) return known;
    const n = (this.counts.get(type) ?? 0) + 1;
    this.counts.set(type, n);
    const placeholder = `[${type}_${n}]`;
    this.byValue.set(key, placeholder);
    this.byPlaceholder.set(placeholder, value);
    return placeholder;
  }

  /** Whether any value was swapped (then answers are restored). */
  get size(): number {
    return this.byPlaceholder.size;
  }

  /** The text with every known placeholder replaced by its value; `encodeValue` encodes values for where they go (JSON strings). */
  restore(text: string, encodeValue?: (value: string) => string): string {
    if (this.byPlaceholder.size === 0 || !text.includes('[')) return text;
    return text.replace(PLACEHOLDER, (placeholder) => {
      const value = this.byPlaceholder.get(placeholder);
      if (value === undefined) return placeholder;
      return encodeValue ? encodeValue(value) : value;
    });
  }
}

/** Encodes a value for the inside of a JSON string (tool-call arguments). */
export function jsonStringContent(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/**
 * Where a placeholder may be starting at the end of a chunk: the index of a trailing `[` run that
 * could still become `[TYPE_N]`, or undefined. A stream holds back from there.
 */
export function partialPlaceholderFrom(text: string): number | undefined {
  const open = text.lastIndexOf('[');
  if (open < 0 || text.length - open > MAX_PLACEHOLDER_CHARS) return undefined;
  const tail = text.slice(open);
  return /^\[(?:[A-Z][A-Z_]*(?:_\d{0,6})?)?$/.test(tail) ? open : undefined;
}
