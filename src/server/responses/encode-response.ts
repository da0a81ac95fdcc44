/**
 * Canonical ChatResponse → the Responses `response` object. Output items in order: the reasoning
 * item (its text as a summary, and the state a later turn needs in encrypted_content), the
 * built-in tool items a Responses API returned, the assistant message, then one function_call
 * item per tool call.
 */
import { responseItemId } from '../../core/ids.js';
import type { ChatResponse } from '../../core/types.js';
import { packReasoning } from './reasoning-carrier.js';
import {
  buildResponseObject,
  functionCallItem,
  incompleteReasonOf,
  messageItem,
  outputTextPart,
  type ResponseShell,
  reasoningItem,
} from './response-object.js';

type Obj = Record<string, unknown>;

function callSignatures(response: ChatResponse): Record<string, string> | undefined {
  let signatures: Record<string, string> | undefined;
  for (const call of response.toolCalls) if (call.signature) (signatures ??= {})[call.id] = call.signature;
  return signatures;
}

/** The output items of a whole answer. */
export function encodeOutput(shell: ResponseShell, response: ChatResponse): Obj[] {
  const output: Obj[] = [];
  // What a later turn needs back: OpenAI's own reasoning item, or other providers' signatures.
  const encrypted = packReasoning({
    signature: response.reasoningSignature,
    redacted: response.redactedReasoning,
    callSignatures: callSignatures(response),
    openaiId: response.openaiReasoningId,
    openaiEncrypted: response.encryptedReasoning,
  });
  const reasoning = response.reasoning ?? '';
  if (reasoning !== '' || encrypted !== undefined) output.push(reasoningItem(responseItemId('rs', shell.id, output.length), reasoning, encrypted));
  for (const item of response.nativeItems ?? []) output.push(item);
  const incomplete = incompleteReasonOf(response.finishReason) !== undefined;
  if (response.text !== '' || response.refusal !== undefined || response.toolCalls.length === 0) {
    const content: Obj[] = [];
    if (response.text !== '' || response.refusal === undefined) content.push(outputTextPart(response.text, response.logprobs));
    if (response.refusal !== undefined) content.push({ type: 'refusal', refusal: response.refusal });
    output.push(messageItem(responseItemId('msg', shell.id, output.length), incomplete ? 'incomplete' : 'completed', content));
  }
  for (const call of response.toolCalls) output.push(functionCallItem(responseItemId('fc', shell.id, output.length), 'completed', call));
  return output;
}

/** The response object of a non-streamed answer. */
export function encodeResponsesResponse(shell: ResponseShell, response: ChatResponse): Obj {
  const reason = incompleteReasonOf(response.finishReason);
  return buildResponseObject(shell, {
    status: reason ? 'incomplete' : 'completed',
    model: response.model,
    output: encodeOutput(shell, response),
    usage: response.usage,
    incompleteReason: reason,
    serviceTier: response.serviceTier,
    completedAt: Math.floor(Date.now() / 1000),
  });
}
