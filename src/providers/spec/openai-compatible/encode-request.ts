/** Canonical ChatRequest → OpenAI Chat Completions request body. */
import { invalidRequest } from '../../../core/errors.js';
import type { ChatRequest, ContentPart, Message, ToolChoice } from '../../../core/types.js';
import { wantsOneToolCallAtATime } from '../parallel-tool-calls.js';
import { dropOrReject } from '../params.js';
import type { ProviderSettings } from '../provider.js';
import { effortForBudget } from '../reasoning.js';
import type { OpenAIDialect } from './dialect.js';
import { encodeOptions } from './encode-options.js';

type Json = Record<string, unknown>;

function textOf(parts: ContentPart[]): string {
  let text = '';
  for (const part of parts) if (part.type === 'text') text += part.text;
  return text;
}

function encodeUserContent(parts: ContentPart[], settings: ProviderSettings, dialect: OpenAIDialect): string | Json[] {
  if (parts.length === 1 && parts[0]!.type === 'text') return parts[0]!.text;
  const out: Json[] = [];
  for (const part of parts) {
    if (part.type === 'text') out.push({ type: 'text', text: part.text });
    else if (part.type === 'image') {
      if (!dialect.supports.images) {
        dropOrReject(settings, 'messages[].content[].image_url', 'is not supported (no image input)');
        continue;
      }
      const url = part.url ?? `data:${part.mediaType ?? 'image/png'};base64,${part.data ?? ''}`;
      out.push({ type: 'image_url', image_url: part.detail ? { url, detail: part.detail } : { url } });
    }
    // Reasoning parts have no place in a user turn of this API; there are none in valid input.
  }
  return out;
}

function encodeMessage(message: Message, settings: ProviderSettings, dialect: OpenAIDialect): Json {
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: message.role === 'developer' && dialect.developerRole ? 'developer' : 'system', content: textOf(message.content) };
    case 'user': {
      const out: Json = { role: 'user', content: encodeUserContent(message.content, settings, dialect) };
      if (message.name && (dialect.supports.messageName !== false || !dropOrReject(settings, 'messages[].name'))) out.name = message.name;
      return out;
    }
    case 'assistant': {
      // Reasoning from earlier turns is not sent back: Chat Completions has no field for it. The
      // exception is a dialect that needs it on tool-call turns (DeepSeek's thinking mode).
      const text = textOf(message.content);
      const out: Json = { role: 'assistant', content: text.length > 0 ? text : null };
      if (message.toolCalls && message.toolCalls.length > 0) {
        out.tool_calls = message.toolCalls.map((call) => ({
          id: dialect.toolCallId ? dialect.toolCallId(call.id) : call.id,
          type: 'function',
          function: { name: call.name, arguments: call.arguments },
        }));
        if (dialect.assistantReasoningField) {
          let reasoning = '';
          for (const part of message.content) if (part.type === 'reasoning') reasoning += part.text;
          if (reasoning.length > 0) out[dialect.assistantReasoningField] = reasoning;
        }
      }
      if (message.refusal) out.refusal = message.refusal;
      return out;
    }
    case 'tool':
      return {
        role: 'tool',
        tool_call_id: dialect.toolCallId ? dialect.toolCallId(message.toolCallId) : message.toolCallId,
        content: textOf(message.content),
      };
  }
}

function encodeToolChoice(choice: ToolChoice, dialect: OpenAIDialect): unknown {
  if (choice === 'required') return dialect.requiredToolChoice;
  if (typeof choice === 'string') return choice;
  return { type: 'function', function: { name: choice.name } };
}

