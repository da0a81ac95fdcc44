/**
 * Rewrites a text where guards found something: `redact` puts the type's label (`[EMAIL]`), `mask`
 * keeps a hint of the value (`j***@example.com`), `tokenize` puts a placeholder restored in the
 * answer (`[EMAIL_1]`). Findings without a span, and overlapping ones after the first, are skipped.
 */
import type { GuardAction } from './config-schema.js';
import type { Finding } from './engine.js';
import type { TokenVault } from './token-vault.js';

/** How each rewriting action turns a value into its replacement. */
export interface Rewriter {
  /** `[EMAIL]`. */
  label(type: string): string;
  /** `j***@example.com`. */
  mask(type: string, value: string): string;
}

/** Generic replacements for types the PII detector does not mask itself. */
export const plainRewriter: Rewriter = {
  label: (type) => `[${type.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}]`,
  mask: (_type, value) => (value.length <= 2 ? '*'.repeat(value.length) : `${value[0]}${'*'.repeat(value.length - 2)}${value[value.length - 1]}`),
};

/** Findings with spans inside [from, to), sorted by start, overlaps dropped (the earlier, then longer, wins). */
export function spansWithin(findings: readonly Finding[], from: number, to: number): Finding[] {
  const spans = findings.filter((f) => f.start !== undefined && f.end !== undefined && f.start >= from && f.end <= to && f.end > f.start);
  spans.sort((a, b) => a.start! - b.start! || b.end! - a.end!);
  const out: Finding[] = [];
  let end = -1;
  for (const span of spans) {
    if (span.start! < end) continue;
    out.push(span);
    end = span.end!;
  }
  return out;
}

/**
 * `text` with each span (sorted, non-overlapping, offsets into `text`) replaced as the action
 * says. `vault` is needed for tokenize.
 */
export function rewriteSpans(text: string, spans: readonly Finding[], action: GuardAction, rewriter: Rewriter, vault?: TokenVault): string {
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const span of spans) {
    const value = text.slice(span.start!, span.end!);
    out += text.slice(at, span.start!);
    if (action === 'mask') out += rewriter.mask(span.type, value);
    else if (action === 'tokenize' && vault) out += vault.placeholder(rewriter.label(span.type).slice(1, -1), value);
    else out += rewriter.label(span.type);
    at = span.end!;
  }
  return out + text.slice(at);
}
