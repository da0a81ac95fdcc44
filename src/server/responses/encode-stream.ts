/**
 * Canonical stream events → the Responses API's typed SSE events, as OpenAI streams them:
 * `event: <type>` and `data: {"type":<type>,"sequence_number":N,...}` from 0, response.created
 * and response.in_progress first, each output item opened (output_item.added, content_part.added)
 * and closed (output_text.done, content_part.done, output_item.done) in output order, and
 * response.completed (or response.incomplete) last with the whole response object. A failure ends
 * the stream with an `error` event and response.failed (after response.created, even when the
 * failure came first). The constant part of each per-token event
 * is serialised once per item, so a token costs one JSON.stringify of its own text.
 */
import type { GatewayError } from '../../core/errors.js';
import { responseItemId } from '../../core/ids.js';
import type { FinishReason, StreamEvent, TokenLogprob, Usage } from '../../core/types.js';
import type { StreamEncoder } from '../ingress.js';
import { encodeOpenAITokenLogprobs } from '../openai/encode-response.js';
import { packReasoning } from './reasoning-carrier.js';
import {
  buildResponseObject,
  functionCallItem,
  incompleteReasonOf,
  messageItem,
  outputTextPart,
  type ResponseShell,
  reasoningItem,
} from './response-object.js';

type Obj = Record<string, unknown>;

const TEXT_DELTA = 'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":';
const SUMMARY_DELTA = 'event: response.reasoning_summary_text.delta\ndata: {"type":"response.reasoning_summary_text.delta","sequence_number":';
const ARGUMENTS_DELTA = 'event: response.function_call_arguments.delta\ndata: {"type":"response.function_call_arguments.delta","sequence_number":';

/** One streamed function call. */
interface CallState {
  id: string;
  name: string;
  arguments: string;
  itemId: string;
  outputIndex: number;
}

/** The encoder of one streamed response; its final object is what a store hook saves. */
export class ResponsesStreamEncoder implements StreamEncoder {
  private seq = 0;
  private started = false;
  private failed = false;
  private model = '';
  private serviceTier: string | undefined;
  /** Finished output items, by output_index. */
  private readonly output: Obj[] = [];
  private open: 'reasoning' | 'message' | 'function' | undefined;
  private openIndex = -1;
  private openId = '';
  /** `,"item_id":…,"output_index":…` of the open item, and what follows it in its delta events. */
  private deltaTail = '';
  private text = '';
  private logprobs: TokenLogprob[] | undefined;
  private reasoning = '';
  private summaryOpen = false;
  /** Reasoning state not yet delivered in a reasoning item's encrypted_content, OpenAI's own included. */
  private nativeReasoningId: string | undefined;
  private nativeEncrypted: string | undefined;
  private signature: string | undefined;
  private redacted: string[] = [];
  private callSignatures: Record<string, string> | undefined;
  private readonly calls = new Map<number, CallState>();
  private openCall: CallState | undefined;
  private finish: FinishReason | undefined;
  private usage: Usage | undefined;
  /** The closing events, once the answer is settled (written by end()). */
  private tail: string | undefined;
  private final: Obj | undefined;

  constructor(
    private readonly shell: ResponseShell,
    private readonly requestedModel: string,
  ) {}

  private event(type: string, body: string): string {
    return `event: ${type}\ndata: {"type":"${type}","sequence_number":${this.seq++},${body}}\n\n`;
  }

  private start(model: string, serviceTier?: string): string {
    if (this.started) return '';
    this.started = true;
    this.model = model || this.requestedModel;
    this.serviceTier = serviceTier;
    const response = `"response":${JSON.stringify(buildResponseObject(this.shell, { status: 'in_progress', model: this.model, output: [] }))}`;
    return this.event('response.created', response) + this.event('response.in_progress', response);
  }

  private openItem(kind: 'reasoning' | 'message' | 'function', id: string, item: Obj): string {
    const out = this.closeOpen('completed');
    this.open = kind;
    this.openIndex = this.output.length;
    this.openId = id;
    return out + this.event('response.output_item.added', `"output_index":${this.openIndex},"item":${JSON.stringify(item)}`);
  }

  private itemRef(): string {
    return `"item_id":${JSON.stringify(this.openId)},"output_index":${this.openIndex}`;
  }

  private finishItem(item: Obj): string {
    this.output.push(item);
    this.open = undefined;
    return this.event('response.output_item.done', `"output_index":${this.openIndex},"item":${JSON.stringify(item)}`);
  }

  /** The output_index the next item gets (after the open one, which is pushed when it closes). */
  private nextIndex(): number {
    return this.output.length + (this.open ? 1 : 0);
  }

