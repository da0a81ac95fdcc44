/** Canonical stream events → OpenAI chat.completion.chunk SSE text. */
import type { GatewayError } from '../../core/errors.js';
import type { StreamEvent, Usage } from '../../core/types.js';
import type { EncodeContext, StreamEncoder } from '../ingress.js';
import { encodeOpenAIErrorBody } from './encode-error.js';
import { encodeOpenAITokenLogprobs, encodeOpenAIUsage } from './encode-response.js';

/**
 * Builds chunks the way OpenAI streams them: role on the first chunk, tool-call id and name on
 * the first fragment of each call, finish_reason on an empty delta, and the usage chunk (empty
 * choices) only when the client asked for it with stream_options.include_usage.
 */
export function createOpenAIStreamEncoder(context: EncodeContext): StreamEncoder {
  let head = '';
  let id = '';
  let model = '';
  let created = 0;
  const tail = context.includeUsage ? ',"usage":null}' : '}';
  let usage: Usage | undefined;
  let failed = false;

  // The constant prefix of every chunk is serialised once per stream, not once per token.
  const chunk = (delta: string, finish: string | null = null, logprobs = 'null') =>
    `data: ${head}"choices":[{"index":0,"delta":${delta},"logprobs":${logprobs},"finish_reason":${finish === null ? 'null' : JSON.stringify(finish)}}]${tail}\n\n`;

  return {
    encode(event: StreamEvent): string {
      switch (event.type) {
        case 'start':
          id = event.id.startsWith('chatcmpl') ? event.id : `chatcmpl-${event.id}`;
          model = event.model || context.requestedModel;
          created = event.created;
          head = `{"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},`;
          // OpenAI repeats the tier and fingerprint on every chunk; they are known from the first.
          if (event.serviceTier !== undefined) head += `"service_tier":${JSON.stringify(event.serviceTier)},`;
          if (event.systemFingerprint !== undefined) head += `"system_fingerprint":${JSON.stringify(event.systemFingerprint)},`;
          return chunk('{"role":"assistant","content":""}');
        case 'text':
          // The tokens' log-probabilities ride on the chunk that carries their text, as OpenAI sends them.
          if (event.logprobs) {
            return chunk(
              `{"content":${JSON.stringify(event.text)}}`,
              null,
              `{"content":${JSON.stringify(encodeOpenAITokenLogprobs(event.logprobs))},"refusal":null}`,
            );
          }
          return chunk(`{"content":${JSON.stringify(event.text)}}`);
        case 'reasoning':
          return chunk(`{"reasoning_content":${JSON.stringify(event.text)}}`);
        case 'tool_call_start':
          return chunk(
            `{"tool_calls":[{"index":${event.index},"id":${JSON.stringify(event.id)},"type":"function","function":{"name":${JSON.stringify(event.name)},"arguments":""}}]}`,
          );
        case 'tool_call_delta':
          return chunk(`{"tool_calls":[{"index":${event.index},"function":{"arguments":${JSON.stringify(event.arguments)}}}]}`);
        case 'finish':
          return chunk('{}', event.reason === 'error' ? 'stop' : event.reason);
        case 'usage':
          // Usage events are cumulative snapshots; OpenAI sends one usage chunk, just before [DONE].
          usage = event.usage;
          return '';
        default:
          return '';
      }
    },
    end(): string {
      const usageChunk = context.includeUsage && usage && !failed ? `data: ${head}"choices":[],"usage":${JSON.stringify(encodeOpenAIUsage(usage))}}\n\n` : '';
      return `${usageChunk}data: [DONE]\n\n`;
    },
    error(error: GatewayError): string {
      failed = true;
      return `data: ${JSON.stringify(encodeOpenAIErrorBody(error))}\n\n`;
    },
  };
}
