/** What the request path needs from the composition root, gathered in one object. */
import type { CompiledProvider, RuntimePlan } from '../config/compile.js';
import type { Usage } from '../core/types.js';
import type { AuthTools } from '../providers/spec/provider.js';
import type { ResponseStore } from '../responses/store-contract.js';
import type { HttpClient } from '../transport/http-client.js';

/** Prices a usage for a provider and upstream model; undefined when no price is known. */
export type CostFunction = (provider: CompiledProvider, model: string, usage: Usage) => number | undefined;

/** The structured logger's surface the pipeline uses (pino's, so tests can pass a stand-in). */
export interface Logger {
  error(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
}

/** Services shared by every request, built once at start from the compiled plan. */
export interface GatewayServices {
  plan: RuntimePlan;
  http: HttpClient;
  cost: CostFunction;
  authTools: AuthTools;
  logger: Logger;
  /** The Responses API's stored responses; undefined when responses.store is false. */
  responseStore?: ResponseStore;
}
