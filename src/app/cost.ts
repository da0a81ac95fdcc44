/** The cost function of the request path: catalog prices with per-provider overrides from config. */
import { createPriceBook } from '../catalog/catalog.js';
import type { RuntimePlan } from '../config/compile.js';
import type { CostFunction } from '../pipeline/services.js';

/**
 * Creates the cost function for a plan. The price book (catalog + overrides) is built here, at
 * plan-compile time; the request path only looks prices up.
 */
export function createCostFunction(plan: RuntimePlan): CostFunction {
  const overrides = Object.fromEntries([...plan.providers].map(([id, compiled]) => [id, compiled.prices]));
  const book = createPriceBook(overrides);
  return (provider, model, usage) => book.cost({ providerId: provider.settings.id, providerType: provider.settings.type, model }, usage);
}
