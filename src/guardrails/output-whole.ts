/**
 * Output guards that read the whole answer once it is complete: remote services (through their
 * timeout, failing closed unless told otherwise) and the json_schema check. They read the model's
 * own words (placeholders not yet restored), after the in-process guards rewrote them.
 */
import type { ChatRequest } from '../core/types.js';
import type { RequestContext } from '../pipeline/context.js';
import type { Logger } from '../pipeline/services.js';
import type { CompiledGuard } from './compiled-guard.js';
import type { Finding, RemoteEngine } from './engine.js';
import { checkJsonAnswer } from './json-answer.js';
import { checkRemote } from './remote-check.js';
import type { GuardState } from './request-state.js';
import { rewriteSpans, spansWithin } from './rewrite.js';
import { failureReason, unavailableError } from './verdicts.js';

/**
 * Runs the whole-answer guards over the answer's texts (the first is the answer text, the rest
 * tool-call arguments); returns them rewritten, or throws when a guard blocks or fails closed.
 */
export async function checkWholeAnswer(ctx: RequestContext, state: GuardState, texts: string[], logger: Logger): Promise<string[]> {
  let out = texts;
  for (const guard of state.guards.filter.whole) {
    const verdict = state.verdictOf(guard);
    let findings: Finding[][];
    const started = performance.now();
    try {
      findings =
        guard.engine.kind === 'json_schema'
          ? [checkJsonAnswer(ctx.request as ChatRequest, out[0] ?? ''), ...out.slice(1).map(() => [])]
          : await checkRemote(
              guard.engine as RemoteEngine,
              out.map((text) => ({ text, source: 'output' as const })),
              'output',
              ctx,
              guard.timeoutMs,
            );
    } catch (err) {
      const reason = failureReason(err);
      verdict.outcome = 'error';
      verdict.error = reason;
      verdict.ms = performance.now() - started;
      logger.warn({ requestId: ctx.id, guard: guard.name, stage: 'output', reason, failOpen: guard.failOpen }, 'guardrail failed');
      if (guard.failOpen) continue;
      ctx.answerAlteredBy ??= guard.name;
      throw unavailableError(ctx, guard.name, 'output', reason);
    }
    if (guard.engine.kind !== 'json_schema') verdict.ms = performance.now() - started;
    out = applyFindings(guard, state, out, findings);
  }
  return out;
}

function applyFindings(guard: CompiledGuard, state: GuardState, texts: string[], findings: Finding[][]): string[] {
  const all = findings.flat();
  if (all.length === 0) return texts;
  const verdict = state.verdictOf(guard);
  const counts = (verdict.findings ??= {});
  for (const f of all) counts[f.type] = (counts[f.type] ?? 0) + 1;
  if (guard.action === 'flag') {
    if (verdict.outcome === 'pass') verdict.outcome = 'flagged';
    return texts;
  }
  // A finding without a span cannot be rewritten away: a rewriting guard blocks on it too.
  if (guard.action === 'block' || all.some((f) => f.start === undefined)) {
    verdict.outcome = 'blocked';
    return state.block(guard, all);
  }
  verdict.outcome = 'redacted';
  state.altered(guard);
  const action = guard.action === 'tokenize' ? 'redact' : guard.action;
  return texts.map((text, i) => rewriteSpans(text, spansWithin(findings[i] ?? [], 0, text.length), action, state.rewriter));
}
