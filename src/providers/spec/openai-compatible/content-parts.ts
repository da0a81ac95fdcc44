/**
 * Message content in the forms compatible APIs answer with: a string (OpenAI), or an array of
 * typed chunks where reasoning travels as `thinking` chunks (Mistral's Magistral models).
 */
import { asArray, asObject, asString } from '../json.js';

/** The visible text and the reasoning text carried by one content value. */
export interface SplitContent {
  text: string;
  reasoning: string;
}

function thinkingText(value: unknown): string {
  if (typeof value === 'string') return value;
  let text = '';
  for (const item of asArray(value)) text += asString(asObject(item)?.text) ?? '';
  return text;
}

/** Splits a content value into text and reasoning; unknown chunk types carry no text. */
export function splitContent(content: unknown): SplitContent {
  if (typeof content === 'string') return { text: content, reasoning: '' };
  let text = '';
  let reasoning = '';
  for (const item of asArray(content)) {
    const chunk = asObject(item);
    if (chunk?.type === 'text') text += asString(chunk.text) ?? '';
    else if (chunk?.type === 'thinking') reasoning += thinkingText(chunk.thinking);
  }
  return { text, reasoning };
}
