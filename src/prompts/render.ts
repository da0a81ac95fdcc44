/**
 * Renders a stored prompt version into a canonical request: the caller's variables checked
 * (variables.ts), the template's messages filled in with the shared placeholder parser and put
 * before the caller's own messages, the version's defaults applied where the request sets
 * nothing, and `request.prompt` cleared so no provider ever sees it. Pure.
 */
import type { ChatRequest, Message } from '../core/types.js';
import { fillPlaceholders } from './placeholders.js';
import { applyTemplateDefaults } from './template-defaults.js';
import type { PromptVersion, TemplateMessage } from './types.js';
import { resolveVariables, type VariableOptions } from './variables.js';

/** A value as text: strings as they are, anything else as JSON. */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** One template message as a canonical message (system and developer become the system role). */
function messageOf(message: TemplateMessage, values: ReadonlyMap<string, unknown>): Message {
  const text = fillPlaceholders(message.content, (name) => {
    const value = values.get(name);
    return value === undefined ? '' : asText(value);
  });
  const content = [{ type: 'text' as const, text }];
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content };
    case 'assistant':
      return { role: 'assistant', content };
    default:
      return { role: 'user', content };
  }
}

/** The request with the version rendered into it; throws a 400 GatewayError for a variable that is missing, mistyped or undeclared. */
export function renderPrompt(request: ChatRequest, version: PromptVersion, options: VariableOptions = {}): ChatRequest {
  const template = version.template;
  const values = resolveVariables(template.variables, request.prompt?.variables, options);
  const rendered = template.messages.map((message) => messageOf(message, values));
  const { prompt: _prompt, ...rest } = request;
  const out: ChatRequest = { ...rest, messages: [...rendered, ...request.messages] };
  applyTemplateDefaults(out, template);
  return out;
}