/** Builds the JSON body for POST /chat/completions in the given dialect. */
export function encodeChatBody(request: ChatRequest, settings: ProviderSettings, dialect: OpenAIDialect): Json {
  const body: Json = {
    model: request.model,
    messages: request.messages.map((m) => encodeMessage(m, settings, dialect)),
  };
  if (request.stream) {
    body.stream = true;
    // Usage is always requested: cost accounting needs it even when the client did not ask.
    if (dialect.streamUsageOption) body.stream_options = { include_usage: true };
  }
  const s = dialect.supports;
  if (request.tools && request.tools.length > 0) {
    if (!s.tools) dropOrReject(settings, 'tools');
    else
      body.tools = request.tools.map((tool) => ({
        type: 'function',
        function: {
          name: tool.name,
          ...(tool.description !== undefined ? { description: tool.description } : {}),
          parameters: tool.parameters,
          ...(tool.strict !== undefined ? { strict: tool.strict } : {}),
        },
      }));
  }
  if (request.toolChoice !== undefined && body.tools) {
    if (s.toolChoice === false) {
      // 'auto' is what such an API does anyway, so leaving it out changes nothing.
      if (request.toolChoice !== 'auto') dropOrReject(settings, 'tool_choice');
    } else if (request.toolChoice === 'required' && !s.toolChoiceRequired) dropOrReject(settings, 'tool_choice', "value 'required' is not supported");
    else body.tool_choice = encodeToolChoice(request.toolChoice, dialect);
  }
  if (request.parallelToolCalls !== undefined && body.tools) {
    if (s.parallelToolCalls) body.parallel_tool_calls = request.parallelToolCalls;
    else if (wantsOneToolCallAtATime(request)) dropOrReject(settings, 'parallel_tool_calls');
  }
  const format = request.responseFormat;
  if (format && format.type === 'json_object') {
    if (s.jsonObject) body.response_format = { type: 'json_object' };
    else dropOrReject(settings, 'response_format');
  } else if (format && format.type === 'json_schema') {
    if (s.jsonSchema)
      body.response_format = {
        type: 'json_schema',
        json_schema: {
          name: format.name,
          schema: format.schema,
          ...(format.strict !== undefined ? { strict: format.strict } : {}),
          ...(format.description !== undefined ? { description: format.description } : {}),
        },
      };
    else dropOrReject(settings, 'response_format');
  }
  if (request.stop && request.stop.length > 0) {
    if (s.stop) body.stop = request.stop;
    else dropOrReject(settings, 'stop');
  }
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.topK !== undefined) {
    if (s.topK) body.top_k = request.topK;
    else dropOrReject(settings, 'top_k');
  }
  if (request.maxTokens !== undefined) body[dialect.maxTokensField] = request.maxTokens;
  if (request.seed !== undefined) {
    if (s.seed) body[dialect.seedField] = request.seed;
    else dropOrReject(settings, 'seed');
  }
  if (request.frequencyPenalty !== undefined) {
    if (s.frequencyPenalty) body.frequency_penalty = request.frequencyPenalty;
    else dropOrReject(settings, 'frequency_penalty');
  }
  if (request.presencePenalty !== undefined) {
    if (s.presencePenalty) body.presence_penalty = request.presencePenalty;
    else dropOrReject(settings, 'presence_penalty');
  }
  if (request.reasoning) {
    const effort = request.reasoning.effort ?? (request.reasoning.budgetTokens !== undefined ? effortForBudget(request.reasoning.budgetTokens) : undefined);
    if (effort !== undefined) {
      if (!s.reasoningEffort) dropOrReject(settings, 'reasoning_effort');
      else if (dialect.encodeReasoning) Object.assign(body, dialect.encodeReasoning(effort, request, settings));
      else body.reasoning_effort = effort;
    }
  }
  // `user` only attributes the call (abuse monitoring) and never changes the output: it is sent
  // where the API has the field and otherwise left out, by design (docs/providers.md).
  if (request.user !== undefined && s.user) body.user = request.user;
  encodeOptions(request, settings, dialect, body);
  if (request.messages.length === 0) throw invalidRequest('messages must not be empty.', 'messages');
  if (dialect.extraBody) Object.assign(body, dialect.extraBody);
  return body;
}
