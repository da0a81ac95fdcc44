/** The smart router's decision rule: a routing score (quality gain per extra dollar, 0..1) against thresholds, strongest target first. */

/**
 * Index of the target to use for a prompt whose routing score is `score`. Targets are ordered strongest
 * first and `thresholds` has one entry fewer, also strongest first: index 0 when score >= t[0],
 * else 1 when score >= t[1], ..., else the last (cheapest). Thresholds should descend; a step
 * whose threshold is not below the one before it is never chosen.
 */
export function chooseCandidate(score: number, thresholds: readonly number[]): number {
  for (let i = 0; i < thresholds.length; i++) if (score >= thresholds[i]!) return i;
  return thresholds.length;
}
