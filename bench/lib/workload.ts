/** The request the benchmark sends, addressed either straight to the simulator or through the gateway. */
import { BENCH_MODEL, SIM_KEY, UPSTREAM_MODEL } from './processes.js';

/** Where a request goes. */
export type Route = 'direct' | 'gateway';
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

/** Builds the chat request for a route and mode; the same bytes apart from the model name. */
export function target(route: Route, mode: Mode, urls: { simulator: string; gateway: string }): Target {
  const origin = route === 'direct' ? urls.simulator : urls.gateway;
  const path = '/v1/chat/completions';
  const body = JSON.stringify({
    model: route === 'direct' ? UPSTREAM_MODEL : BENCH_MODEL,
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
