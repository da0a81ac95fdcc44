/**
 * Simulator scenarios: per-request instructions for fault injection and scripted replies.
 * They come from an `x-sim-scenario` header and from a `[[sim key=value ...]]` directive anywhere
 * in the last user message (so they pass through a gateway that does not forward headers). When
 * both are given they are merged, the header winning on a key both set: a provider configured
 * with `headers: { x-sim-scenario: "chaos=0.3" }` stays chaotic while each request names its `id`.
 *
 * Keys: fault=429|400|401|403|404|500|502|503|529|hang|reset|cut|cut0|context_window|content_filter,
 * retry_after=SECONDS, latency_ms=N (before the response), ttft_ms=N (before the first streamed
 * token), token_ms=N (between streamed tokens), reply=TEXT (use _ for spaces), tool=NAME[,NAME...]
 * (call these tools), cached=N (cached input tokens), cut_after=N (frames before a cut),
 * huge_body=N (answer with an N-byte JSON body, with fault's status if it is one),
 * id=NAME (tally requests by this name), fail_times=N (with id: only the first N requests fail),
 * chaos=RATE (0..1: fail this share of requests), chaos_mix=F[,F...] (the faults chaos draws
 * from), chaos_seed=N (seed of chaos's random draws).
 */

/** A parsed scenario. */
export interface Scenario {
  fault?: string;
  retryAfter?: number;
  latencyMs: number;
  ttftMs: number;
  tokenMs: number;
  reply?: string;
  tools?: string[];
  cachedTokens: number;
  cutAfter?: number;
  hugeBody?: number;
  /** Names the request for the tally and for fail_times. */
  id?: string;
  /** With id: the first failTimes requests of that id get `fault`, later ones succeed. */
  failTimes?: number;
  /** Share of requests (0..1) that fail with a fault drawn from chaosMix. */
  chaos?: number;
  chaosMix?: string[];
  chaosSeed?: number;
}

/** What chaos draws from when chaos_mix is not given: the failures a busy provider really shows. */
export const DEFAULT_CHAOS_MIX: readonly string[] = ['429', '500', '529', 'hang', 'cut0'];

/** Longest accepted id: ids are map keys of a bounded tally, so a hostile client cannot send megabyte names. */
export const MAX_ID_LENGTH = 128;

const ID = /^[A-Za-z0-9_.:-]+$/;
const NAMED_FAULTS = new Set(['hang', 'reset', 'cut', 'cut0', 'context_window', 'content_filter']);
const DIRECTIVE = /\[\[sim([^\]]*)\]\]/;

/** Whether `fault` names a fault chaos can inject: an error status or one of the named faults. */
export function isChaosFault(fault: string): boolean {
  if (NAMED_FAULTS.has(fault)) return true;
  const status = Number(fault);
  return Number.isInteger(status) && status >= 400 && status <= 599;
}

/** Parses `key=value` pairs into a Scenario; a later pair overrides an earlier one. Unknown keys are ignored. */
export function parseScenario(spec: string | undefined): Scenario {
  const scenario: Scenario = { latencyMs: 0, ttftMs: 0, tokenMs: 0, cachedTokens: 0 };
  if (!spec) return scenario;
  for (const pair of spec.trim().split(/[\s;]+/)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const num = Number(value);
    switch (key) {
      case 'fault':
        scenario.fault = value;
        break;
      case 'retry_after':
        if (Number.isFinite(num)) scenario.retryAfter = num;
        break;
      case 'latency_ms':
        if (Number.isFinite(num)) scenario.latencyMs = num;
        break;
      case 'ttft_ms':
        if (Number.isFinite(num)) scenario.ttftMs = num;
        break;
      case 'token_ms':
        if (Number.isFinite(num)) scenario.tokenMs = num;
        break;
      case 'reply':
        scenario.reply = value.replace(/_/g, ' ');
        break;
      case 'tool':
        scenario.tools = value.split(',').filter(Boolean);
        break;
      case 'cached':
        if (Number.isFinite(num)) scenario.cachedTokens = num;
        break;
      case 'cut_after':
        if (Number.isFinite(num)) scenario.cutAfter = num;
        break;
      case 'huge_body':
        if (Number.isSafeInteger(num) && num >= 0) scenario.hugeBody = num;
        break;
      case 'id':
        if (value.length <= MAX_ID_LENGTH && ID.test(value)) scenario.id = value;
        break;
      case 'fail_times':
        if (Number.isSafeInteger(num) && num >= 0) scenario.failTimes = num;
        break;
      case 'chaos':
        if (value !== '' && num >= 0 && num <= 1) scenario.chaos = num;
        break;
      case 'chaos_mix': {
        const mix = value.split(',').filter(isChaosFault);
        if (mix.length > 0) scenario.chaosMix = mix;
        break;
      }
      case 'chaos_seed':
        if (value !== '' && Number.isSafeInteger(num)) scenario.chaosSeed = num;
        break;
    }
  }
  return scenario;
}

/** Finds the directive in a text; returns its spec and the text without it. */
export function extractDirective(text: string): { spec?: string; text: string } {
  const match = DIRECTIVE.exec(text);
  if (!match) return { text };
  return { spec: match[1], text: (text.slice(0, match.index) + text.slice(match.index + match[0].length)).trim() };
}

/** The spec of a request: the directive's pairs, then the header's, so the header wins a key both set. */
export function mergeSpecs(directive: string | undefined, header: string | undefined): string | undefined {
  if (directive === undefined || header === undefined) return header ?? directive;
  return `${directive} ${header}`;
}
