/**
 * Renders a SimReply as an OpenAI Responses `response` object, or as the typed event stream
 * (`event:` + `data:` with a sequence_number each) that ends with response.completed,
 * response.incomplete or response.failed.
 */
import { chunkText, type SimReply } from '../../reply.js';
import { sseEvent } from '../../responder.js';
import { sealReasoning } from './encrypted-reasoning.js';
import type { ResponsesRequest } from './responses-validate.js';

type Json = Record<string, unknown>;

/** Everything one answer is rendered from. */
export interface ResponsesAnswer {
  id: string;
  created: number;
  request: ResponsesRequest;
  reply: SimReply;
  /** The last user text without its [[sim]] directive (the web search query). */
  userText: string;
}

const SOURCE = { url: 'https://example.com/simulated-source', title: 'Simulated source' };

/** The tier OpenAI reports: the one asked for, with 'auto' resolved to 'default'. */
function servedTier(body: Json): string {
  const tier = body.service_tier;
  return typeof tier === 'string' && tier !== 'auto' ? tier : 'default';
}

function usageOf(reply: SimReply): Json {
  const u = reply.usage;
  return {
    input_tokens: u.inputTokens,
    input_tokens_details: { cached_tokens: u.cachedInputTokens, cache_write_tokens: 0 },
    output_tokens: u.outputTokens,
    output_tokens_details: { reasoning_tokens: u.reasoningTokens },
    total_tokens: u.inputTokens + u.outputTokens,
  };
}

/** The reasoning item, when reasoning was asked for: a summary only when one was, encrypted content when included. */
function reasoningItem(answer: ResponsesAnswer): Json | undefined {
  const { request, reply } = answer;
  if (!request.reasoning) return undefined;
  const id = `rs_${answer.id}`;
  const text = reply.reasoning ?? '';
  const item: Json = { id, type: 'reasoning', summary: request.summary && text ? [{ type: 'summary_text', text }] : [] };
  if (request.encryptedReasoning) item.encrypted_content = sealReasoning(id, text);
  return item;
}

function webSearchItem(answer: ResponsesAnswer): Json | undefined {
  const { request, reply } = answer;
  if (!request.webSearch || reply.toolCalls.length > 0 || request.input.toolChoice === 'none') return undefined;
  return { type: 'web_search_call', id: `ws_${answer.id}`, status: 'completed', action: { type: 'search', query: answer.userText } };
}

/** Why a reply ends incomplete: cut at max_output_tokens, or by the content filter. */
function incompleteReason(reply: SimReply): 'max_output_tokens' | 'content_filter' | undefined {
  if (reply.finish === 'length') return 'max_output_tokens';
  return reply.finish === 'content_filter' ? 'content_filter' : undefined;
}

function messageItem(answer: ResponsesAnswer, searched: boolean): Json | undefined {
  const { reply } = answer;
  if (reply.toolCalls.length > 0 && reply.text === '') return undefined;
  const annotations = searched ? [{ type: 'url_citation', start_index: 0, end_index: reply.text.length, ...SOURCE }] : [];
  return {
    id: `msg_${answer.id}`,
    type: 'message',
    status: incompleteReason(reply) ? 'incomplete' : 'completed',
    role: 'assistant',
    content: [{ type: 'output_text', text: reply.text, annotations, logprobs: [] }],
  };
}

/** The output items in the order the model produces them: reasoning, a web search, then the message or the calls. */
export function outputItems(answer: ResponsesAnswer): Json[] {
  const items: Json[] = [];
  const reasoning = reasoningItem(answer);
  if (reasoning) items.push(reasoning);
  const search = webSearchItem(answer);
  if (search) items.push(search);
  const message = messageItem(answer, search !== undefined);
  if (message) items.push(message);
  answer.reply.toolCalls.forEach((call, i) => {
    items.push({ id: `fc_${answer.id}_${i}`, type: 'function_call', status: 'completed', arguments: call.arguments, call_id: call.id, name: call.name });
  });
  return items;
}

