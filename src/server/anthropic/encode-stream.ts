/**
 * Canonical stream events → Anthropic SSE. Opens and closes content blocks (thinking, text,
 * tool_use) as the kind of content changes, numbering blocks the Anthropic way, and sends the
 * outcome and the upstream's usage in message_delta once the stream ends. message_start states
 * the input tokens, which clients such as LangChain read only there: the upstream's own count when
 * it reports one first (Anthropic), else the gateway's estimate, flagged by a response header.
 */
import type { GatewayError } from '../../core/errors.js';
import type { FinishReason, StreamEvent, Usage } from '../../core/types.js';
import type { EncodeContext, StreamEncoder } from '../ingress.js';
import { encodeStreamError } from './encode-error.js';
import { anthropicUsage, messageId, stopReasonFor } from './map-stop-reason.js';

function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

type OpenKind = 'text' | 'thinking' | 'tool' | undefined;

/** The response header that says message_start's input_tokens is the gateway's estimate. */
export const ESTIMATED_INPUT_TOKENS_HEADER = 'x-switchboard-input-tokens-estimated';

/** message_start's usage before the upstream reported any: input tokens estimated (or 0), nothing else known. */
function usageBeforeUpstream(context: EncodeContext): Record<string, number> {
  const input = context.estimateInputTokens?.() ?? 0;
  return { input_tokens: input, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 0 };
}

/** Creates the encoder for one streamed response. */
export function createStreamEncoder(context: EncodeContext): StreamEncoder {
  let started = false;
  let nextBlock = 0;
  let open: OpenKind;
  let openIndex = -1;
  let thinkingSigned = false;
  const toolBlocks = new Map<number, number>();
  let finish: FinishReason | undefined;
  let nativeReason: string | undefined;
  let stopSequence: string | undefined;
  let failed = false;
  let usage: Usage | undefined;
  let startId = '';

  const start = (id = ''): string => {
    if (started) return '';
    started = true;
    return sse('message_start', {
      type: 'message_start',
      message: {
        id: messageId(id),
        type: 'message',
        role: 'assistant',
        model: context.requestedModel,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: usage ? { ...anthropicUsage(usage), output_tokens: 0 } : usageBeforeUpstream(context),
      },
    });
  };

  const close = (): string => {
    if (open === undefined) return '';
    const out = sse('content_block_stop', { type: 'content_block_stop', index: openIndex });
    open = undefined;
    return out;
  };

  const openBlock = (kind: Exclude<OpenKind, undefined>, block: Record<string, unknown>): string => {
    const out = close();
    open = kind;
    openIndex = nextBlock++;
    thinkingSigned = false;
    return out + sse('content_block_start', { type: 'content_block_start', index: openIndex, content_block: block });
  };

  const delta = (index: number, value: Record<string, unknown>): string => sse('content_block_delta', { type: 'content_block_delta', index, delta: value });

  const ensureThinking = (): string => (open === 'thinking' && !thinkingSigned ? '' : openBlock('thinking', { type: 'thinking', thinking: '', signature: '' }));

  return {
    headers: context.estimateInputTokens ? { [ESTIMATED_INPUT_TOKENS_HEADER]: 'true' } : undefined,
    encode(event: StreamEvent): string {
      // message_start waits for the next event, which costs no time (the first content, or an early
      // usage snapshot from the same upstream frame) and lets it carry the input tokens when known.
      if (event.type === 'start') {
        startId = event.id;
        return '';
      }
      if (event.type === 'usage') usage = event.usage;
      let out = start(startId);
      switch (event.type) {
        case 'text':
          if (event.text === '') return out;
          if (open !== 'text') out += openBlock('text', { type: 'text', text: '' });
          return out + delta(openIndex, { type: 'text_delta', text: event.text });
        case 'reasoning':
          if (event.text === '') return out;
          out += ensureThinking();
          return out + delta(openIndex, { type: 'thinking_delta', thinking: event.text });
        case 'reasoning_signature':
          out += ensureThinking();
          thinkingSigned = true;
          return out + delta(openIndex, { type: 'signature_delta', signature: event.signature });
        case 'redacted_reasoning':
          out += openBlock('thinking', { type: 'redacted_thinking', data: event.data });
          return out + close();
        case 'tool_call_start':
          out += openBlock('tool', { type: 'tool_use', id: event.id, name: event.name, input: {} });
          toolBlocks.set(event.index, openIndex);
          return out;
        case 'tool_call_delta': {
          const index = toolBlocks.get(event.index);
          if (index === undefined || event.arguments === '') return out;
          // A late fragment for an already closed block still goes to that block's index:
          // clients accumulate by index, and dropping arguments would corrupt the call.
          return out + delta(index, { type: 'input_json_delta', partial_json: event.arguments });
        }
        case 'finish':
          finish = event.reason;
          nativeReason = event.nativeReason;
          stopSequence = event.stopSequence;
          return out + close();
        case 'usage':
          usage = event.usage;
          return out;
        default:
          // OpenAI Responses items (encrypted reasoning, built-in tool calls) have no Anthropic form.
          return out;
      }
    },
    end(): string {
      // After an error event the stream is over, as Anthropic ends it: no message_delta that
      // would tell a raw client the turn ended normally.
      if (failed) return '';
      const stopReason = stopReasonFor(finish ?? 'stop', stopSequence, nativeReason);
      return (
        start(startId) +
        close() +
        sse('message_delta', {
          type: 'message_delta',
          delta: { stop_reason: stopReason, stop_sequence: stopReason === 'stop_sequence' ? (stopSequence ?? null) : null },
          usage: usage ? anthropicUsage(usage) : { output_tokens: 0 },
        }) +
        sse('message_stop', { type: 'message_stop' })
      );
    },
    error(error: GatewayError): string {
      failed = true;
      return encodeStreamError(error);
    },
  };
}
