/** What the request path needs from the composition root, gathered in one object. */
import type { RuntimePlan, CompiledProvider } from '../config/compile.js';
import type { Usage } from '../core/types.js';
import type { RequestLogSink } from '../observability/request-record.js';
import type { AuthTools } from '../providers/spec/provider.js';
import type { HttpClient } from '../transport/http-client.js';

/** Prices a usage for a provider and upstream model; undefined when no price is known. */
export type CostFunction = (provider: CompiledProvider, model: string, usage: Usage) => number | undefined;

/** Services shared by every request, built once at start from the compiled plan. */
export interface GatewayServices {
  plan: RuntimePlan;
  http: HttpClient;
  log: RequestLogSink;
  cost: CostFunction;
  authTools: AuthTools;
}
