/**
 * When "no parallel tool calls" (canonical parallelToolCalls: false) asks a provider for anything.
 * Some APIs have no switch for it (Gemini, Bedrock Converse, Cohere, a few OpenAI-compatible
 * servers) and refuse the request rather than ignore the wish. But a request that forces exactly
 * one tool (a named tool_choice, or 'required' with a single tool on offer) or forbids tool calls
 * ('none') already leaves nothing to run in parallel: refusing it would only break clients such as
 * the Vercel AI SDK's generateObject, which forces one tool with disable_parallel_tool_use.
 */
import type { ChatRequest } from '../../core/types.js';

/** True when the request turns parallel tool calls off and its tool choice still allows several calls. */
export function wantsOneToolCallAtATime(request: ChatRequest): boolean {
  if (request.parallelToolCalls !== false) return false;
  const choice = request.toolChoice;
  if (choice === 'none' || typeof choice === 'object') return false;
  if (choice === 'required' && request.tools?.length === 1) return false;
  return true;
}
