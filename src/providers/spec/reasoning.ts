/**
 * One mapping between OpenAI's reasoning_effort and the token budgets of Anthropic's
 * thinking.budget_tokens and Gemini's thinkingConfig.thinkingBudget, used in both directions.
 */
import type { ReasoningEffort, ReasoningRequest } from '../../core/types.js';

const BUDGETS: Record<Exclude<ReasoningEffort, 'none'>, number> = {
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 24576,
};

/** Token budget for a reasoning request: explicit budget first, then the effort's budget; 0 = off. */
export function reasoningBudget(reasoning: ReasoningRequest | undefined): number | undefined {
  if (!reasoning) return undefined;
  if (reasoning.budgetTokens !== undefined) return reasoning.budgetTokens;
  if (!reasoning.effort) return undefined;
  return reasoning.effort === 'none' ? 0 : BUDGETS[reasoning.effort];
}

/** The effort level closest to a token budget (for providers that only take an effort). */
export function effortForBudget(budget: number): ReasoningEffort {
  if (budget <= 0) return 'none';
  if (budget <= BUDGETS.minimal) return 'minimal';
  if (budget <= BUDGETS.low) return 'low';
  if (budget <= BUDGETS.medium) return 'medium';
  return 'high';
}
