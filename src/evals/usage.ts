/** Token and cost tallies of an eval run: the candidate's, the baseline's and the graders' own calls. */

/** Tokens and cost of a set of gateway calls. */
export interface UsageTally {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  /** Sum of `x-switchboard-cost-usd` headers. */
  costUsd: number;
  /** Calls whose answer had no cost header (an unpriced model). */
  unpriced: number;
}

/** An empty tally. */
export function emptyTally(): UsageTally {
  return { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, unpriced: 0 };
}

/** Adds one call's usage to a tally. */
export function addUsage(tally: UsageTally, usage: { inputTokens: number; outputTokens: number; costUsd?: number }): void {
  tally.calls += 1;
  tally.inputTokens += usage.inputTokens;
  tally.outputTokens += usage.outputTokens;
  if (usage.costUsd === undefined) tally.unpriced += 1;
  else tally.costUsd += usage.costUsd;
}
