/**
 * The smart router's whole per-request decision for a model group: score the prompt, pick a target
 * by the thresholds, and move to a target that can actually serve the request when the pick cannot.
 * Pure apart from the lazily loaded model and catalog; the router calls it and sets ctx.targets.
 */
import type { ChatRequest, Message } from '../../core/types.js';
import { canServe, needsOf, type ServableTarget } from './capable.js';
import { chooseCandidate } from './choose.js';
import type { PromptInput } from './features.js';
import { getRouterModel, type RouterModel, scorePrompt } from './model.js';

/** The outcome for one request. */
export interface SmartDecision {
  /** Index (into the group's targets) of the target to try first. */
  index: number;
  /** Every target index to try, the chosen one first, then the other capable ones strongest first. */
  order: number[];
  /** The prompt's routing score, 0..1 (model.ts routingScore: difficulty per extra dollar). */
  score: number;
  /** Header-safe reason, e.g. "smart:strong(0.71)", "smart:weak(0.08)", "smart:tier1(0.30,capability)". */
  reason: string;
}

function textOf(message: Message): string {
  const parts = message.content;
  if (parts.length === 1) return parts[0]!.type === 'text' ? parts[0]!.text : '';
  let text = '';
  for (const part of parts) if (part.type === 'text') text = text.length === 0 ? part.text : `${text}\n${part.text}`;
  return text;
}

/** The router's view of a request: the last user turn, the system prompt and the number of user turns. */
export function promptOf(request: ChatRequest): PromptInput {
  let last: Message | undefined;
  let system: Message | undefined;
  let turns = 0;
  for (const message of request.messages) {
    if (message.role === 'user') {
      last = message;
      turns++;
    } else if ((message.role === 'system' || message.role === 'developer') && system === undefined) system = message;
  }
  const input: PromptInput = { text: last ? textOf(last) : '', turns: Math.max(1, turns) };
  if (system) input.system = textOf(system);
  return input;
}

function label(index: number, count: number): string {
  if (index === 0) return 'strong';
  if (index === count - 1) return 'weak';
  return `tier${index}`;
}

/**
 * Decides which of `targets` (strongest first) serves `request`, with `thresholds` strongest first
 * (one fewer than the targets, as ModelGroup.smart has them). When the scored choice cannot serve
 * the request (canServe), the nearest stronger capable target is used, else the nearest cheaper;
 * when none can, the scored choice stands and the usual fallbacks deal with the refusal.
 */
export function decideSmart(
  targets: readonly ServableTarget[],
  thresholds: readonly number[],
  request: ChatRequest,
  model: RouterModel = getRouterModel(),
): SmartDecision {
  const needs = needsOf(request);
  const input = promptOf(request);
  input.inputTokens = needs.inputTokens;
  const score = scorePrompt(input, model);
  const scored = Math.min(chooseCandidate(score, thresholds), targets.length - 1);
  const capable = targets.map((target) => canServe(target, needs));
  let index = scored;
  if (!capable[scored]) {
    let found = -1;
    for (let i = scored - 1; i >= 0 && found < 0; i--) if (capable[i]) found = i;
    for (let i = scored + 1; i < targets.length && found < 0; i++) if (capable[i]) found = i;
    if (found >= 0) index = found;
  }
  const order = [index];
  const anyCapable = capable.some(Boolean);
  for (let i = 0; i < targets.length; i++) if (i !== index && (capable[i] || !anyCapable)) order.push(i);
  const moved = index !== scored ? ',capability' : '';
  return { index, order, score, reason: `smart:${label(index, targets.length)}(${score.toFixed(2)}${moved})` };
}
