/**
 * The mixture sequential probability ratio test (mSPRT) for a difference of two means with a normal
 * mixture, as in Johari, Koomen, Pekelis & Walsh, "Always Valid Inference" (2017), and the
 * confidence sequence it inverts to (Howard, Ramdas, McAuliffe & Sekhon, "Time-uniform,
 * nonparametric, nonasymptotic confidence sequences", 2021).
 *
 * The estimate d of the difference is treated as normal with variance v (the plug-in variance at
 * this look). Under "the difference is θ₀", mixing the likelihood ratio over θ ~ N(θ₀, τ²) gives
 *
 *   Λ = sqrt(v / (v + τ²)) · exp(τ² (d − θ₀)² / (2 v (v + τ²)))
 *
 * which is a nonnegative martingale with mean 1 as samples arrive, so by Ville's inequality the
 * chance that it EVER reaches 1/α is at most α: 1/Λ is a p-value however often it is read.
 */

/** log Λ for an observed difference `d` with variance `v` against the null difference `theta0`. */
export function logMixtureRatio(d: number, v: number, tau2: number, theta0 = 0): number {
  if (!(tau2 > 0)) return 0; // a mixture with no spread is the null itself: no evidence either way
  const gap = d - theta0;
  if (!(v > 0)) return gap === 0 ? 0 : Number.POSITIVE_INFINITY; // no noise: any gap is certain
  return 0.5 * Math.log(v / (v + tau2)) + (tau2 * gap * gap) / (2 * v * (v + tau2));
}

/** The p-value of one look, min(1, 1/Λ): the running minimum over looks is the always-valid p-value. */
export function lookPValue(d: number, v: number, tau2: number): number {
  const log = logMixtureRatio(d, v, tau2);
  return log <= 0 ? 1 : Math.exp(-log);
}

/**
 * Half the width of the look's (1 − alpha) confidence interval: the θ₀ with Λ(θ₀) < 1/α are
 * d ± sqrt(v (v + τ²) / τ² · (ln((v + τ²) / v) + 2 ln(1/α))). Infinite when τ² is 0 (nothing known).
 */
export function confidenceRadius(v: number, tau2: number, alpha: number): number {
  if (!(tau2 > 0)) return Number.POSITIVE_INFINITY;
  if (!(v > 0)) return 0;
  return Math.sqrt(((v * (v + tau2)) / tau2) * (Math.log((v + tau2) / v) + 2 * Math.log(1 / alpha)));
}