  private openReasoning(): string {
    const id = responseItemId('rs', this.shell.id, this.nextIndex());
    const out = this.openItem('reasoning', id, reasoningItem(id, ''));
    this.reasoning = '';
    this.summaryOpen = false;
    return out;
  }

  private openMessage(): string {
    const id = responseItemId('msg', this.shell.id, this.nextIndex());
    let out = this.openItem('message', id, messageItem(id, 'in_progress', []));
    this.text = '';
    this.logprobs = undefined;
    const ref = this.itemRef();
    out += this.event('response.content_part.added', `${ref},"content_index":0,"part":{"type":"output_text","text":"","annotations":[]}`);
    this.deltaTail = `,${ref},"content_index":0,"delta":`;
    return out;
  }

  /** The encrypted_content of the reasoning item closing now: the state not delivered yet. */
  private takeEncrypted(): string | undefined {
    const packed = packReasoning({
      signature: this.signature,
      redacted: this.redacted,
      callSignatures: this.callSignatures,
      openaiId: this.nativeReasoningId,
      openaiEncrypted: this.nativeEncrypted,
    });
    this.signature = undefined;
    this.redacted = [];
    this.callSignatures = undefined;
    this.nativeReasoningId = undefined;
    this.nativeEncrypted = undefined;
    return packed;
  }

  private closeReasoning(): string {
    let out = '';
    if (this.summaryOpen) {
      const ref = this.itemRef();
      const text = JSON.stringify(this.reasoning);
      out += this.event('response.reasoning_summary_text.done', `${ref},"summary_index":0,"text":${text}`);
      out += this.event('response.reasoning_summary_part.done', `${ref},"summary_index":0,"part":{"type":"summary_text","text":${text}}`);
    }
    // The item keeps the id it was announced with: clients match its done event by that id.
    return out + this.finishItem(reasoningItem(this.openId, this.reasoning, this.takeEncrypted()));
  }

  private closeMessage(status: string): string {
    const ref = this.itemRef();
    const logprobs = this.logprobs ? JSON.stringify(encodeOpenAITokenLogprobs(this.logprobs)) : '[]';
    const part = outputTextPart(this.text, this.logprobs);
    let out = this.event('response.output_text.done', `${ref},"content_index":0,"text":${JSON.stringify(this.text)},"logprobs":${logprobs}`);
    out += this.event('response.content_part.done', `${ref},"content_index":0,"part":${JSON.stringify(part)}`);
    return out + this.finishItem(messageItem(this.openId, status, [part]));
  }

  private closeFunction(): string {
    const call = this.openCall!;
    this.openCall = undefined;
    const out = this.event(
      'response.function_call_arguments.done',
      `${this.itemRef()},"name":${JSON.stringify(call.name)},"arguments":${JSON.stringify(call.arguments)}`,
    );
    return out + this.finishItem(functionCallItem(call.itemId, 'completed', call));
  }

  private closeOpen(messageStatus: string): string {
    if (this.open === 'reasoning') return this.closeReasoning();
    if (this.open === 'message') return this.closeMessage(messageStatus);
    if (this.open === 'function') return this.closeFunction();
    return '';
  }

  private onReasoning(text: string): string {
    let out = this.open === 'reasoning' ? '' : this.openReasoning();
    if (!this.summaryOpen) {
      this.summaryOpen = true;
      const ref = this.itemRef();
      out += this.event('response.reasoning_summary_part.added', `${ref},"summary_index":0,"part":{"type":"summary_text","text":""}`);
      this.deltaTail = `,${ref},"summary_index":0,"delta":`;
    }
    this.reasoning += text;
    return `${out}${SUMMARY_DELTA}${this.seq++}${this.deltaTail}${JSON.stringify(text)}}\n\n`;
  }

  private onText(text: string, logprobs: TokenLogprob[] | undefined): string {
    const out = this.open === 'message' ? '' : this.openMessage();
    this.text += text;
    let encoded = '[]';
    if (logprobs) {
      (this.logprobs ??= []).push(...logprobs);
      encoded = JSON.stringify(encodeOpenAITokenLogprobs(logprobs));
    }
    return `${out}${TEXT_DELTA}${this.seq++}${this.deltaTail}${JSON.stringify(text)},"logprobs":${encoded}}\n\n`;
  }

  private onToolCallStart(index: number, id: string, name: string, signature: string | undefined): string {
    if (signature) (this.callSignatures ??= {})[id] = signature;
    const itemId = responseItemId('fc', this.shell.id, this.nextIndex());
    const call: CallState = { id, name, arguments: '', itemId, outputIndex: -1 };
    const out = this.openItem('function', itemId, functionCallItem(itemId, 'in_progress', call));
    call.outputIndex = this.openIndex;
    this.calls.set(index, call);
    this.openCall = call;
    this.deltaTail = `,${this.itemRef()},"delta":`;
    return out;
  }

