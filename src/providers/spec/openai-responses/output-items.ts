/**
 * Reading OpenAI Responses output items: which ones the canonical form models (messages,
 * function calls, reasoning) and what they carry. Every other item (web_search_call,
 * file_search_call, code_interpreter_call, image_generation_call, mcp_*, computer_call, ...) is
 * kept verbatim as a native item.
 */
import { asArray, asObject, asString } from '../json.js';

/** Item types with a canonical form of their own. */
const MODELLED = new Set(['message', 'function_call', 'reasoning']);

/** Whether an output item travels verbatim as a native item. */
export function isNativeItem(item: Record<string, unknown>): boolean {
  return !MODELLED.has(asString(item.type) ?? '');
}

/** Separates the summary parts of a reasoning item, in both the whole and the streamed answer. */
export const SUMMARY_PART_SEPARATOR = '\n\n';

/**
 * The readable reasoning of a reasoning item: its summary parts, or (for models that return it)
 * its reasoning_text content when there is no summary.
 */
export function reasoningTextOf(item: Record<string, unknown>): string {
  const summary = asArray(item.summary).map((part) => asString(asObject(part)?.text) ?? '');
  if (summary.length > 0) return summary.join(SUMMARY_PART_SEPARATOR);
  return asArray(item.content)
    .map((part) => asString(asObject(part)?.text) ?? '')
    .join('');
}

/** The output text and refusal of a message item. */
export function messageTextOf(item: Record<string, unknown>): { text: string; refusal: string } {
  let text = '';
  let refusal = '';
  for (const raw of asArray(item.content)) {
    const part = asObject(raw);
    if (part?.type === 'output_text') text += asString(part.text) ?? '';
    else if (part?.type === 'refusal') refusal += asString(part.refusal) ?? '';
  }
  return { text, refusal };
}
