/** The bench's first step: one request per target, so a misconfigured stack fails loudly instead of benchmarking error pages. */
import { at, type Sides } from './measurements.js';
import { openPool, timedRequest } from './probe.js';
import { CACHED_MODEL } from './processes.js';
import { aliasTarget, type Mode, type Route, responsesTarget, type Target } from './workload.js';

const MODES: readonly Mode[] = ['plain', 'stream'];

/** One request per target and mode (and the Responses API, and a cache hit on the cached alias); throws on the first failure. */
export async function smokeTest(targets: Record<Mode, Sides<Target>>, routes: readonly Route[]): Promise<void> {
  for (const mode of MODES) {
    for (const route of routes) {
      const t = at(targets[mode], route);
      const pool = openPool(t, 1);
      const timing = await timedRequest(pool, t, performance.now());
      await pool.close();
      if (!timing.ok || (mode === 'stream' && Number.isNaN(timing.firstDataMs))) throw new Error(`smoke test failed for ${route} ${mode} (${t.url})`);
    }
    const responses = responsesTarget(mode, at(targets[mode], 'gateway').origin, false);
    const pool = openPool(responses, 1);
    const timing = await timedRequest(pool, responses, performance.now());
    await pool.close();
    if (!timing.ok) throw new Error(`smoke test failed for the Responses API ${mode} (${responses.url})`);
    // The cached alias: the second identical call must be an exact hit, or its rows measure misses.
    const cached = aliasTarget(at(targets[mode], 'gateway'), CACHED_MODEL);
    let verdict: string | null = null;
    for (let i = 0; i < 2; i++) {
      const reply = await fetch(cached.url, { method: 'POST', headers: cached.headers, body: cached.body });
      await reply.arrayBuffer();
      verdict = reply.headers.get('x-switchboard-cache');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (verdict !== 'hit') throw new Error(`smoke test: the cached alias answered '${verdict}' to a repeat, not 'hit' (${mode})`);
  }
}