/** The response object in a given state. */
export function responseObject(answer: ResponsesAnswer, state: 'in_progress' | 'final' | 'failed', output: Json[] = []): Json {
  const { body } = answer.request;
  const reason = state === 'final' ? incompleteReason(answer.reply) : undefined;
  const incomplete = reason !== undefined;
  const status = state === 'final' ? (incomplete ? 'incomplete' : 'completed') : state;
  const reasoning = (body.reasoning ?? {}) as Json;
  const text = (body.text ?? {}) as Json;
  return {
    id: `resp_${answer.id}`,
    object: 'response',
    created_at: answer.created,
    status,
    background: false,
    completed_at: state === 'final' ? answer.created + 1 : null,
    error: state === 'failed' ? { code: 'server_error', message: 'Simulated failure: the model failed to generate a response.' } : null,
    incomplete_details: incomplete ? { reason } : null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: answer.request.input.model,
    output,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: null,
    reasoning: { effort: reasoning.effort ?? null, summary: reasoning.summary ?? null },
    safety_identifier: body.safety_identifier ?? null,
    service_tier: state === 'final' ? servedTier(body) : (body.service_tier ?? 'auto'),
    store: answer.request.store,
    temperature: body.temperature ?? 1,
    text: { format: text.format ?? { type: 'text' }, verbosity: text.verbosity ?? 'medium' },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: body.truncation ?? 'disabled',
    usage: state === 'final' ? usageOf(answer.reply) : null,
    metadata: body.metadata ?? {},
  };
}

/** Builds the SSE frames; `seq` numbers every event. */
class EventWriter {
  readonly frames: string[] = [];
  private seq = 0;
  emit(type: string, fields: Json): void {
    this.frames.push(sseEvent({ type, sequence_number: this.seq++, ...fields }, type));
  }
}

function streamItem(w: EventWriter, item: Json, index: number): void {
  const at = { output_index: index };
  const itemId = { item_id: item.id, ...at };
  switch (item.type) {
    case 'reasoning': {
      w.emit('response.output_item.added', { ...at, item: { id: item.id, type: 'reasoning', summary: [] } });
      (item.summary as Json[]).forEach((part, summaryIndex) => {
        const text = String(part.text);
        w.emit('response.reasoning_summary_part.added', { ...itemId, summary_index: summaryIndex, part: { type: 'summary_text', text: '' } });
        for (const delta of chunkText(text)) w.emit('response.reasoning_summary_text.delta', { ...itemId, summary_index: summaryIndex, delta });
        w.emit('response.reasoning_summary_text.done', { ...itemId, summary_index: summaryIndex, text });
        w.emit('response.reasoning_summary_part.done', { ...itemId, summary_index: summaryIndex, part: { type: 'summary_text', text } });
      });
      break;
    }
    case 'web_search_call':
      w.emit('response.output_item.added', { ...at, item: { type: 'web_search_call', id: item.id, status: 'in_progress', action: { type: 'search' } } });
      for (const phase of ['in_progress', 'searching', 'completed']) w.emit(`response.web_search_call.${phase}`, itemId);
      break;
    case 'message': {
      const part = (item.content as Json[])[0]!;
      const text = String(part.text);
      const content = { ...itemId, content_index: 0 };
      w.emit('response.output_item.added', { ...at, item: { id: item.id, type: 'message', status: 'in_progress', role: 'assistant', content: [] } });
      w.emit('response.content_part.added', { ...content, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } });
      for (const delta of chunkText(text)) w.emit('response.output_text.delta', { ...content, delta, logprobs: [] });
      (part.annotations as Json[]).forEach((annotation, annotationIndex) => {
        w.emit('response.output_text.annotation.added', { ...content, annotation_index: annotationIndex, annotation });
      });
      w.emit('response.output_text.done', { ...content, text, logprobs: [] });
      w.emit('response.content_part.done', { ...content, part });
      break;
    }
    case 'function_call': {
      const args = String(item.arguments);
      w.emit('response.output_item.added', { ...at, item: { ...item, status: 'in_progress', arguments: '' } });
      // Arguments stream in pieces, as OpenAI sends them.
      const half = Math.ceil(args.length / 2);
      for (const delta of [args.slice(0, half), args.slice(half)]) if (delta) w.emit('response.function_call_arguments.delta', { ...itemId, delta });
      w.emit('response.function_call_arguments.done', { ...itemId, name: item.name, arguments: args });
      break;
    }
  }
  w.emit('response.output_item.done', { ...at, item });
}

/** The full event stream of an answer. */
export function responseEvents(answer: ResponsesAnswer): string[] {
  const w = new EventWriter();
  w.emit('response.created', { response: responseObject(answer, 'in_progress') });
  w.emit('response.in_progress', { response: responseObject(answer, 'in_progress') });
  const items = outputItems(answer);
  items.forEach((item, index) => {
    streamItem(w, item, index);
  });
  const final = responseObject(answer, 'final', items);
  w.emit(final.status === 'incomplete' ? 'response.incomplete' : 'response.completed', { response: final });
  return w.frames;
}

/** A stream that fails after it started (scenario fault=failed). */
export function failedEvents(answer: ResponsesAnswer): string[] {
  const w = new EventWriter();
  w.emit('response.created', { response: responseObject(answer, 'in_progress') });
  w.emit('response.in_progress', { response: responseObject(answer, 'in_progress') });
  w.emit('response.failed', { response: responseObject(answer, 'failed') });
  return w.frames;
}
