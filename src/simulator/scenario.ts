/**
 * Simulator scenarios: per-request instructions for fault injection and scripted replies.
 * They come from an `x-sim-scenario` header or from a `[[sim key=value ...]]` directive anywhere
 * in the last user message (so they pass through a gateway that does not forward headers).
 *
 * Keys: fault=429|400|401|403|404|500|502|503|529|hang|reset|cut, retry_after=SECONDS,
 * latency_ms=N (before the response), ttft_ms=N (before the first streamed token),
 * token_ms=N (between streamed tokens), reply=TEXT (use _ for spaces), tool=NAME[,NAME...]
 * (call these tools), cached=N (cached input tokens), cut_after=N (frames before a cut),
 * huge_body=N (answer with an N-byte JSON body, with fault's status if it is one).
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
}

const DIRECTIVE = /\[\[sim([^\]]*)\]\]/;

/** Parses `key=value` pairs into a Scenario. Unknown keys are ignored. */
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
