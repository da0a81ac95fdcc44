/**
 * Anthropic SSE events → canonical stream events. Anthropic numbers content blocks (text,
 * thinking and tool_use alike); canonical tool calls are numbered among tool calls only, so the
 * decoder keeps a block-index → tool-index map.
 */
import { GatewayError } from '../../core/errors.js';
import type { StreamEvent } from '../../core/types.js';
import { asNumber, asObject, asString, tryParseJson } from '../spec/json.js';
import type { ProviderSettings, StreamDecoder, StreamFrame } from '../spec/provider.js';
import { JSON_TOOL_NAME } from './json-mode.js';
import { mapStopReason } from './map-finish-reason.js';
import { streamErrorToGatewayError } from './map-error.js';
import { mapUsage } from './map-usage.js';

interface BlockState {
  kind: 'text' | 'thinking' | 'tool' | 'json' | 'other';
  toolIndex: number;
  sawArguments: boolean;
}

/** Creates the decoder for one Anthropic stream. */
export function createStreamDecoder(settings: ProviderSettings): StreamDecoder {
  const blocks = new Map<number, BlockState>();
  let nextToolIndex = 0;
  // Usage counters are cumulative snapshots: later values overwrite earlier ones, never add.
  const usage: Record<string, unknown> = {};
  let stopReason: string | undefined;
  let stopSequence: string | undefined;
  let sawDelta = false;
  let sawJsonAnswer = false;
  let done = false;

  const mergeUsage = (value: unknown) => {
    for (const [key, v] of Object.entries(asObject(value) ?? {})) if (v !== null && v !== undefined) usage[key] = v;
  };

  const closing = (): StreamEvent[] => {
    done = true;
    const answeredInJson = sawJsonAnswer && nextToolIndex === 0 && stopReason === 'tool_use';
    const finish: StreamEvent = { type: 'finish', reason: answeredInJson ? 'stop' : mapStopReason(stopReason) };
    if (stopReason) finish.nativeReason = stopReason;
    if (stopSequence !== undefined) finish.stopSequence = stopSequence;
    return [finish, { type: 'usage', usage: mapUsage(usage) }];
  };

  const startBlock = (index: number, block: Record<string, unknown>): StreamEvent[] => {
    const state: BlockState = { kind: 'other', toolIndex: -1, sawArguments: false };
    blocks.set(index, state);
    const out: StreamEvent[] = [];
    switch (block.type) {
      case 'text': {
        state.kind = 'text';
        const text = asString(block.text);
        if (text) out.push({ type: 'text', text });
        break;
      }
      case 'thinking': {
        state.kind = 'thinking';
        const text = asString(block.thinking);
        if (text) out.push({ type: 'reasoning', text });
        const signature = asString(block.signature);
        if (signature) out.push({ type: 'reasoning_signature', signature });
        break;
      }
      case 'redacted_thinking':
        out.push({ type: 'redacted_reasoning', data: asString(block.data) ?? '' });
        break;
      case 'tool_use': {
        const name = asString(block.name) ?? '';
        const input = asObject(block.input);
        const initial = input && Object.keys(input).length > 0 ? JSON.stringify(input) : '';
        if (name === JSON_TOOL_NAME) {
          state.kind = 'json';
          sawJsonAnswer = true;
          if (initial) out.push({ type: 'text', text: initial });
        } else {
          state.kind = 'tool';
          state.toolIndex = nextToolIndex++;
          out.push({ type: 'tool_call_start', index: state.toolIndex, id: asString(block.id) ?? '', name });
          if (initial) out.push({ type: 'tool_call_delta', index: state.toolIndex, arguments: initial });
        }
        state.sawArguments = initial !== '';
        break;
      }
    }
    return out;
  };

  const blockDelta = (state: BlockState | undefined, delta: Record<string, unknown>): StreamEvent[] => {
    if (!state) return [];
    switch (delta.type) {
      case 'text_delta': {
        const text = asString(delta.text);
        return text ? [{ type: 'text', text }] : [];
      }
      case 'thinking_delta': {
        const text = asString(delta.thinking);
        return text ? [{ type: 'reasoning', text }] : [];
      }
      case 'signature_delta': {
        const signature = asString(delta.signature);
        return signature ? [{ type: 'reasoning_signature', signature }] : [];
      }
      case 'input_json_delta': {
        const fragment = asString(delta.partial_json);
        if (!fragment) return [];
        state.sawArguments = true;
        if (state.kind === 'json') return [{ type: 'text', text: fragment }];
        if (state.kind === 'tool') return [{ type: 'tool_call_delta', index: state.toolIndex, arguments: fragment }];
        return [];
      }
      default:
        // citations_delta and future delta types have no canonical event.
        return [];
    }
  };

  const stopBlock = (state: BlockState | undefined): StreamEvent[] => {
    // A tool without arguments streams only "" fragments; its input is still the object {}.
    if (!state || state.sawArguments) return [];
    if (state.kind === 'tool') return [{ type: 'tool_call_delta', index: state.toolIndex, arguments: '{}' }];
    if (state.kind === 'json') return [{ type: 'text', text: '{}' }];
    return [];
  };

  return {
    push(frame: StreamFrame): StreamEvent[] {
      if (done) return [];
      const data = asObject(tryParseJson(frame.data));
      if (!data) {
        throw new GatewayError('upstream_invalid_response', 502, 'Anthropic sent a stream event that is not a JSON object.', {
          provider: settings.id,
        });
      }
      const index = asNumber(data.index) ?? -1;
      switch (asString(data.type) ?? frame.event) {
        case 'message_start': {
          const message = asObject(data.message) ?? {};
          mergeUsage(message.usage);
          const start: StreamEvent = { type: 'start', id: asString(message.id) ?? '', model: asString(message.model) ?? '', created: 0 };
          // Input tokens are known now: an early snapshot lets Anthropic-format clients see them in
          // their own message_start; message_delta brings the final count.
          return message.usage === undefined ? [start] : [start, { type: 'usage', usage: mapUsage(usage) }];
        }
        case 'content_block_start':
          return startBlock(index, asObject(data.content_block) ?? {});
        case 'content_block_delta':
          return blockDelta(blocks.get(index), asObject(data.delta) ?? {});
        case 'content_block_stop':
          return stopBlock(blocks.get(index));
        case 'message_delta': {
          const delta = asObject(data.delta) ?? {};
          sawDelta = true;
          stopReason = asString(delta.stop_reason) ?? stopReason;
          stopSequence = asString(delta.stop_sequence) ?? stopSequence;
          mergeUsage(data.usage);
          return [];
        }
        case 'message_stop':
          return closing();
        case 'error':
          throw streamErrorToGatewayError(data, settings.id);
        default:
          // ping and event types added later.
          return [];
      }
    },
    end(): StreamEvent[] {
      if (done) return [];
      // message_delta already carried the outcome; only the closing marker went missing.
      if (sawDelta) return closing();
      throw new GatewayError('upstream_invalid_response', 502, 'Anthropic stream ended before the message was complete.', {
        provider: settings.id,
      });
    },
  };
}
