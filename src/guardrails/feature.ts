/**
 * The guardrails as the plan builder sees them: a `check input` hook, a `check output` hook for
 * answers that are not streamed, and a stream tap, over the guards compiled once at start (and a
 * team's or project's own list, compiled once per list). Also a redactor the request log and
 * traces use, so what they keep has the PII guards' findings removed.
 */
import type { Hook, StreamTap } from '../pipeline/contract.js';
import type { CallerIdentity, RequestContext } from '../pipeline/context.js';
import type { Logger } from '../pipeline/services.js';
import type { CompiledGuard } from './compiled-guard.js';
import type { LocalEngine } from './engine.js';
import { inputHook } from './input-hook.js';
import { outputHook } from './output-hook.js';
import { outputTap } from './output-tap.js';
import { GuardSelector } from './request-guards.js';
import { type Rewriter, rewriteSpans, spansWithin } from './rewrite.js';

/** What the guardrails are built from. */
export interface GuardrailsDeps {
  /** The config's guards, compiled (compile.ts). */
  guards: readonly CompiledGuard[];
  /** The caller's team and project lists, the same array objects until they change; none: []. */
  tenantLists(identity: CallerIdentity | undefined): readonly (readonly unknown[])[];
  /** Compiles one tenant list; a list that cannot compile must come back as a guard that blocks. */
  compileTenant(list: readonly unknown[]): readonly CompiledGuard[];
  rewriter: Rewriter;
  logger: Logger;
}

/** The guardrails' hooks and tap. */
export interface GuardrailsFeature {
  hooks: { checkInput: Hook; checkOutput: Hook };
  taps: readonly StreamTap[];
  /** Replaces what the config's in-process PII guards find with labels; undefined when there is none. */
  redactForRecords?: (text: string) => string;
}

/** The alias a request named: the model group it routed to, else the model as sent. */
function aliasOf(ctx: RequestContext): string {
  return ctx.route?.group.name ?? ctx.modelRequested;
}

/** Builds the feature. */
export function createGuardrailsFeature(deps: GuardrailsDeps): GuardrailsFeature {
  const selector = new GuardSelector(deps.guards, deps.tenantLists, deps.compileTenant);
  const select = (ctx: RequestContext) => selector.select(ctx.identity, aliasOf(ctx));
  const piiEngines = deps.guards.filter((g) => g.type === 'pii' && g.engine.kind === 'local').map((g) => g.engine as LocalEngine);
  return {
    hooks: {
      checkInput: inputHook({ select, rewriter: deps.rewriter, logger: deps.logger }) as Hook,
      checkOutput: outputHook(deps.logger) as Hook,
    },
    taps: [outputTap(deps.logger)],
    redactForRecords: piiEngines.length === 0 ? undefined : (text) => redactWith(piiEngines, text, deps.rewriter),
  };
}

function redactWith(engines: readonly LocalEngine[], text: string, rewriter: Rewriter): string {
  let out = text;
  for (const engine of engines) {
    const findings = engine.scan(out, 'output');
    if (findings.length > 0) out = rewriteSpans(out, spansWithin(findings, 0, out.length), 'redact', rewriter);
  }
  return out;
}
