/**
 * The request log's `guardrails` column: the verdicts as JSON text with a fixed key order
 * (guard, outcome, then the rest), so that the guardrail filters can be plain LIKE patterns that
 * mean the same on SQLite and PostgreSQL: `{"guard":"pii","outcome":"blocked"` can only be the
 * start of one verdict, since a guard name never holds a quote and findings, scores and errors
 * come after the outcome (and any quote inside an error is written escaped).
 */
import type { GuardrailFilterOutcome, RequestGuardrailVerdict } from '../../admin/requests-contract.js';
import type { GuardVerdict } from '../../pipeline/context.js';

/** The verdicts as the column keeps them, keys in the order the filters rely on; null for none. */
export function guardrailsColumn(verdicts: readonly GuardVerdict[] | undefined): string | null {
  if (verdicts === undefined || verdicts.length === 0) return null;
  return JSON.stringify(
    verdicts.map((v) => ({
      guard: v.guard,
      outcome: v.outcome,
      stage: v.stage,
      findings: v.findings,
      score: v.score,
      error: v.error,
      ms: v.ms,
    })),
  );
}

/** The verdicts of a stored column (null for none, or for text that is not a list). */
export function parseGuardrailsColumn(text: string | null): RequestGuardrailVerdict[] | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? (value as RequestGuardrailVerdict[]) : null;
  } catch {
    return null;
  }
}

/** `text` as JSON writes it inside a string, with LIKE's wildcards and escape character escaped (ESCAPE '\'). */
function likeLiteral(text: string): string {
  return JSON.stringify(text)
    .slice(1, -1)
    .replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The LIKE patterns (any one matching) for rows where `guard` (any guard when undefined) came to
 * `outcome` (any outcome but pass when undefined). Case-sensitive on PostgreSQL, ASCII-folded on
 * SQLite; guard names and outcomes are lower case, so both agree.
 */
export function guardrailPatterns(guard: string | undefined, outcome: GuardrailFilterOutcome | undefined): string[] {
  const outcomes: readonly GuardrailFilterOutcome[] = outcome === undefined ? ['blocked', 'redacted', 'flagged', 'error'] : [outcome];
  const prefix = guard === undefined ? '%"outcome":"' : `%{"guard":"${likeLiteral(guard)}","outcome":"`;
  return outcomes.map((o) => `${prefix}${o}"%`);
}
