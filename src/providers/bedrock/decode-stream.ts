/** ConverseStream event-stream frames → canonical stream events. */
import { GatewayError } from '../../core/errors.js';
import { newToolCallId } from '../../core/ids.js';
import type { StreamEvent } from '../../core/types.js';
import { asNumber, asObject, asString, tryParseJson } from '../spec/json.js';
import type { StreamDecoder, StreamFrame } from '../spec/provider.js';
import { JSON_TOOL_NAME } from './json-mode.js';
import { mapStopReason } from './map-finish-reason.js';
import { bedrockExceptionError } from './map-error.js';
import { mapUsage } from './map-usage.js';

type Block = { kind: 'tool'; index: number } | { kind: 'json' };

const KNOWN_EVENTS = new Set(['messageStart', 'contentBlockStart', 'contentBlockDelta', 'contentBlockStop', 'messageStop', 'metadata']);

/**
 * A decoder for one ConverseStream response. Text and reasoning blocks have no
 * contentBlockStart (only deltas), tool-use blocks do; canonical tool-call indexes count
 * tool-use blocks only. messageStop (finish) comes before metadata (usage). Exception frames
 * throw the mapped GatewayError (throttlingException → 429, ...). Unknown events and unknown
 * fields (such as the "p" padding) are ignored.
 */
export function createConverseStreamDecoder(providerId: string): StreamDecoder {
  let started = false;
  let nextToolIndex = 0;
  let jsonMode = false;
  const blocks = new Map<number, Block>();

  function start(out: StreamEvent[]): void {
    if (started) return;
    started = true;
    // Converse streams carry no id or model; the caller fills them from the request.
    out.push({ type: 'start', id: '', model: '', created: 0 });
  }

  function openTool(blockIndex: number, id: string | undefined, name: string, out: StreamEvent[]): Block {
    if (name === JSON_TOOL_NAME) {
      jsonMode = true;
      const block: Block = { kind: 'json' };
      blocks.set(blockIndex, block);
      return block;
    }
    const block: Block = { kind: 'tool', index: nextToolIndex++ };
    blocks.set(blockIndex, block);
    out.push({ type: 'tool_call_start', index: block.index, id: id || newToolCallId(), name });
    return block;
  }

  function delta(blockIndex: number, body: Record<string, unknown>, out: StreamEvent[]): void {
    const text = asString(body.text);
    if (text) out.push({ type: 'text', text });
    const toolUse = asObject(body.toolUse);
    if (toolUse) {
      const input = asString(toolUse.input) ?? '';
      // A delta for a block that never started is kept as a nameless call rather than lost.
      const block = blocks.get(blockIndex) ?? openTool(blockIndex, undefined, '', out);
      if (input) out.push(block.kind === 'json' ? { type: 'text', text: input } : { type: 'tool_call_delta', index: block.index, arguments: input });
    }
    const thought = asObject(body.reasoningContent);
    if (thought) {
      const reasoning = asString(thought.text);
      if (reasoning) out.push({ type: 'reasoning', text: reasoning });
      const signature = asString(thought.signature);
      if (signature) out.push({ type: 'reasoning_signature', signature });
      const redacted = asString(thought.redactedContent);
      if (redacted) out.push({ type: 'redacted_reasoning', data: redacted });
    }
  }

  return {
    push(frame: StreamFrame): StreamEvent[] {
      if (frame.messageType === 'exception') throw bedrockExceptionError(frame.event, frame.data, providerId);
      if (frame.messageType === 'error') {
        throw new GatewayError('upstream_error', 502, frame.data || `Provider '${providerId}' reported an error mid-stream.`, {
          provider: providerId,
          upstreamType: frame.event,
        });
      }
      const event = frame.event ?? '';
      if (!KNOWN_EVENTS.has(event)) return [];
      const payload = asObject(tryParseJson(frame.data));
      if (!payload) {
        throw new GatewayError('upstream_invalid_response', 502, `Provider '${providerId}' sent a ${event} event whose payload is not a JSON object.`, {
          provider: providerId,
        });
      }
      const out: StreamEvent[] = [];
      start(out);
      const blockIndex = asNumber(payload.contentBlockIndex) ?? 0;
      switch (event) {
        case 'contentBlockStart': {
          const toolUse = asObject(asObject(payload.start)?.toolUse);
          if (toolUse) openTool(blockIndex, asString(toolUse.toolUseId), asString(toolUse.name) ?? '', out);
          break;
        }
        case 'contentBlockDelta': {
          const body = asObject(payload.delta);
          if (body) delta(blockIndex, body, out);
          break;
        }
        case 'messageStop': {
          const native = asString(payload.stopReason);
          let reason = mapStopReason(native);
          if (jsonMode && nextToolIndex === 0 && reason === 'tool_calls') reason = 'stop';
          const finish: StreamEvent = { type: 'finish', reason };
          if (native !== undefined) finish.nativeReason = native;
          const stopSequence = asString(asObject(payload.additionalModelResponseFields)?.stop_sequence);
          if (stopSequence) finish.stopSequence = stopSequence;
          out.push(finish);
          break;
        }
        case 'metadata': {
          const usage = mapUsage(payload.usage);
          if (usage) out.push({ type: 'usage', usage });
          break;
        }
      }
      return out;
    },
    end: () => [],
  };
}
