/**
 * Assembles a streamed answer into the canonical response the cache stores, event by event, and
 * says when it cannot be stored: too large, or carrying what a replay cannot faithfully give back
 * (log-probabilities, Responses-only items, encrypted reasoning).
 */
import type { ChatResponse, StreamEvent, ToolCall } from '../core/types.js';

/** A streamed answer being assembled. */
export class ResponseRecorder {
  private readonly response: ChatResponse = {
    id: '',
    model: '',
    created: 0,
    text: '',
    toolCalls: [],
    finishReason: 'stop',
    usage: { inputTokens: 0, outputTokens: 0 },
  };
  private finished = false;
  private chars = 0;
  /** Why the answer cannot be stored, once known. */
  unstorable?: string;

  constructor(private readonly maxChars: number) {}

  /** Takes one canonical event. */
  add(event: StreamEvent): void {
    if (this.unstorable) return;
    const response = this.response;
    switch (event.type) {
      case 'start':
        response.id = event.id;
        response.model = event.model;
        response.created = event.created;
        if (event.serviceTier) response.serviceTier = event.serviceTier;
        if (event.systemFingerprint) response.systemFingerprint = event.systemFingerprint;
        return;
      case 'text':
        if (event.logprobs) this.unstorable = 'logprobs';
        response.text += event.text;
        this.grow(event.text.length);
        return;
      case 'reasoning':
        response.reasoning = (response.reasoning ?? '') + event.text;
        this.grow(event.text.length);
        return;
      case 'reasoning_signature':
        response.reasoningSignature = event.signature;
        return;
      case 'redacted_reasoning':
        (response.redactedReasoning ??= []).push(event.data);
        this.grow(event.data.length);
        return;
      case 'tool_call_start': {
        const call: ToolCall = { id: event.id, name: event.name, arguments: '', ...(event.signature ? { signature: event.signature } : {}) };
        response.toolCalls[event.index] = call;
        return;
      }
      case 'tool_call_delta': {
        const call = response.toolCalls[event.index];
        if (!call) {
          this.unstorable = 'tool call delta without its start';
          return;
        }
        call.arguments += event.arguments;
        this.grow(event.arguments.length);
        return;
      }
      case 'finish':
        this.finished = true;
        response.finishReason = event.reason;
        if (event.nativeReason) response.nativeFinishReason = event.nativeReason;
        if (event.stopSequence) response.stopSequence = event.stopSequence;
        return;
      case 'usage':
        response.usage = { ...event.usage };
        return;
      case 'reasoning_encrypted':
        this.unstorable = 'encrypted reasoning';
        return;
      case 'native_item':
        this.unstorable = 'a Responses-only item';
        return;
    }
  }

  private grow(chars: number): void {
    this.chars += chars;
    if (this.chars > this.maxChars) this.unstorable = 'too large';
  }

  /** The whole answer, or undefined when it did not finish or cannot be stored. */
  result(): ChatResponse | undefined {
    if (this.unstorable || !this.finished) return undefined;
    // Tool calls arrive by index; a gap would replay as a broken stream.
    for (let i = 0; i < this.response.toolCalls.length; i++) if (!this.response.toolCalls[i]) return undefined;
    return this.response;
  }
}
