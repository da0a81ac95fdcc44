/** Runs a phase's hooks in order, without a promise turn for the hooks that finish synchronously. */
import type { RequestContext } from './context.js';
import type { Hook, PipelineResult } from './contract.js';

/** The first early result a hook returns, or undefined when every hook let the request go on. */
export async function runHooks<Req, Res>(hooks: readonly Hook<Req, Res>[], ctx: RequestContext<Req, Res>): Promise<PipelineResult<Res> | undefined> {
  for (const hook of hooks) {
    let result = hook.run(ctx);
    if (result instanceof Promise) result = await result;
    if (result) return result;
  }
  return undefined;
}
