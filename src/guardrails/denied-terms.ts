/**
 * The denied_terms guard's engine: words and phrases matched on word boundaries, and regular
 * expressions, compiled once into one alternation each. Patterns come from config only; each
 * declares the longest text it may match (`max_match_chars`), which bounds a stream's window.
 */
import type { GuardrailConfigOf } from './config-schema.js';
import type { Finding, LocalEngine } from './engine.js';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Builds the engine; throws an Error naming the pattern that does not compile. */
export function createDeniedTermsEngine(config: GuardrailConfigOf<'denied_terms'>): LocalEngine {
  const flags = config.case_sensitive ? 'gu' : 'giu';
  const matchers: RegExp[] = [];
  if (config.terms.length > 0) {
    // Longest first, so "secret project" wins over "secret"; \p{L}\p{N} boundaries work beyond ASCII.
    const terms = [...config.terms].sort((a, b) => b.length - a.length).map((t) => escapeRegExp(t.trim()).replace(/\s+/g, '\\s+'));
    matchers.push(new RegExp(`(?<![\\p{L}\\p{N}_])(?:${terms.join('|')})(?![\\p{L}\\p{N}_])`, flags));
  }
  config.patterns.forEach((pattern, i) => {
    try {
      matchers.push(new RegExp(pattern, flags));
    } catch (err) {
      throw new Error(`patterns[${i}] is not a valid regular expression: ${(err as Error).message}`);
    }
  });
  const longestTerm = config.terms.reduce((max, t) => Math.max(max, t.length + 8), 0);
  const maxSpanChars = Math.max(longestTerm, config.patterns.length > 0 ? config.max_match_chars : 0);
  return {
    kind: 'local',
    spans: true,
    maxSpanChars,
    scan(text) {
      const findings: Finding[] = [];
      for (const matcher of matchers) {
        matcher.lastIndex = 0;
        for (let m = matcher.exec(text); m !== null; m = matcher.exec(text)) {
          if (m[0].length === 0) {
            matcher.lastIndex++;
            continue;
          }
          findings.push({ type: 'DENIED_TERM', start: m.index, end: m.index + m[0].length });
        }
      }
      return findings;
    },
  };
}
