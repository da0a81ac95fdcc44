/**
 * The output guards of one request, compiled once per guard list: how many characters a stream
 * must hold back (the longest span any in-process guard can find), whether the answer must be held
 * whole (a remote guard, a json_schema check, a detector that needs the whole text), and the step
 * that releases held text: it scans, blocks, counts and rewrites what is safe to send.
 */
import type { GuardVerdict } from '../pipeline/context.js';
import type { CompiledGuard } from './compiled-guard.js';
import type { Finding, LocalEngine } from './engine.js';
import type { Rewriter } from './rewrite.js';
import type { TokenVault } from './token-vault.js';

/** An in-process output guard with its engine typed. */
export interface LocalOutputGuard {
  guard: CompiledGuard;
  engine: LocalEngine;
}

/** What a request's output guards need, computed once per guard list. */
export interface OutputFilter {
  local: readonly LocalOutputGuard[];
  /** Guards that run on the whole answer once it is complete (remote services, json_schema). */
  whole: readonly CompiledGuard[];
  /** Characters a stream holds back for the in-process guards. */
  window: number;
  /** The answer must be held to its end (a whole-answer guard, or an engine without a bound). */
  holdAll: boolean;
}

/** Compiles the output side of a guard list. */
export function compileOutputFilter(guards: readonly CompiledGuard[]): OutputFilter {
  const local: LocalOutputGuard[] = [];
  const whole: CompiledGuard[] = [];
  let window = 0;
  let unbounded = false;
  for (const guard of guards) {
    if (!guard.output) continue;
    if (guard.engine.kind === 'local') {
      local.push({ guard, engine: guard.engine });
      if (Number.isFinite(guard.engine.maxSpanChars)) window = Math.max(window, guard.engine.maxSpanChars);
      else unbounded = true;
    } else whole.push(guard);
  }
  return { local, whole, window, holdAll: unbounded || whole.length > 0 };
}

/** What releasing needs from the request: its verdicts per guard, its vault and rewriter. */
export interface ReleaseContext {
  verdictOf(guard: CompiledGuard): GuardVerdict;
  /**
   * Throws the error that ends the request (or stream) when a guard blocks; undefined: the answer
   * held more than a channel may while a match stayed open.
   */
  block(guard: CompiledGuard | undefined, findings: readonly Finding[]): never;
  /** A guard rewrote the answer: the cache must not keep it. */
  altered(guard: CompiledGuard): void;
  rewriter: Rewriter;
  vault?: TokenVault;
}

/** A span to rewrite, with the action of the guard that found it. */
interface Rewrite {
  start: number;
  end: number;
  type: string;
  guard: CompiledGuard;
}

/**
 * Releases the part of `scan` from `base` that is safe to send: everything when `final`, else up to
 * the window's edge, moved back before any finding that reaches the edge or the end (it may still
 * grow) and before any match an engine says is still open. In-process guards run over the whole of
 * `scan` (`base` characters of already-sent context first, for look-behind); a block throws,
 * flags and rewrites are applied to the released part. Returns the released text (rewritten) and
 * how far it reached in `scan`.
 */
export function releaseHeld(filter: OutputFilter, scan: string, base: number, final: boolean, rc: ReleaseContext): { text: string; cut: number } {
  let cut = final ? scan.length : scan.length - filter.window;
  if (cut <= base) return { text: '', cut: base };
  const found: Finding[][] = [];
  for (const { engine } of filter.local) {
    const findings = engine.scan(scan, 'output');
    found.push(findings);
    if (final) continue;
    const pending = engine.pendingFrom?.(scan);
    if (pending !== undefined && pending < cut) cut = pending;
    for (const f of findings) {
      if (f.start === undefined || f.end === undefined || f.end <= base) continue;
      if ((f.start < cut && f.end > cut) || f.end >= scan.length) cut = Math.min(cut, f.start);
    }
  }
  if (cut <= base) return { text: '', cut: base };
  const rewrites: Rewrite[] = [];
  for (let g = 0; g < filter.local.length; g++) {
    const { guard } = filter.local[g]!;
    const released = found[g]!.filter((f) => (f.start === undefined ? true : f.end! > base && f.start < cut));
    if (released.length === 0) continue;
    const verdict = rc.verdictOf(guard);
    countInto(verdict, released);
    if (guard.action === 'block') {
      verdict.outcome = 'blocked';
      rc.block(guard, released);
    }
    if (guard.action === 'flag') {
      if (verdict.outcome === 'pass') verdict.outcome = 'flagged';
      continue;
    }
    verdict.outcome = 'redacted';
    rc.altered(guard);
    for (const f of released)
      if (f.start !== undefined && f.end !== undefined) rewrites.push({ start: Math.max(f.start, base), end: Math.min(f.end, cut), type: f.type, guard });
  }
  return { text: applyRewrites(scan, base, cut, rewrites, rc), cut };
}

function countInto(verdict: GuardVerdict, findings: readonly Finding[]): void {
  const counts = (verdict.findings ??= {});
  for (const f of findings) {
    counts[f.type] = (counts[f.type] ?? 0) + 1;
    if (f.score !== undefined && (verdict.score === undefined || f.score > verdict.score)) verdict.score = f.score;
  }
}

/** `scan[base, cut)` with the rewrites applied (sorted; an overlap keeps the earlier, longer one). */
function applyRewrites(scan: string, base: number, cut: number, rewrites: Rewrite[], rc: ReleaseContext): string {
  if (rewrites.length === 0) return scan.slice(base, cut);
  rewrites.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = base;
  for (const r of rewrites) {
    if (r.start < at || r.end <= r.start) continue;
    out += scan.slice(at, r.start);
    out += replacement(r, scan.slice(r.start, r.end), rc);
    at = r.end;
  }
  return out + scan.slice(at, cut);
}

function replacement(r: Rewrite, value: string, rc: ReleaseContext): string {
  // Values the model wrote itself are not the caller's: tokenize redacts them (nothing to restore).
  if (r.guard.action === 'mask') return rc.rewriter.mask(r.type, value);
  return rc.rewriter.label(r.type);
}
