/**
 * The bound on per-target state. Keys are the configured targets plus direct PROVIDER/MODEL calls,
 * whose model names the client chooses, so a hostile client could otherwise grow the maps without
 * end. Past the cap the maps start over, keeping only the entries that still matter (an open
 * breaker, an attempt in flight); that costs one scan per `max` new keys, nothing per request.
 */

/** How many targets the breakers and the statistics track at most, each. */
export const DEFAULT_MAX_KEYS = 10_000;

/**
 * Makes room for one more key: when `map` holds `max` entries, drops every entry `keep` does not
 * want, and everything if that is not enough (more than half would still be kept).
 */
export function makeRoom<V>(map: Map<string, V>, max: number, keep: (value: V) => boolean): void {
  if (map.size < max) return;
  for (const [key, value] of map) if (!keep(value)) map.delete(key);
  if (map.size >= max / 2) map.clear();
}
