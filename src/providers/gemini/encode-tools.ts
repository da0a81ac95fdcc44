/** Canonical tools and tool_choice → Gemini `tools[].functionDeclarations` and `toolConfig`. */
import { invalidRequest } from '../../core/errors.js';
import type { ToolChoice, ToolDefinition } from '../../core/types.js';
import { isEmptyObjectSchema, toGeminiSchema } from './schema.js';

/** The tool-related fields of a Gemini request. */
export interface EncodedTools {
  tools?: Array<{ functionDeclarations: Array<Record<string, unknown>> }>;
  toolConfig?: { functionCallingConfig: { mode: 'AUTO' | 'ANY' | 'NONE'; allowedFunctionNames?: string[] } };
}

function declaration(tool: ToolDefinition): Record<string, unknown> {
  const out: Record<string, unknown> = { name: tool.name };
  if (tool.description) out.description = tool.description;
  const parameters = toGeminiSchema(tool.parameters);
  // A function without arguments is declared without parameters: Gemini refuses an OBJECT
  // schema with no properties.
  if (!isEmptyObjectSchema(parameters)) out.parameters = parameters;
  return out;
}

/**
 * Encodes tool declarations and the calling mode. `strict` has no Gemini counterpart (Gemini
 * has no per-tool strict flag), so it is not sent.
 */
export function encodeTools(tools: ToolDefinition[] | undefined, choice: ToolChoice | undefined): EncodedTools {
  if (!tools || tools.length === 0) {
    if (choice === 'required' || (typeof choice === 'object' && choice !== null)) {
      throw invalidRequest('tool_choice requires at least one tool.', 'tool_choice');
    }
    return {};
  }
  const out: EncodedTools = { tools: [{ functionDeclarations: tools.map(declaration) }] };
  if (choice === 'auto') out.toolConfig = { functionCallingConfig: { mode: 'AUTO' } };
  else if (choice === 'none') out.toolConfig = { functionCallingConfig: { mode: 'NONE' } };
  else if (choice === 'required') out.toolConfig = { functionCallingConfig: { mode: 'ANY' } };
  else if (choice) {
    if (!tools.some((t) => t.name === choice.name)) {
      throw invalidRequest(`tool_choice names '${choice.name}', which is not among the tools.`, 'tool_choice');
    }
    out.toolConfig = { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.name] } };
  }
  return out;
}
