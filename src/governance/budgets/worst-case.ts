/**
 * The worst case a request can cost, reserved before any upstream call: its input-token bound at
 * the dearest input rate of any target it may reach (fallbacks included), plus its output cap at
 * the dearest output rate. The output cap is the client's max_tokens, else the model's output
 * limit from the catalog, else `default_max_output_tokens`, which is then sent upstream as the
 * request's max_tokens so that the bound holds.
 */
import type { Target } from '../../config/compile.js';

/** Per-token prices (USD) that no part of a request can exceed at a target, and its output limit. */
export interface PriceBound {
  inputPerToken: number;
  outputPerToken: number;
  /** The model's output limit, when the catalog knows it. */
  maxOutputTokens?: number;
}

/** Finds the price bound of a target; undefined when its price is unknown. */
export type PriceBoundLookup = (target: Target) => PriceBound | undefined;

/** A request's reservation. */
export interface WorstCase {
  inputTokens: number;
  outputTokens: number;
  usd: number;
  /** The dearest rates among the targets (for clamping max_tokens). */
  inputPerToken: number;
  outputPerToken: number;
  /** A target has no known price: a USD budget cannot be enforced for it. */
  unpriced?: string;
  /** No client cap and a target's output limit is unknown: the cap must be sent upstream for the bound to hold. */
  mustSendCap: boolean;
}

/** The worst case over every target; outputCap undefined means "the targets' own limit". */
export function worstCase(
  targets: readonly Target[],
  prices: PriceBoundLookup,
  inputTokens: number,
  outputCap: number | undefined,
  defaultMaxOutput: number,
): WorstCase {
  let inputPerToken = 0;
  let outputPerToken = 0;
  let modelLimit = 0;
  let unpriced: string | undefined;
  let limitUnknown = false;
  for (const target of targets) {
    const bound = prices(target);
    if (!bound) {
      unpriced ??= `${target.providerId}/${target.model}`;
      continue;
    }
    if (bound.inputPerToken > inputPerToken) inputPerToken = bound.inputPerToken;
    if (bound.outputPerToken > outputPerToken) outputPerToken = bound.outputPerToken;
    if (bound.maxOutputTokens === undefined) limitUnknown = true;
    modelLimit = Math.max(modelLimit, bound.maxOutputTokens ?? defaultMaxOutput);
  }
  const outputTokens = outputCap ?? (modelLimit || defaultMaxOutput);
  const result: WorstCase = {
    inputTokens,
    outputTokens,
    usd: inputTokens * inputPerToken + outputTokens * outputPerToken,
    inputPerToken,
    outputPerToken,
    mustSendCap: outputCap === undefined && (limitUnknown || unpriced !== undefined),
  };
  if (unpriced) result.unpriced = unpriced;
  return result;
}
