/** Canonical tools and tool choice → Converse toolConfig. */
import type { ChatRequest, ToolChoice, ToolDefinition } from '../../core/types.js';
import { wantsOneToolCallAtATime } from '../spec/parallel-tool-calls.js';
import { dropOrReject } from '../spec/params.js';
import type { ProviderSettings } from '../spec/provider.js';
import type { EncodedConversation } from './encode-messages.js';

type Json = Record<string, unknown>;

/** A toolSpec. Converse needs an object schema at the top, so a missing type becomes "object". */
function toolSpec(tool: ToolDefinition): Json {
  const params = tool.parameters ?? {};
  const schema = Object.keys(params).length === 0 ? { type: 'object', properties: {} } : 'type' in params ? params : { type: 'object', ...params };
  const spec: Json = { name: tool.name };
  // description is a NonEmptyString in the service model.
  if (tool.description) spec.description = tool.description;
  spec.inputSchema = { json: schema };
  if (tool.strict !== undefined) spec.strict = tool.strict;
  return { toolSpec: spec };
}

/** The toolSpec, followed by a cachePoint when the tool ends a prompt-cache prefix. */
function toolEntries(tool: ToolDefinition): Json[] {
  const ttl = tool.cacheControl?.ttl;
  if (!tool.cacheControl) return [toolSpec(tool)];
  return [toolSpec(tool), { cachePoint: ttl === '5m' || ttl === '1h' ? { type: 'default', ttl } : { type: 'default' } }];
}

function encodeChoice(choice: Exclude<ToolChoice, 'none'>): Json {
  if (choice === 'auto') return { auto: {} };
  if (choice === 'required') return { any: {} };
  return { tool: { name: choice.name } };
}

/**
 * Builds toolConfig, or undefined when none should be sent.
 * - tool_choice "none" has no Converse equivalent: the tools are left out, unless the history
 *   holds tool blocks, in which case Converse insists on toolConfig and the tools stay (without a
 *   toolChoice), so the model could still call one.
 * - A history with tool blocks but no tools in the request (a common "now summarise" turn)
 *   gets stand-in specs for the tools it used, because Converse rejects such a request otherwise.
 */
export function encodeToolConfig(request: ChatRequest, conversation: EncodedConversation, settings: ProviderSettings, thinking: boolean): Json | undefined {
  const tools = request.tools ?? [];
  let choice = request.toolChoice;
  if (tools.length === 0) {
    if (!conversation.hasToolBlocks || conversation.historyToolNames.length === 0) return undefined;
    return {
      tools: conversation.historyToolNames.map((name) => ({
        toolSpec: { name, description: 'A tool used earlier in this conversation.', inputSchema: { json: { type: 'object' } } },
      })),
    };
  }
  // Converse has no switch for it; a choice that allows only one call needs none.
  if (wantsOneToolCallAtATime(request)) dropOrReject(settings, 'parallel_tool_calls', 'cannot be turned off');
  if (choice === 'none' && !conversation.hasToolBlocks) return undefined;
  if (thinking && (choice === 'required' || typeof choice === 'object')) {
    dropOrReject(settings, 'tool_choice', 'cannot force a tool call while reasoning (thinking) is on');
    choice = 'auto';
  }
  const config: Json = { tools: tools.flatMap(toolEntries) };
  if (choice !== undefined && choice !== 'none') config.toolChoice = encodeChoice(choice);
  return config;
}
