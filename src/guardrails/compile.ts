/**
 * Compiles guard definitions (the config's `guardrails:` list, a team's or project's own list)
 * into CompiledGuards, once: engines built, defaults resolved, and every combination that cannot
 * work refused with the path and the fix, so a mistake stops the start instead of passing
 * requests it was meant to stop.
 */
import type { CallerIdentity } from '../pipeline/context.js';
import type { CompiledGuard } from './compiled-guard.js';
import { type GuardrailConfig, type REMOTE_GUARD_TYPES, REWRITING_ACTIONS } from './config-schema.js';
import { createDeniedTermsEngine } from './denied-terms.js';
import type { GuardEngine, LocalEngine, RemoteEngine, TextSource } from './engine.js';

/** Builds each engine type's detector (pii and prompt_injection in process, the remote ones over HTTP). */
export interface EngineFactories {
  pii(config: Extract<GuardrailConfig, { type: 'pii' }>): LocalEngine;
  promptInjection(config: Extract<GuardrailConfig, { type: 'prompt_injection' }>): LocalEngine;
  remote(config: Extract<GuardrailConfig, { type: (typeof REMOTE_GUARD_TYPES)[number] }>): RemoteEngine;
}

/** A problem in one guard's definition: the path below the list and what to do. */
export class GuardDefinitionError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

const ALL_SOURCES: readonly TextSource[] = ['system', 'user', 'assistant', 'tool'];
/** Attacks arrive in what users and tools write; system prompts are the operator's. */
const UNTRUSTED_SOURCES: readonly TextSource[] = ['user', 'tool'];

function defaultSources(type: GuardrailConfig['type']): readonly TextSource[] {
  return type === 'pii' || type === 'presidio' ? ALL_SOURCES : UNTRUSTED_SOURCES;
}

/** A matcher for applies_to, or undefined when the guard applies to every request. */
function matcherOf(appliesTo: GuardrailConfig['applies_to']): CompiledGuard['appliesTo'] {
  if (!appliesTo) return undefined;
  const set = (list?: string[]) => (list && list.length > 0 ? new Set(list) : undefined);
  const teams = set(appliesTo.teams);
  const projects = set(appliesTo.projects);
  const keys = set(appliesTo.keys);
  const aliases = set(appliesTo.aliases);
  if (!teams && !projects && !keys && !aliases) return undefined;
  const hit = (names: Set<string> | undefined, ...values: (string | undefined)[]) => !names || values.some((v) => v !== undefined && names.has(v));
  return (identity: CallerIdentity | undefined, alias: string) =>
    hit(teams, identity?.team, identity?.teamName) &&
    hit(projects, identity?.project, identity?.projectName) &&
    hit(keys, identity?.keyId, identity?.keyName) &&
    hit(aliases, alias);
}

function engineOf(config: GuardrailConfig, factories: EngineFactories, path: string): CompiledGuard['engine'] {
  switch (config.type) {
    case 'pii':
      return factories.pii(config);
    case 'prompt_injection':
      return factories.promptInjection(config);
    case 'denied_terms':
      if (config.terms.length === 0 && config.patterns.length === 0)
        throw new GuardDefinitionError(`${path}.terms`, 'a denied_terms guard needs terms or patterns.');
      try {
        return createDeniedTermsEngine(config);
      } catch (err) {
        throw new GuardDefinitionError(path, (err as Error).message);
      }
    case 'json_schema':
      return { kind: 'json_schema' };
    default:
      return factories.remote(config);
  }
}

function spansOf(engine: CompiledGuard['engine']): boolean {
  return engine.kind !== 'json_schema' && (engine as GuardEngine).spans;
}

/** Compiles one guard; `path` names it in errors (`guardrails[2]`). */
export function compileGuard(config: GuardrailConfig, factories: EngineFactories, path: string): CompiledGuard {
  const on = new Set(config.on);
  const action = config.action;
  if (config.type === 'prompt_injection' && on.has('output'))
    throw new GuardDefinitionError(`${path}.on`, 'prompt_injection checks requests: use on: [input].');
  if (config.type === 'json_schema' && on.has('input'))
    throw new GuardDefinitionError(`${path}.on`, 'json_schema checks answers against the schema the request asked for: use on: [output].');
  if (action === 'tokenize' && !on.has('input'))
    throw new GuardDefinitionError(`${path}.action`, 'tokenize swaps values in the request and restores them in the answer: add input to on.');
  const engine = engineOf(config, factories, path);
  if (REWRITING_ACTIONS.includes(action) && !spansOf(engine))
    throw new GuardDefinitionError(
      `${path}.action`,
      `'${action}' rewrites what a guard finds, and a ${config.type} guard finds no spans: use block or flag (or a pii, denied_terms, presidio or http guard).`,
    );
  return {
    name: config.name,
    type: config.type,
    input: on.has('input'),
    output: on.has('output'),
    action,
    failOpen: config.fail === 'open',
    sources: new Set<TextSource>(config.sources ?? defaultSources(config.type)),
    engine,
    timeoutMs: 'timeout_ms' in config ? config.timeout_ms : 0,
    appliesTo: matcherOf(config.applies_to),
  };
}

/** Compiles a list, refusing duplicate names. */
export function compileGuards(configs: readonly GuardrailConfig[], factories: EngineFactories, path: string): CompiledGuard[] {
  const names = new Set<string>();
  return configs.map((config, i) => {
    if (names.has(config.name)) throw new GuardDefinitionError(`${path}[${i}].name`, `duplicate guard name '${config.name}': names must be unique.`);
    names.add(config.name);
    return compileGuard(config, factories, `${path}[${i}]`);
  });
}
