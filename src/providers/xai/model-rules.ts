/**
 * xAI's per-model rules. Reasoning models reject presence_penalty, frequency_penalty and stop;
 * only some models take reasoning_effort (grok-3-mini: low|high; grok-4.3 and later: none|low|medium|high),
 * and sending it to the others (grok-3, grok-4, grok-4-fast-reasoning) is an error.
 */
import type { ReasoningEffort } from '../../core/types.js';
import { dropOrReject } from '../spec/params.js';
import type { ProviderSettings } from '../spec/provider.js';

/** Whether the model reasons (and so refuses penalties and stop). */
export function isXaiReasoningModel(model: string): boolean {
  if (/non-reasoning/.test(model)) return false;
  return /grok-3-mini|grok-4|grok-code/.test(model);
}

/** Whether the model accepts reasoning_effort at all. */
export function acceptsReasoningEffort(model: string): boolean {
  return /grok-3-mini/.test(model) || /grok-4\.([3-9]|\d{2,})/.test(model);
}

/** reasoning_effort for a model that takes it: grok-3-mini knows only low and high. */
export function xaiReasoning(effort: ReasoningEffort, model: string, settings: ProviderSettings): Record<string, unknown> {
  if (!/grok-3-mini/.test(model)) return { reasoning_effort: effort === 'minimal' ? 'low' : effort };
  if (effort === 'none') {
    dropOrReject(settings, 'reasoning_effort', `value 'none' is not supported for ${model}`);
    return {};
  }
  return { reasoning_effort: effort === 'minimal' || effort === 'low' ? 'low' : 'high' };
}
