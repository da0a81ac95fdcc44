/** OpenAI's x-ratelimit-* response headers, from the tightest request and token counters that apply. */
import type { RateCounter, RateState } from './counters/contract.js';

/** A reset delay the way OpenAI writes it: "250ms", "12s", "1m5s". */
export function formatReset(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.ceil(ms))}ms`;
  const seconds = Math.ceil(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes}m${seconds % 60}s` : `${seconds}s`;
}

/** Sets the headers for the rpm and tpm counters (the one with least room of each kind). */
export function setRateHeaders(headers: Record<string, string | number>, counters: readonly RateCounter[], states: readonly RateState[]): void {
  let requests: RateState | undefined;
  let tokens: RateState | undefined;
  for (let i = 0; i < counters.length; i++) {
    const state = states[i];
    if (!state) continue;
    const kind = counters[i]!.kind;
    if (kind === 'rpm' && (!requests || state.remaining < requests.remaining)) requests = state;
    else if (kind === 'tpm' && (!tokens || state.remaining < tokens.remaining)) tokens = state;
  }
  if (requests) {
    headers['x-ratelimit-limit-requests'] = requests.limit;
    headers['x-ratelimit-remaining-requests'] = requests.remaining;
    headers['x-ratelimit-reset-requests'] = formatReset(requests.resetMs);
  }
  if (tokens) {
    headers['x-ratelimit-limit-tokens'] = tokens.limit;
    headers['x-ratelimit-remaining-tokens'] = tokens.remaining;
    headers['x-ratelimit-reset-tokens'] = formatReset(tokens.resetMs);
  }
}
