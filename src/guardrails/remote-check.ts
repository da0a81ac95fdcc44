/**
 * Runs a remote guard's check with its timeout and the request's own cancellation. An engine that
 * ignores its signal still cannot hold the request: the wait ends at the timeout either way.
 */
import type { RequestContext } from '../pipeline/context.js';
import type { Finding, GuardText, RemoteEngine } from './engine.js';

/** Why a remote check gave no answer: a timeout, the request ending, or the engine's error. */
export class GuardFailure extends Error {}

/** The engine's findings per text, or a thrown GuardFailure. */
export async function checkRemote(
  engine: RemoteEngine,
  texts: readonly GuardText[],
  stage: 'input' | 'output',
  ctx: RequestContext,
  timeoutMs: number,
): Promise<Finding[][]> {
  const controller = new AbortController();
  let stop!: (reason: GuardFailure) => void;
  const stopped = new Promise<never>((_, reject) => {
    stop = reject;
  });
  const abort = (reason: GuardFailure) => {
    controller.abort(reason);
    stop(reason);
  };
  const timer = setTimeout(() => abort(new GuardFailure(`no answer within ${timeoutMs} ms`)), timeoutMs);
  const onRequestEnd = () => abort(new GuardFailure('the request ended'));
  ctx.signal.addEventListener('abort', onRequestEnd, { once: true });
  try {
    const findings = await Promise.race([engine.check(texts, { stage, signal: controller.signal, ctx }), stopped]);
    if (!Array.isArray(findings) || findings.length !== texts.length) throw new GuardFailure('the guard answered for a different number of texts');
    return findings;
  } catch (err) {
    if (err instanceof GuardFailure) throw err;
    throw new GuardFailure(err instanceof Error ? err.message : String(err));
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onRequestEnd);
    stopped.catch(() => {});
  }
}
