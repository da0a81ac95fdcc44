/**
 * Gemini SSE (`streamGenerateContent?alt=sse`) → canonical stream events. Every `data:` event is
 * a whole GenerateContentResponse holding only new parts; function calls arrive complete, so each
 * becomes tool_call_start plus one tool_call_delta. Usage may repeat with running values on
 * every chunk, so the last one seen is reported when the body ends.
 */
import { GatewayError } from '../../core/errors.js';
import { newToolCallId, randomId } from '../../core/ids.js';
import type { StreamEvent, Usage } from '../../core/types.js';
import { asArray, asObject, asString, tryParseJson } from '../spec/json.js';
import type { ProviderSettings, StreamDecoder, StreamFrame } from '../spec/provider.js';
import { createdFromTime, decodePart } from './decode-parts.js';
import { decodeGeminiLogprobs } from './logprobs.js';
import { mapFinishReason } from './map-finish-reason.js';
import { mapUsage } from './map-usage.js';
import { googleErrorObject, streamError } from './map-error.js';

/** Creates a decoder for one Gemini stream. */
export function createGeminiStreamDecoder(settings: ProviderSettings): StreamDecoder {
  let started = false;
  let finished = false;
  let toolCount = 0;
  let usage: Usage | undefined;

  function chunkEvents(chunk: Record<string, unknown>): StreamEvent[] {
    const events: StreamEvent[] = [];
    if (!started) {
      started = true;
      events.push({
        type: 'start',
        id: asString(chunk.responseId) ?? `gen-${randomId(24)}`,
        model: asString(chunk.modelVersion) ?? '',
        created: createdFromTime(chunk.createTime),
      });
    }
    usage = mapUsage(chunk.usageMetadata) ?? usage;
    if (finished) return events;
    // Only the first candidate is surfaced (the gateway never asks for more than one).
    const candidate = asObject(asArray(chunk.candidates).find((c) => (asObject(c)?.index ?? 0) === 0));
    const from = events.length;
    for (const value of asArray(asObject(candidate?.content)?.parts)) {
      const part = decodePart(value);
      if (!part) continue;
      if (part.kind === 'call') {
        const index = toolCount++;
        const start: StreamEvent = { type: 'tool_call_start', index, id: part.id ?? newToolCallId(), name: part.name };
        if (part.signature) start.signature = part.signature;
        events.push(start, { type: 'tool_call_delta', index, arguments: part.arguments });
        continue;
      }
      if (part.text !== '') events.push({ type: part.kind === 'thought' ? 'reasoning' : 'text', text: part.text });
      if (part.signature) events.push({ type: 'reasoning_signature', signature: part.signature });
    }
    const logprobs = decodeGeminiLogprobs(candidate);
    if (logprobs && logprobs.length > 0) {
      // The chunk's tokens belong to its text: on its last text event, or an empty one when it had none.
      const text = events.slice(from).findLast((e) => e.type === 'text');
      if (text?.type === 'text') text.logprobs = logprobs;
      else events.push({ type: 'text', text: '', logprobs });
    }
    const native = asString(candidate?.finishReason);
    const blockReason = asString(asObject(chunk.promptFeedback)?.blockReason);
    if (native) {
      finished = true;
      events.push({ type: 'finish', reason: mapFinishReason(native, toolCount > 0), nativeReason: native });
    } else if (blockReason && !candidate) {
      finished = true;
      events.push({ type: 'finish', reason: 'content_filter', nativeReason: blockReason });
    }
    return events;
  }

  return {
    push(frame: StreamFrame): StreamEvent[] {
      const parsed = tryParseJson(frame.data);
      const error = googleErrorObject(parsed);
      if (error) throw streamError(error, settings.id);
      const chunk = asObject(parsed);
      if (!chunk) {
        throw new GatewayError('upstream_invalid_response', 502, 'Gemini sent a stream event that is not a JSON object.', {
          provider: settings.id,
        });
      }
      return chunkEvents(chunk);
    },
    end(): StreamEvent[] {
      // No finishReason means the body ended early; emitting no finish lets the caller see that.
      return finished && usage ? [{ type: 'usage', usage }] : [];
    },
  };
}
