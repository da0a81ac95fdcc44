/**
 * The `check input` hook: the request's guards read its texts (by source) in config order. The
 * in-process ones run first and synchronously (a request with only those takes no promise turn),
 * so the remote ones see text already redacted (a value a PII guard removed never reaches a
 * third-party service). A block ends the request with 400 guardrail_blocked; a guard that fails
 * blocks with 503 guardrail_unavailable unless it fails open; both name the guard in a header.
 */
import type { ChatRequest, ChatResponse } from '../core/types.js';
import type { Hook } from '../pipeline/contract.js';
import type { RequestContext } from '../pipeline/context.js';
import type { Logger } from '../pipeline/services.js';
import type { CompiledGuard } from './compiled-guard.js';
import type { Finding, LocalEngine, RemoteEngine } from './engine.js';
import { isExemptFromGuardrails } from './exempt.js';
import { checkRemote } from './remote-check.js';
import { SEGMENT_CHARS, scanSegmented } from './segmented-scan.js';
import type { RequestGuards } from './request-guards.js';
import { createGuardState, type GuardState } from './request-state.js';
import { type RequestText, requestTexts, withTexts } from './request-texts.js';
import { type Rewriter, rewriteSpans, spansWithin } from './rewrite.js';
import { addVerdict, blockedError, countFindings, failureReason, unavailableError } from './verdicts.js';

/** What the input hook needs. */
export interface InputHookDeps {
  select(ctx: RequestContext): RequestGuards | undefined;
  rewriter: Rewriter;
  logger: Logger;
}

type Ctx = RequestContext<ChatRequest, ChatResponse>;

/** Builds the check-input hook. */
export function inputHook(deps: InputHookDeps): Hook<ChatRequest, ChatResponse> {
  return {
    name: 'guardrails-input',
    run(ctx) {
      if (isExemptFromGuardrails(ctx as RequestContext)) return undefined;
      const guards = deps.select(ctx as RequestContext);
      if (!guards) return undefined;
      const state = createGuardState(ctx as RequestContext, guards, deps.rewriter);
      if (guards.input.length === 0) return undefined;
      const texts = requestTexts(ctx.request);
      const remote = guards.input.filter((g) => g.engine.kind === 'remote');
      if (texts.some((t) => t.text.length > SEGMENT_CHARS)) return runLong(ctx, guards.input, remote, texts, state, deps);
      for (const guard of guards.input) if (guard.engine.kind === 'local') runLocal(ctx, guard, guard.engine, texts, state, deps);
      if (remote.length === 0) return finish(ctx, texts, state);
      return runRemotes(ctx, remote, texts, state, deps).then(() => finish(ctx, texts, state));
    },
  };
}

function finish(ctx: Ctx, texts: RequestText[], state: GuardState): undefined {
  ctx.request = withTexts(ctx.request, texts);
  // Restored answers hold the caller's own values: never stored for anyone else.
  if (state.vault && state.vault.size > 0) ctx.answerAlteredBy ??= 'guardrails:tokenize';
  return undefined;
}

/** A request with a long text: the same checks, with long texts scanned in segments across event-loop turns. */
async function runLong(ctx: Ctx, input: readonly CompiledGuard[], remote: CompiledGuard[], texts: RequestText[], state: GuardState, deps: InputHookDeps) {
  for (const guard of input) {
    if (guard.engine.kind !== 'local') continue;
    const engine = guard.engine;
    const found = new Map<RequestText, Finding[]>();
    try {
      for (const text of texts) if (guard.sources.has(text.source)) found.set(text, await scanSegmented(engine, text.text, text.source));
    } catch (err) {
      failed(ctx, guard, addVerdict(ctx as RequestContext, guard.name, 'input'), err, deps);
      continue;
    }
    runLocal(ctx, guard, engine, texts, state, deps, (text) => found.get(text) ?? []);
  }
  if (remote.length > 0) await runRemotes(ctx, remote, texts, state, deps);
  return finish(ctx, texts, state);
}

