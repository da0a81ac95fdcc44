/**
 * W3C Trace Context: the `traceparent` a client sends (strictly validated: a bad header starts a
 * new trace instead of joining a wrong one) and the one sent upstream with each attempt.
 * https://www.w3.org/TR/trace-context/#traceparent-header
 */

/** A parsed traceparent. */
export interface ParentContext {
  traceId: string;
  spanId: string;
  sampled: boolean;
  /** The client's tracestate, kept as sent (passed on, never interpreted). */
  traceState?: string;
}

// version-traceid-parentid-flags; version 00 has exactly these four fields, later versions may add more after a dash.
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE = '00000000000000000000000000000000';
const ZERO_SPAN = '0000000000000000';
/** The spec's limit on tracestate: 32 members of at most 256 bytes each; longer is dropped, not cut. */
const MAX_TRACESTATE = 32 * 257;
const TRACESTATE = /^[\x20-\x7e]*$/;

/** The header's one value: a repeated traceparent is invalid; repeated tracestate headers are joined. */
function single(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Parses traceparent (and keeps tracestate); undefined when absent or invalid in any way. */
export function parseTraceparent(header: string | string[] | undefined, state?: string | string[]): ParentContext | undefined {
  const value = single(header);
  if (value === undefined || value.length < 55) return undefined;
  const match = TRACEPARENT.exec(value.trim());
  if (!match) return undefined;
  const [, version, traceId, spanId, flags, rest] = match as unknown as [string, string, string, string, string, string | undefined];
  // ff is forbidden; version 00 allows nothing after the flags.
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  const parent: ParentContext = { traceId, spanId, sampled: (Number.parseInt(flags, 16) & 1) === 1 };
  const traceState = Array.isArray(state) ? state.join(',') : state;
  if (traceState && traceState.length <= MAX_TRACESTATE && TRACESTATE.test(traceState)) parent.traceState = traceState.trim();
  return parent;
}

/** The traceparent value for a span (version 00, sampled: only sampled spans are ever sent). */
export function formatTraceparent(traceId: string, spanId: string): string {
  return `00-${traceId}-${spanId}-01`;
}
