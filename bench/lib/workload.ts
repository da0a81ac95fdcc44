/** The request the benchmark sends, addressed straight to the simulator, through the gateway or through nginx. */
import { BENCH_MODEL, SIM_KEY, UPSTREAM_MODEL } from './processes.js';

/** Where a request goes: straight to the simulator, or through a proxy in front of it. */
export type Route = 'direct' | 'gateway' | 'nginx' | 'baseline' | 'quiet' | 'observed';
/** Whether the answer is streamed (SSE) or one JSON body. */
export type Mode = 'plain' | 'stream';

/** One fully described HTTP request. */
export interface Target {
  route: Route;
  mode: Mode;
  origin: string;
  path: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Builds the chat request for a route and mode; the same bytes apart from the model name (nginx passes the upstream's name through). */
export function target(
  route: Route,
  mode: Mode,
  urls: { simulator: string; gateway: string; nginx?: string; baseline?: string; quiet?: string; observed?: string },
): Target {
  const origin = route === 'direct' ? urls.simulator : urls[route];
  if (!origin) throw new Error(`no URL for route ${route}`);
  const path = '/v1/chat/completions';
  const body = JSON.stringify({
    model: route === 'direct' || route === 'nginx' ? UPSTREAM_MODEL : BENCH_MODEL,
    messages: [
      { role: 'system', content: 'You are a terse assistant.' },
      { role: 'user', content: 'Say hello to the benchmark in a few words.' },
    ],
    max_tokens: 64,
    ...(mode === 'stream' ? { stream: true, stream_options: { include_usage: true } } : {}),
  });
  // The gateway runs in open mode (no admin_key), so the key only matters to the simulator;
  // sending it both ways keeps the two requests the same size.
  return {
    route,
    mode,
    origin,
    path,
    url: origin + path,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${SIM_KEY}` },
    body,
  };
}

/**
 * The same call as the gateway's chat target, in the Responses API's format (POST /v1/responses):
 * the same instructions, prompt and output cap, stored or not. The gateway's route key stays
 * 'gateway', since it is the same process whose CPU is measured.
 */
export function responsesTarget(mode: Mode, gatewayUrl: string, store: boolean): Target {
  const path = '/v1/responses';
  const body = JSON.stringify({
    model: BENCH_MODEL,
    instructions: 'You are a terse assistant.',
    input: 'Say hello to the benchmark in a few words.',
    max_output_tokens: 64,
    store,
    ...(mode === 'stream' ? { stream: true } : {}),
  });
  return {
    route: 'gateway',
    mode,
    origin: gatewayUrl,
    path,
    url: gatewayUrl + path,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${SIM_KEY}` },
    body,
  };
}

/** The same gateway call made with a virtual key (its limits and budgets apply); same process, so still the 'gateway' route. */
export function governedTarget(gateway: Target, key: string): Target {
  return { ...gateway, headers: { ...gateway.headers, authorization: `Bearer ${key}` } };
}

/** The same gateway call addressed to another alias (the routing comparisons). */
export function aliasTarget(gateway: Target, model: string): Target {
  const body = JSON.parse(gateway.body) as Record<string, unknown>;
  return { ...gateway, body: JSON.stringify({ ...body, model }) };
}
