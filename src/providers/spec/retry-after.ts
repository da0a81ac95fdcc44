/** Parsing of retry hints that upstreams send in headers. */

/**
 * Reads retry-after-ms, then retry-after (delta-seconds or an HTTP date), from lower-cased
 * headers. Returns whole seconds (at least 1 when a positive hint exists) or undefined.
 */
export function retryAfterFromHeaders(headers: Record<string, string>, now = Date.now()): number | undefined {
  const ms = headers['retry-after-ms'];
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.max(1, Math.ceil(Number(ms) / 1000));
  const value = headers['retry-after'];
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.max(0, Math.ceil(Number(trimmed)));
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** Parses a protobuf Duration string such as "37s" or "1.5s" into whole seconds. */
export function secondsFromDuration(duration: unknown): number | undefined {
  if (typeof duration !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?)s$/.exec(duration.trim());
  return match ? Math.ceil(Number(match[1])) : undefined;
}
