/**
 * Prompt and completion content on the request span, off by default (`traces.capture_content`:
 * true, or a list of team ids or names). It follows the current GenAI conventions: one
 * `gen_ai.client.inference.operation.details` span event carrying gen_ai.system_instructions,
 * gen_ai.input.messages and gen_ai.output.messages as JSON (the per-message events of
 * semconv ≤1.36 are deprecated). Every text passes through redaction first: the credentials of
 * the providers the request could reach, those minted for it, then the `redactContent` hook
 * (guardrails' PII redaction fills it when they land; until then it changes nothing).
 */
import type { ChatRequest, ChatResponse, ContentPart, Message, ToolCall } from '../../core/types.js';
import type { RequestContext } from '../../pipeline/context.js';
import { redactSecrets } from '../../pipeline/redact.js';
import type { ProviderSettings } from '../../providers/spec/provider.js';

/** The event name of the GenAI conventions for captured content. */
export const CONTENT_EVENT = 'gen_ai.client.inference.operation.details';

/** Rewrites one piece of captured text (PII redaction); identity by default. */
export type RedactContent = (text: string) => string;

/** The config's capture_content as a per-request test, built once. */
export function capturePolicy(setting: boolean | readonly string[]): (ctx: RequestContext) => boolean {
  if (setting === true) return () => true;
  if (setting === false || setting.length === 0) return () => false;
  const teams = new Set(setting);
  return (ctx) => {
    const identity = ctx.identity;
    return (
      identity !== undefined && ((identity.team !== undefined && teams.has(identity.team)) || (identity.teamName !== undefined && teams.has(identity.teamName)))
    );
  };
}

/** What a streamed answer said, assembled by the capture tap. */
export interface StreamedOutput {
  text: string;
  toolCalls: { id: string; name: string; arguments: string }[];
}

type Part = Record<string, unknown>;

/** Settings without credentials: redaction of runtime secrets alone. */
const NO_PROVIDER = { headers: {} } as unknown as ProviderSettings;

/** Redacts with every credential this request could have carried, then the hook. */
function redactorFor(ctx: RequestContext, hook: RedactContent | undefined): (text: string) => string {
  const settings = new Set(ctx.targets.map((target) => target.compiled.settings));
  for (const attempt of ctx.attempts) if (attempt.target) settings.add(attempt.target.compiled.settings);
  return (text) => {
    let out = text;
    for (const s of settings) out = redactSecrets(out, s, ctx.runtimeSecrets);
    if (settings.size === 0 && ctx.runtimeSecrets.length > 0) out = redactSecrets(out, NO_PROVIDER, ctx.runtimeSecrets);
    return hook ? hook(out) : out;
  };
}

function partsOf(content: readonly ContentPart[], redact: (text: string) => string): Part[] {
  const parts: Part[] = [];
  for (const part of content) {
    if (part.type === 'text') parts.push({ type: 'text', content: redact(part.text) });
    else if (part.type === 'reasoning') parts.push({ type: 'reasoning', content: redact(part.text) });
    // Images are named, not copied: a base64 body would dwarf the span.
    else if (part.type === 'image')
      parts.push(part.url ? { type: 'uri', modality: 'image', uri: redact(part.url) } : { type: 'blob', modality: 'image', mime_type: part.mediaType });
  }
  return parts;
}

function toolCallParts(calls: readonly { id: string; name: string; arguments: string }[] | undefined, redact: (text: string) => string): Part[] {
  return (calls ?? [])
    .filter((call) => call !== undefined)
    .map((call) => ({ type: 'tool_call', id: call.id, name: call.name, arguments: redact(call.arguments) }));
}

function inputMessages(messages: readonly Message[], redact: (text: string) => string): { system: Part[]; input: Part[] } {
  const system: Part[] = [];
  const input: Part[] = [];
  for (const message of messages) {
    if (message.role === 'system' || message.role === 'developer') system.push(...partsOf(message.content, redact));
    else if (message.role === 'tool') {
      const text = message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
      input.push({ role: 'tool', parts: [{ type: 'tool_call_response', id: message.toolCallId, response: redact(text) }] });
    } else if (message.role === 'assistant')
      input.push({ role: 'assistant', parts: [...partsOf(message.content, redact), ...toolCallParts(message.toolCalls as ToolCall[] | undefined, redact)] });
    else input.push({ role: 'user', parts: partsOf(message.content, redact) });
  }
  return { system, input };
}

/** The event's attributes for a chat request and its answer (non-streamed response or assembled stream). */
export function contentAttributes(ctx: RequestContext, streamed: StreamedOutput | undefined, hook: RedactContent | undefined): Record<string, string> {
  const redact = redactorFor(ctx, hook);
  const request = ctx.request as ChatRequest | undefined;
  const out: Record<string, string> = {};
  if (request?.messages) {
    const { system, input } = inputMessages(request.messages, redact);
    if (system.length > 0) out['gen_ai.system_instructions'] = JSON.stringify(system);
    out['gen_ai.input.messages'] = JSON.stringify(input);
  }
  const response = ctx.response as ChatResponse | undefined;
  let parts: Part[] | undefined;
  if (streamed) parts = [...(streamed.text ? [{ type: 'text', content: redact(streamed.text) }] : []), ...toolCallParts(streamed.toolCalls, redact)];
  else if (response && typeof response.text === 'string')
    parts = [...(response.text ? [{ type: 'text', content: redact(response.text) }] : []), ...toolCallParts(response.toolCalls, redact)];
  if (parts) out['gen_ai.output.messages'] = JSON.stringify([{ role: 'assistant', parts, finish_reason: ctx.finishReason ?? 'error' }]);
  return out;
}
