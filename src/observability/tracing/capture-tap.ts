/**
 * The stream tap that assembles a streamed answer's text and tool calls for content capture. It is
 * in the plan only when capture_content is on for someone, and it copies nothing unless the
 * request is sampled and captured for its team.
 */
import type { Config } from '../../config/schema.js';
import type { StreamTap } from '../../pipeline/contract.js';
import { requestTraceSlot } from './request-trace.js';

const captureTap: StreamTap = {
  name: 'trace-content',
  onEvent(event, ctx) {
    const trace = ctx.get(requestTraceSlot);
    if (!trace?.capture) return undefined;
    const out = (trace.streamed ??= { text: '', toolCalls: [] });
    if (event.type === 'text') out.text += event.text;
    else if (event.type === 'tool_call_start') out.toolCalls[event.index] = { id: event.id, name: event.name, arguments: '' };
    else if (event.type === 'tool_call_delta') {
      const call = out.toolCalls[event.index];
      if (call) call.arguments += event.arguments;
    }
    return undefined;
  },
};

/** The taps tracing adds to streaming plans: the capture tap when content may be captured, else none. */
export function tracingTaps(config: Config): StreamTap[] {
  const traces = config.observability.traces;
  return traces.enabled && traces.capture_content !== false ? [captureTap] : [];
}