  private onToolCallDelta(index: number, args: string): string {
    const call = this.calls.get(index);
    if (!call) return '';
    call.arguments += args;
    if (call === this.openCall) return `${ARGUMENTS_DELTA}${this.seq++}${this.deltaTail}${JSON.stringify(args)}}\n\n`;
    // A provider that interleaves its calls' fragments: the closed item still gets whole arguments.
    const item = this.output[call.outputIndex];
    if (item) item.arguments = call.arguments;
    return '';
  }

  private onNativeItem(item: Obj): string {
    const out = this.closeOpen('completed');
    const index = this.output.length;
    const json = JSON.stringify(item);
    this.output.push(item);
    return `${out}${this.event('response.output_item.added', `"output_index":${index},"item":${json}`)}${this.event('response.output_item.done', `"output_index":${index},"item":${json}`)}`;
  }

  private onReasoningEncrypted(id: string | undefined, data: string): string {
    const out = this.open === 'reasoning' ? '' : this.openReasoning();
    this.nativeReasoningId = id;
    this.nativeEncrypted = data;
    return out;
  }

  encode(event: StreamEvent): string {
    if (event.type === 'start') return this.start(event.model, event.serviceTier);
    const head = this.started ? '' : this.start('');
    switch (event.type) {
      case 'text':
        return head + this.onText(event.text, event.logprobs);
      case 'reasoning':
        return head + this.onReasoning(event.text);
      case 'reasoning_signature':
        this.signature = event.signature;
        // A signature ends its reasoning block: the item closes, so each block keeps its own.
        return head + (this.open === 'reasoning' ? this.closeReasoning() : '');
      case 'redacted_reasoning':
        this.redacted.push(event.data);
        // Opened here, the item keeps the block where it came, ahead of the text after it.
        return head + (this.open === 'reasoning' ? '' : this.openReasoning());
      case 'reasoning_encrypted':
        return head + this.onReasoningEncrypted(event.id, event.data);
      case 'tool_call_start':
        return head + this.onToolCallStart(event.index, event.id, event.name, event.signature);
      case 'tool_call_delta':
        return head + this.onToolCallDelta(event.index, event.arguments);
      case 'native_item':
        return head + this.onNativeItem(event.item);
      case 'finish':
        this.finish = event.reason;
        return head;
      case 'usage':
        this.usage = event.usage;
        return head;
      default:
        return head;
    }
  }

  /** Closes what is open and fixes the final response object (once; the store hook may come first). */
  private settle(): void {
    if (this.tail !== undefined) return;
    const reason = incompleteReasonOf(this.finish);
    let out = this.closeOpen(reason ? 'incomplete' : 'completed');
    // State that came after the last reasoning item (a signature on text, a function call's) needs one more.
    if (this.signature !== undefined || this.redacted.length > 0 || this.callSignatures !== undefined || this.nativeEncrypted !== undefined) {
      out += this.openReasoning() + this.closeReasoning();
    }
    this.tail = out;
    this.final = buildResponseObject(this.shell, {
      status: reason ? 'incomplete' : 'completed',
      model: this.model,
      output: this.output,
      usage: this.usage,
      incompleteReason: reason,
      serviceTier: this.serviceTier,
      completedAt: Math.floor(Date.now() / 1000),
    });
  }

  /** The final response object, once every event is encoded; undefined when the stream failed. */
  finalResponse(): Obj | undefined {
    if (this.failed || !this.started) return undefined;
    this.settle();
    return this.final;
  }

  end(): string {
    if (this.failed || !this.started) return '';
    this.settle();
    const type = this.final!.status === 'incomplete' ? 'response.incomplete' : 'response.completed';
    return this.tail + this.event(type, `"response":${JSON.stringify(this.final)}`);
  }

  error(error: GatewayError): string {
    // A stream that fails before its first event still opens as OpenAI's do, so a client's
    // accumulator has a response to mark failed.
    let out = this.started ? '' : this.start('');
    this.failed = true;
    const code = JSON.stringify(error.code);
    const message = JSON.stringify(error.message);
    out += this.event('error', `"code":${code},"message":${message},"param":${JSON.stringify(error.param ?? null)}`);
    const failed = buildResponseObject(this.shell, {
      status: 'failed',
      model: this.model,
      output: this.output,
      usage: this.usage,
      error: { code: error.code, message: error.message },
      serviceTier: this.serviceTier,
    });
    return out + this.event('response.failed', `"response":${JSON.stringify(failed)}`);
  }
}
