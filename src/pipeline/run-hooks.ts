/** Runs a phase's hooks in order, without a promise turn while the hooks finish synchronously. */
import type { RequestContext } from './context.js';
import type { Hook, PipelineResult } from './contract.js';

type Outcome<Res> = PipelineResult<Res> | undefined;

/**
 * The first early result a hook returns, or undefined when every hook let the request go on.
 * Synchronous (no promise at all) when every hook answers synchronously; a hook that throws
 * synchronously throws here too.
 */
export function runHooks<Req, Res>(hooks: readonly Hook<Req, Res>[], ctx: RequestContext<Req, Res>, from = 0): Outcome<Res> | Promise<Outcome<Res>> {
  for (let i = from; i < hooks.length; i++) {
    const result = hooks[i]!.run(ctx);
    if (result instanceof Promise) return result.then((early) => early ?? runHooks(hooks, ctx, i + 1));
    if (result) return result;
  }
  return undefined;
}
