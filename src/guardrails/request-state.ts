/**
 * What the guardrails keep per request, in a context slot: the guards that apply, the tokenize
 * vault, the output verdicts, and (for streams) the held channels. Set by the input hook, read by
 * the output hook and the stream tap.
 */
import type { StreamEvent } from '../core/types.js';
import { type GuardVerdict, type RequestContext, slotKey } from '../pipeline/context.js';
import type { CompiledGuard } from './compiled-guard.js';
import type { Finding } from './engine.js';
import type { HeldText } from './held-text.js';
import type { ReleaseContext } from './output-filter.js';
import type { RequestGuards } from './request-guards.js';
import type { Rewriter } from './rewrite.js';
import { TokenVault } from './token-vault.js';
import { addVerdict, blockedError } from './verdicts.js';

/** One request's guard state. */
export interface GuardState extends ReleaseContext {
  guards: RequestGuards;
  vault?: TokenVault;
  /** Streams: the held channels by name (text, reasoning, tool:N). */
  channels?: Map<string, HeldText>;
  /** Streams with whole-answer guards: every event after start, held to the end. */
  queue?: StreamEvent[];
  /** Streams: whether this answer is held whole (decided at its first event). */
  holdAll?: boolean;
}

/** The guardrails' slot. */
export const GUARD_STATE = slotKey<GuardState>('guardrails.state');

/** Creates and stores the request's state. */
export function createGuardState(ctx: RequestContext, guards: RequestGuards, rewriter: Rewriter): GuardState {
  const verdicts = new Map<CompiledGuard, GuardVerdict>();
  const state: GuardState = {
    guards,
    rewriter,
    vault: guards.tokenizes ? new TokenVault() : undefined,
    verdictOf(guard) {
      let verdict = verdicts.get(guard);
      if (!verdict) {
        verdict = addVerdict(ctx, guard.name, 'output');
        verdicts.set(guard, verdict);
      }
      return verdict;
    },
    altered(guard) {
      ctx.answerAlteredBy ??= guard.name;
    },
    block(guard: CompiledGuard | undefined, findings: readonly Finding[]): never {
      const named = guard ?? guards.output[0];
      ctx.answerAlteredBy ??= named?.name ?? 'guardrails';
      if (!guard && named) {
        const verdict = state.verdictOf(named);
        verdict.outcome = 'blocked';
        verdict.error = 'the answer held back grew past its limit';
      }
      throw blockedError(ctx, named?.name ?? 'guardrails', 'output', findings);
    },
  };
  ctx.set(GUARD_STATE, state);
  return state;
}

/** Whether the answer passes through output processing: output guards, or values to restore. */
export function outputActive(state: GuardState | undefined): state is GuardState {
  return state !== undefined && (state.guards.output.length > 0 || (state.vault !== undefined && state.vault.size > 0));
}
