/**
 * Providers' rate-limit response headers, read into dimensions (limit, remaining, reset) for the
 * `headroom` strategy. Two families are known (docs/providers, shared/providers):
 *
 * - OpenAI, Azure OpenAI, Groq and other OpenAI-compatible servers:
 *   `x-ratelimit-{limit,remaining,reset}-{requests,tokens}`, where reset is a Go-style duration
 *   from the response (`1s`, `6m0s`, `120ms`, `2m59.56s`);
 * - Anthropic: `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{limit,remaining,reset}`,
 *   where reset is an RFC 3339 time.
 *
 * Header names are looked up lower-case, as the HTTP client hands them over. Unknown headers and
 * unreadable values are ignored (Azure has been seen sending -1): a dimension counts only with a
 * positive limit and a remaining count.
 */

/** One limit a provider reported. */
export interface RateLimitDimension {
  /** `requests`, `tokens`, `input-tokens` or `output-tokens`. */
  name: string;
  limit: number;
  remaining: number;
  /** When the limit is full again, ms since the epoch; undefined when the provider did not say. */
  resetAt?: number;
}

/** How long a dimension without a reset time is believed (provider windows are a minute or less). */
export const UNDATED_HEADROOM_MS = 60_000;

const OPENAI_DIMENSIONS = ['requests', 'tokens'] as const;
const ANTHROPIC_DIMENSIONS = ['requests', 'tokens', 'input-tokens', 'output-tokens'] as const;

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1, us: 0.001, µs: 0.001, μs: 0.001, ns: 0.000001 };
const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(h|ms|m|s|us|µs|μs|ns)/y;
const NUMBER = /^\d+(?:\.\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}T/;

/** A Go-style duration (`1h2m3.5s`, `120ms`, `0s`) in ms; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  if (text.length === 0 || text.length > 64) return undefined;
  let total = 0;
  DURATION_PART.lastIndex = 0;
  while (DURATION_PART.lastIndex < text.length) {
    const at = DURATION_PART.lastIndex;
    const match = DURATION_PART.exec(text);
    if (match === null || match.index !== at) return undefined;
    total += Number(match[1]) * UNIT_MS[match[2]!]!;
  }
  return total;
}

/** A reset value as an absolute time: an RFC 3339 time, a duration from `receivedAt`, or bare seconds from it. */
export function parseReset(value: string, receivedAt: number): number | undefined {
  const text = value.trim();
  if (DATE.test(text)) {
    const at = Date.parse(text);
    return Number.isFinite(at) ? at : undefined;
  }
  if (NUMBER.test(text)) return receivedAt + Number(text) * 1_000;
  const ms = parseDuration(text);
  return ms === undefined ? undefined : receivedAt + ms;
}

function count(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.trim());
  return Number.isFinite(n) && value.trim() !== '' ? n : undefined;
}

function dimension(
  name: string,
  limit: string | undefined,
  remaining: string | undefined,
  reset: string | undefined,
  receivedAt: number,
): RateLimitDimension | undefined {
  const l = count(limit);
  const r = count(remaining);
  if (l === undefined || r === undefined || l <= 0 || r < 0) return undefined;
  const resetAt = reset === undefined ? undefined : parseReset(reset, receivedAt);
  return resetAt === undefined ? { name, limit: l, remaining: r } : { name, limit: l, remaining: r, resetAt };
}

/** The rate-limit dimensions in a response's headers (lower-case names), received at `receivedAt` (ms since the epoch). */
export function parseRateLimits(headers: Readonly<Record<string, string | undefined>>, receivedAt: number): RateLimitDimension[] {
  const out: RateLimitDimension[] = [];
  for (const name of OPENAI_DIMENSIONS) {
    const d = dimension(name, headers[`x-ratelimit-limit-${name}`], headers[`x-ratelimit-remaining-${name}`], headers[`x-ratelimit-reset-${name}`], receivedAt);
    if (d) out.push(d);
  }
  for (const name of ANTHROPIC_DIMENSIONS) {
    const base = `anthropic-ratelimit-${name}`;
    const d = dimension(name, headers[`${base}-limit`], headers[`${base}-remaining`], headers[`${base}-reset`], receivedAt);
    if (d) out.push(d);
  }
  return out;
}

/**
 * The headroom the dimensions leave at `now`: the smallest remaining/limit (0..1) among those
 * still current. A dimension past its reset has refilled and says nothing; one without a reset is
 * believed for UNDATED_HEADROOM_MS after `receivedAt`. Undefined when none is current.
 */
export function headroomOf(dimensions: readonly RateLimitDimension[], receivedAt: number, now: number): number | undefined {
  let least: number | undefined;
  for (const d of dimensions) {
    const current = d.resetAt === undefined ? now - receivedAt < UNDATED_HEADROOM_MS : now < d.resetAt;
    if (!current) continue;
    const ratio = Math.min(1, d.remaining / d.limit);
    if (least === undefined || ratio < least) least = ratio;
  }
  return least;
}