function runLocal(
  ctx: Ctx,
  guard: CompiledGuard,
  engine: LocalEngine,
  texts: RequestText[],
  state: GuardState,
  deps: InputHookDeps,
  scanned?: (text: RequestText) => Finding[],
): void {
  const verdict = addVerdict(ctx as RequestContext, guard.name, 'input');
  const found: Finding[] = [];
  for (const text of texts) {
    if (!guard.sources.has(text.source)) continue;
    let findings: Finding[];
    try {
      findings = scanned ? scanned(text) : engine.scan(text.text, text.source);
    } catch (err) {
      failed(ctx, guard, verdict, err, deps);
      return;
    }
    if (findings.length === 0) continue;
    found.push(...findings);
    if (guard.action === 'block' || guard.action === 'flag') continue;
    text.text = rewriteSpans(text.text, spansWithin(findings, 0, text.text.length), guard.action, deps.rewriter, state.vault);
    text.changed = true;
  }
  settleVerdict(ctx, guard, verdict, found);
}

/** Remote guards: the rewriting ones one after another (each sees the last one's text), the others together. */
async function runRemotes(ctx: Ctx, guards: CompiledGuard[], texts: RequestText[], state: GuardState, deps: InputHookDeps): Promise<void> {
  const rewriting = guards.filter((g) => g.action === 'redact' || g.action === 'mask' || g.action === 'tokenize');
  for (const guard of rewriting) await runRemote(ctx, guard, texts, state, deps);
  const checking = guards.filter((g) => !rewriting.includes(g));
  if (checking.length === 0) return;
  const outcomes = await Promise.allSettled(checking.map((guard) => runRemote(ctx, guard, texts, state, deps)));
  // Report the first guard in config order that blocked or failed closed.
  for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
}

async function runRemote(ctx: Ctx, guard: CompiledGuard, texts: RequestText[], state: GuardState, deps: InputHookDeps): Promise<void> {
  const verdict = addVerdict(ctx as RequestContext, guard.name, 'input');
  const read = texts.filter((t) => guard.sources.has(t.source));
  if (read.length === 0) return;
  const started = performance.now();
  let findings: Finding[][];
  try {
    findings = await checkRemote(guard.engine as RemoteEngine, read, 'input', ctx as RequestContext, guard.timeoutMs);
  } catch (err) {
    verdict.ms = performance.now() - started;
    failed(ctx, guard, verdict, err, deps);
    return;
  }
  verdict.ms = performance.now() - started;
  const found: Finding[] = [];
  for (let i = 0; i < read.length; i++) {
    const text = read[i]!;
    const own = findings[i] ?? [];
    if (own.length === 0) continue;
    found.push(...own);
    if (guard.action === 'block' || guard.action === 'flag') continue;
    const spans = spansWithin(own, 0, text.text.length);
    // A rewriting guard that found something it cannot locate must not let it through.
    if (spans.length < own.length && own.some((f) => f.start === undefined)) {
      verdict.outcome = 'blocked';
      countFindings(verdict, found);
      throw blockedError(ctx as RequestContext, guard.name, 'input', own);
    }
    text.text = rewriteSpans(text.text, spans, guard.action, deps.rewriter, state.vault);
    text.changed = true;
  }
  settleVerdict(ctx, guard, verdict, found);
}

function settleVerdict(ctx: Ctx, guard: CompiledGuard, verdict: ReturnType<typeof addVerdict>, found: Finding[]): void {
  if (found.length === 0) return;
  countFindings(verdict, found);
  if (guard.action === 'block') {
    verdict.outcome = 'blocked';
    throw blockedError(ctx as RequestContext, guard.name, 'input', found);
  }
  verdict.outcome = guard.action === 'flag' ? 'flagged' : 'redacted';
}

function failed(ctx: Ctx, guard: CompiledGuard, verdict: ReturnType<typeof addVerdict>, err: unknown, deps: InputHookDeps): void {
  const reason = failureReason(err);
  verdict.outcome = 'error';
  verdict.error = reason;
  deps.logger.warn({ requestId: ctx.id, guard: guard.name, stage: 'input', reason, failOpen: guard.failOpen }, 'guardrail failed');
  if (!guard.failOpen) throw unavailableError(ctx as RequestContext, guard.name, 'input', reason);
}
