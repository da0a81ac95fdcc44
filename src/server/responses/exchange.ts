/**
 * One Responses API exchange: the response id, the facts the conversation-state hooks read (the
 * `responsesTurn` slot), and the one response object the client gets, which a store hook saves.
 * The object is built once, by the JSON encoder or by the stream encoder, and shared, so what is
 * stored is exactly what was sent.
 */
import { newResponseId } from '../../core/ids.js';
import type { ChatRequest, ChatResponse, Message } from '../../core/types.js';
import { type RequestContext, slotKey } from '../../pipeline/context.js';
import { type ResponsesItem, type ResponsesTurn, responsesTurn } from '../../pipeline/operations/responses.js';
import { encodeOpenAIError } from '../openai/encode-error.js';
import type { ResultCodec } from '../write-result.js';
import { decodeItems } from './decode-items.js';
import { type DecodedResponsesRequest, decodeResponsesRequest } from './decode-request.js';
import { encodeResponsesResponse } from './encode-response.js';
import { ResponsesStreamEncoder } from './encode-stream.js';
import type { ResponseShell, ResponsesEcho } from './response-object.js';

type Ctx = RequestContext<ChatRequest, ChatResponse>;

/** The exchange of one request; it is the turn the hooks see. */
export class ResponsesExchange implements ResponsesTurn, ResponseShell {
  readonly id = newResponseId();
  readonly createdAt: number;
  readonly previousResponseId?: string;
  store: boolean;
  input: ResponsesItem[];
  readonly instructionMessages: number;
  readonly hasReferences: boolean;
  nativeFields: Readonly<Record<string, unknown>>;
  readonly echo: ResponsesEcho;
  private encoder: ResponsesStreamEncoder | undefined;
  private answered: ChatResponse | undefined;
  private answer: ResponsesItem | undefined;

  constructor(
    decoded: DecodedResponsesRequest,
    private readonly ctx: Ctx,
  ) {
    this.createdAt = Math.floor(ctx.time / 1000);
    if (decoded.previousResponseId !== undefined) this.previousResponseId = decoded.previousResponseId;
    this.store = decoded.store;
    this.input = decoded.input;
    this.instructionMessages = decoded.instructionMessages;
    this.hasReferences = decoded.hasReferences;
    this.nativeFields = decoded.nativeFields;
    this.echo = decoded.echo;
  }

  itemsToMessages(items: readonly ResponsesItem[], param: string): Message[] {
    return decodeItems(items, param).messages;
  }

  /** The response object of a whole answer, built once per answer. */
  answerFor(response: ChatResponse): ResponsesItem {
    if (this.answered !== response || !this.answer) {
      this.answered = response;
      this.answer = encodeResponsesResponse(this, response);
    }
    return this.answer;
  }

  result(): ResponsesItem | undefined {
    if (this.encoder) return this.encoder.finalResponse();
    return this.ctx.response ? this.answerFor(this.ctx.response) : undefined;
  }

  /** The stream encoder; its final object becomes the result. */
  streamEncoder(): ResponsesStreamEncoder {
    this.encoder = new ResponsesStreamEncoder(this, this.ctx.request.model);
    return this.encoder;
  }
}

/** The exchange itself, beside the turn slot (which carries only its hook-facing side). */
const exchangeSlot = slotKey<ResponsesExchange>('responses.exchange');

function exchangeOf(ctx: Ctx): ResponsesExchange {
  const exchange = ctx.get(exchangeSlot);
  if (!exchange) throw new Error('The Responses exchange was not decoded.');
  return exchange;
}

/** Decodes a Responses body for the runner and opens its exchange on the context. */
export function decodeResponsesBody(body: unknown, ctx: Ctx): ChatRequest {
  const decoded = decodeResponsesRequest(body);
  const exchange = new ResponsesExchange(decoded, ctx);
  ctx.set(exchangeSlot, exchange);
  ctx.set(responsesTurn, exchange);
  return decoded.request;
}

/** How POST /v1/responses answers: the response object, its event stream, or an OpenAI error. */
export const responsesResultCodec: ResultCodec<ChatRequest, ChatResponse> = {
  encodeResponse: (response, ctx) => exchangeOf(ctx).answerFor(response),
  createStreamEncoder: (ctx) => exchangeOf(ctx).streamEncoder(),
  encodeError: encodeOpenAIError,
};
