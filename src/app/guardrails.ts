/**
 * Wires the guardrails: the config's `guardrails:` list compiled once (engines built, every
 * combination that cannot work refused with its path), remote guards over the transport's client,
 * LLM judges through the gateway's own chat plan as the caller, and the teams' and projects' own
 * lists compiled once per list. Undefined when no guard is configured and no tenant has a list.
 */
import { ConfigError } from '../config/errors.js';
import type { RuntimePlan } from '../config/compile.js';
import type { CompiledGuard } from '../guardrails/compiled-guard.js';
import { compileGuards, type EngineFactories, GuardDefinitionError } from '../guardrails/compile.js';
import { type TenantGuardrailConfig, tenantGuardrailsSchema } from '../guardrails/config-schema.js';
import { createRemoteEngine, type GuardHttpClient, type JudgeThroughGateway } from '../guardrails/external/index.js';
import { createGuardrailsFeature, type GuardrailsFeature } from '../guardrails/feature.js';
import { createInjectionEngine } from '../guardrails/injection/index.js';
import { createPiiEngine } from '../guardrails/pii/index.js';
import { maskValue, redactLabel } from '../guardrails/pii/mask.js';
import type { Rewriter } from '../guardrails/rewrite.js';
import type { CallerIdentity } from '../pipeline/context.js';
import type { Logger } from '../pipeline/services.js';
import { INVALID_TENANT_GUARDRAILS } from './tenant-guardrails.js';

/** What the guardrails wiring needs from the composition root. */
export interface GuardrailsWiring {
  plan: RuntimePlan;
  configFile: string;
  logger: Logger;
  http: GuardHttpClient;
  /** Runs a chat alias through the gateway as the caller (internal-chat.ts), for LLM judges. */
  judge: JudgeThroughGateway;
  /** The caller's team and project lists (tenant-guardrails.ts); absent: none. */
  tenantLists?: (identity: CallerIdentity | undefined) => readonly (readonly TenantGuardrailConfig[])[];
  /** Whether any team or project may carry a list (then the feature is on even with an empty config list). */
  tenantListsPossible?: boolean;
}

/** Labels and masks: the PII detector's own for its types, a generic one for the rest. */
const rewriter: Rewriter = { label: redactLabel, mask: maskValue };

function factories(wiring: GuardrailsWiring): EngineFactories {
  return {
    pii: (config) => createPiiEngine({ entities: config.entities, allow: config.allow }),
    promptInjection: (config) => createInjectionEngine({ threshold: config.threshold }),
    remote: (config) => createRemoteEngine(config, { http: wiring.http, judge: wiring.judge }),
  };
}

/** Starts the guardrails, or returns undefined when there is nothing to guard. */
export function startGuardrails(wiring: GuardrailsWiring): GuardrailsFeature | undefined {
  const { plan, configFile, logger } = wiring;
  const configs = plan.config.guardrails;
  for (const [i, config] of configs.entries())
    if (config.type === 'llm_judge' && !plan.groups.has(config.alias))
      throw new ConfigError(configFile, `guardrails[${i}].alias`, `no model alias '${config.alias}'. Name a chat alias from models[] as the judge.`);
  let guards: CompiledGuard[];
  try {
    guards = compileGuards(configs, factories(wiring), 'guardrails');
  } catch (err) {
    if (err instanceof GuardDefinitionError) throw new ConfigError(configFile, err.path, err.problem);
    throw err;
  }
  if (guards.length === 0 && !wiring.tenantListsPossible) return undefined;
  const engines = factories(wiring);
  return createGuardrailsFeature({
    guards,
    tenantLists: wiring.tenantLists ?? (() => []),
    compileTenant(list) {
      const parsed = tenantGuardrailsSchema.safeParse(list);
      try {
        if (!parsed.success) throw new Error(parsed.error.message);
        return compileGuards(parsed.data ?? [], engines, 'guardrails');
      } catch (err) {
        logger.error({ err: (err as Error).message }, 'a team or project guardrail list cannot be compiled: its requests are blocked until it is fixed');
        // The same fail-closed marker the tenant lookup puts in place of a list it cannot read.
        return compileGuards(INVALID_TENANT_GUARDRAILS, engines, 'guardrails');
      }
    },
    rewriter,
    logger,
  });
}
