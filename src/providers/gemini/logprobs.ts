/**
 * Gemini's logprobsResult → canonical token log-probabilities. chosenCandidates holds the sampled
 * token of each step and topCandidates[i] the most likely ones at that step. Proto3 JSON leaves
 * out zero values, so a missing logProbability is 0 (certainty), not an error.
 */
import type { TokenAlternative, TokenLogprob } from '../../core/types.js';
import { asArray, asNumber, asObject, asString } from '../spec/json.js';

function candidate(raw: unknown): TokenAlternative | undefined {
  const item = asObject(raw);
  if (!item) return undefined;
  return { token: asString(item.token) ?? '', logprob: asNumber(item.logProbability) ?? 0 };
}

/** The candidate's token log-probabilities; undefined when it carries none. */
export function decodeGeminiLogprobs(candidateObject: Record<string, unknown> | undefined): TokenLogprob[] | undefined {
  const result = asObject(candidateObject?.logprobsResult);
  if (!result) return undefined;
  const top = asArray(result.topCandidates);
  const out: TokenLogprob[] = [];
  asArray(result.chosenCandidates).forEach((raw, i) => {
    const chosen: TokenLogprob | undefined = candidate(raw);
    if (!chosen) return;
    const alternatives = asArray(asObject(top[i])?.candidates)
      .map(candidate)
      .filter((t): t is TokenAlternative => t !== undefined);
    if (alternatives.length > 0) chosen.top = alternatives;
    out.push(chosen);
  });
  return out;
}
