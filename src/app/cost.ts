/** The cost function of the request path: catalog prices with per-provider overrides. */
import type { CostFunction } from '../pipeline/services.js';

/** Creates the cost function. Prices come from the catalog (wired when the catalog lands). */
export function createCostFunction(): CostFunction {
  return () => undefined;
}
