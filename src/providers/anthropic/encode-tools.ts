/** Canonical tools and tool_choice → Anthropic tools and tool_choice. */
import { invalidRequest } from '../../core/errors.js';
import type { ToolChoice, ToolDefinition } from '../../core/types.js';
import type { Block } from './encode-content.js';

/** Function tools as Anthropic custom tools; a missing schema becomes an empty object schema. */
export function encodeTools(tools: ToolDefinition[]): Block[] {
  return tools.map((tool) => {
    const schema = Object.keys(tool.parameters).length > 0 ? tool.parameters : { type: 'object', properties: {} };
    const block: Block = { name: tool.name };
    if (tool.description !== undefined) block.description = tool.description;
    block.input_schema = schema;
    if (tool.strict !== undefined) block.strict = tool.strict;
    if (tool.cacheControl) block.cache_control = { ...tool.cacheControl };
    // Fields the Anthropic ingress checked and kept for Anthropic only (eager_input_streaming, ...).
    if (tool.anthropicExtras) Object.assign(block, tool.anthropicExtras);
    return block;
  });
}

/**
 * The tool_choice object. parallel=false becomes disable_parallel_tool_use, which Anthropic
 * accepts on auto/any/tool; with no explicit choice it rides on an explicit {type:"auto"}.
 */
export function encodeToolChoice(choice: ToolChoice | undefined, parallel: boolean | undefined, hasTools: boolean): Block | undefined {
  if (!hasTools) {
    // Without tools, auto and none mean the same as leaving tool_choice out.
    if (choice === 'required' || typeof choice === 'object') {
      throw invalidRequest('tool_choice requires at least one tool.', 'tool_choice');
    }
    return undefined;
  }
  if (choice === 'none') return { type: 'none' };
  let block: Block | undefined;
  if (choice === 'auto') block = { type: 'auto' };
  else if (choice === 'required') block = { type: 'any' };
  else if (typeof choice === 'object') block = { type: 'tool', name: choice.name };
  if (parallel === false) block = { ...(block ?? { type: 'auto' }), disable_parallel_tool_use: true };
  return block;
}
