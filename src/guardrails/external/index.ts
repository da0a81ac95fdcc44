/**
 * The remote guard types' engines, by type: the guardrails build one per configured guard at
 * start. Only the LLM judge needs the gateway itself (its alias is called through the chat plan).
 */
import { type GuardrailConfig, type GuardrailConfigOf, REMOTE_GUARD_TYPES } from '../config-schema.js';
import type { RemoteEngine } from '../engine.js';
import type { GuardHttpClient } from './guard-http.js';
import { createHttpGuardEngine } from './http.js';
import { createLakeraEngine } from './lakera.js';
import { createLlmJudgeEngine, type JudgeThroughGateway } from './llm-judge.js';
import { createModerationEngine } from './moderation.js';
import { createPresidioEngine } from './presidio.js';

export { type GuardHttpClient, MAX_GUARD_ANSWER_BYTES, RemoteGuardError, type RemoteGuardFailure } from './guard-http.js';
export type { JudgeThroughGateway } from './llm-judge.js';

/** A guard definition of one of the remote types. */
export type RemoteGuardrailConfig = GuardrailConfigOf<(typeof REMOTE_GUARD_TYPES)[number]>;

/** What the remote engines are built with. */
export interface RemoteEngineDeps {
  /** The transport's HttpClient. */
  http: GuardHttpClient;
  /** The chat alias call (app/internal-chat.ts); required by llm_judge guards. */
  judge?: JudgeThroughGateway;
}

/** Whether a guard calls a service (and so needs createRemoteEngine). */
export function isRemoteGuardrail(config: GuardrailConfig): config is RemoteGuardrailConfig {
  return (REMOTE_GUARD_TYPES as readonly string[]).includes(config.type);
}

/** Builds the engine of a remote guard. Throws for a local type, or an llm_judge without `judge`. */
export function createRemoteEngine(config: GuardrailConfig, deps: RemoteEngineDeps): RemoteEngine {
  switch (config.type) {
    case 'http':
      return createHttpGuardEngine(config, deps.http);
    case 'lakera':
      return createLakeraEngine(config, deps.http);
    case 'presidio':
      return createPresidioEngine(config, deps.http);
    case 'openai_moderation':
      return createModerationEngine(config, deps.http);
    case 'llm_judge':
      if (!deps.judge) throw new Error(`guard '${config.name}' (llm_judge) needs the gateway's chat call: pass deps.judge (app/internal-chat.ts internalChat)`);
      return createLlmJudgeEngine(config, deps.judge);
    default:
      throw new Error(`guard '${config.name}' is of type '${config.type}', which runs in process: it has no remote engine`);
  }
}
