/**
 * Compiles a validated Config into the immutable RuntimePlan the request path reads. Everything
 * that depends only on config (provider settings, alias tables, price lookups) happens here once.
 */
import { readFileSync } from 'node:fs';
import { GatewayError } from '../core/errors.js';
import type { ChatCodec, Provider, ProviderSettings } from '../providers/spec/provider.js';
import {
  type CauseFallbacks,
  type ResolvedBreaker,
  type ResolvedRetries,
  type ResolvedTimeouts,
  resolveBreaker,
  resolveRetries,
  resolveTimeouts,
} from './model-group.js';
import type { Strategy } from '../routing/schema.js';
import { ConfigError } from './errors.js';
import type { Config, ProviderEntry } from './schema.js';

/** A configured provider, ready to use. */
export interface CompiledProvider {
  provider: Provider;
  settings: ProviderSettings;
  /** The codec the chat operation uses: provider.chat, or provider.responses under `api: responses`. Chosen once here. */
  chat: ChatCodec;
  /** Per-model price overrides (USD per million tokens). */
  prices: NonNullable<ProviderEntry['prices']>;
  /** Where the provider serves from (its `region`, or Vertex's `location`), for data residency. */
  region?: string;
  tags: readonly string[];
}

/** One place a model alias can be served. */
export interface Target {
  providerId: string;
  compiled: CompiledProvider;
  /** The upstream model name. */
  model: string;
  /** PROVIDER_ID/MODEL: the breaker's and the routing statistics' key, shared by every alias using this deployment. */
  key: string;
  /** Where it serves from (the target's `region`, else its provider's). */
  region?: string;
  tags: readonly string[];
  /** Share under the `weighted` strategy. */
  weight: number;
  timeouts: ResolvedTimeouts;
}

/** One alias (or a direct PROVIDER/MODEL call) compiled for the dispatcher. */
export interface ModelGroup {
  name: string;
  targets: readonly Target[];
  strategy: Strategy;
  retries: ResolvedRetries;
  /** null: no breaker. */
  breaker: ResolvedBreaker | null;
  fallbacks: CauseFallbacks;
  hedge?: { afterMs: number };
  /** Smart routing: thresholds strongest-first, one fewer than the targets. */
  smart?: { thresholds: readonly number[] };
}

/** The immutable plan for the request path. */
export interface RuntimePlan {
  config: Config;
  providers: ReadonlyMap<string, CompiledProvider>;
  /** Alias → targets, in order. */
  models: ReadonlyMap<string, readonly Target[]>;
  /** Alias → its compiled group (targets and routing policies). */
  groups: ReadonlyMap<string, ModelGroup>;
  /** Model names listed by GET /v1/models. */
  modelNames: readonly string[];
  /** Ids of the providers a client may call directly as PROVIDER_ID/UPSTREAM_MODEL (config `direct_models`). */
  directProviders: ReadonlySet<string>;
}

function parseCredentials(file: string, index: number, value: string): ProviderSettings['credentials'] {
  const path = `providers[${index}].credentials`;
  let text = value.trim();
  if (!text.startsWith('{')) {
    try {
      text = readFileSync(text, 'utf8');
    } catch {
      throw new ConfigError(file, path, `cannot read the service-account file '${value}'. Give a readable path or the JSON inline.`);
    }
  }
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    if (typeof json.client_email !== 'string' || typeof json.private_key !== 'string') throw new Error('missing fields');
    return json as ProviderSettings['credentials'];
  } catch {
    throw new ConfigError(file, path, 'is not a service-account JSON with client_email and private_key.');
  }
}

const SETTING_TO_FIELD: Partial<Record<keyof ProviderSettings, string>> = {
  apiKey: 'api_key',
  baseUrl: 'base_url',
  apiVersion: 'api_version',
  region: 'region',
  project: 'project',
  credentials: 'credentials',
  accessKeyId: 'access_key_id',
  secretAccessKey: 'secret_access_key',
};

function compileProvider(file: string, index: number, entry: ProviderEntry, registry: ReadonlyMap<string, Provider>, env: NodeJS.ProcessEnv): CompiledProvider {
  const provider = registry.get(entry.type);
  if (!provider) {
    throw new ConfigError(file, `providers[${index}].type`, `unknown provider type '${entry.type}'. Known types: ${[...registry.keys()].sort().join(', ')}.`);
  }
  const settings: ProviderSettings = {
    id: entry.id,
    type: entry.type,
    baseUrl: (entry.base_url ?? provider.defaultBaseUrl).replace(/\/+$/, ''),
    headers: entry.headers ?? {},
    dropParams: new Set(entry.drop_params ?? []),
  };
  if (entry.api_key) settings.apiKey = entry.api_key;
  if (entry.api_version) settings.apiVersion = entry.api_version;
  if (entry.project) settings.project = entry.project;
  if (entry.location) settings.location = entry.location;
  if (entry.token_url) settings.tokenUrl = entry.token_url;
  if (entry.credentials) settings.credentials = parseCredentials(file, index, entry.credentials);
  if (entry.region) settings.region = entry.region;
  if (entry.access_key_id) settings.accessKeyId = entry.access_key_id;
  if (entry.secret_access_key) settings.secretAccessKey = entry.secret_access_key;
  if (entry.session_token) settings.sessionToken = entry.session_token;
  if (entry.api !== undefined) {
    if (!provider.responses) {
      const types = [...registry.values()]
        .filter((p) => p.responses)
        .map((p) => p.type)
        .sort();
      throw new ConfigError(
        file,
        `providers[${index}].api`,
        `provider type '${entry.type}' has only one API; 'api' chooses between Chat Completions and the Responses API for types ${types.join(', ')}. Remove it.`,
      );
    }
    settings.api = entry.api;
  }
  provider.settingsFromEnvironment?.(settings, env);
  for (const required of provider.requiredSettings) {
    if (settings[required] === undefined || settings[required] === '') {
      const field = SETTING_TO_FIELD[required] ?? String(required);
      throw new ConfigError(file, `providers[${index}].${field}`, `provider type '${entry.type}' needs '${field}'. Add it (for secrets use \${ENV_VAR}).`);
    }
  }
  const problem = provider.validateSettings?.(settings);
  if (problem) throw new ConfigError(file, `providers[${index}]`, problem);
  const chat = settings.api === 'responses' && provider.responses ? provider.responses : provider.chat;
  const region = entry.region ?? entry.location;
  return { provider, settings, chat, prices: entry.prices ?? {}, ...(region ? { region } : {}), tags: entry.tags ?? [] };
}

/** The scheme of a storage URL, never the rest of it (it may hold a password). */
function storageKind(storage: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(storage)?.[1];
  return scheme ? `'${scheme}'` : 'this';
}

const SUPPORTED_STORAGE = /^(sqlite:.+|postgres(ql)?:\/\/.+)$/i;

/**
 * Storage must be one the gateway can open, and settings reserved for features not built yet are
 * refused rather than accepted and ignored: a `redis:` entry would promise shared state that does
 * not exist.
 */
function refuseUnusableStores(config: Config, file: string): void {
  if (!SUPPORTED_STORAGE.test(config.storage))
    throw new ConfigError(
      file,
      'storage',
      `${storageKind(config.storage)} storage is not supported. Use sqlite:PATH (e.g. sqlite:./data/switchboard.db) or postgres://USER@HOST:5432/DATABASE (password through \${ENV_VAR}).`,
    );
  if (config.redis !== undefined && !/^rediss?:\/\/.+/i.test(config.redis))
    throw new ConfigError(file, 'redis', 'not a Redis URL. Use redis://HOST:PORT (or rediss:// for TLS), with a password through ${ENV_VAR}.');
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: config.governance.timezone });
  } catch {
    throw new ConfigError(file, 'governance.timezone', `'${config.governance.timezone}' is not an IANA time zone. Use a name such as UTC or Europe/Paris.`);
  }
}

/** Builds the plan; throws ConfigError for references that do not resolve. */
export function compilePlan(config: Config, file: string, registry: ReadonlyMap<string, Provider>, env: NodeJS.ProcessEnv = process.env): RuntimePlan {
  refuseUnusableStores(config, file);
  const providers = new Map<string, CompiledProvider>();
  config.providers.forEach((entry, i) => {
    if (providers.has(entry.id)) throw new ConfigError(file, `providers[${i}].id`, `duplicate provider id '${entry.id}'. Ids must be unique.`);
    providers.set(entry.id, compileProvider(file, i, entry, registry, env));
  });
  const models = new Map<string, Target[]>();
  const groups = new Map<string, ModelGroup>();
  const upstreamTimeoutMs = config.server.upstream_timeout_ms;
  const shared = config.routing;
  config.models.forEach((model, i) => {
    if (models.has(model.name)) throw new ConfigError(file, `models[${i}].name`, `duplicate model name '${model.name}'.`);
    const targets = model.targets.map((target, j): Target => {
      const compiled = providers.get(target.provider);
      if (!compiled) {
        throw new ConfigError(
          file,
          `models[${i}].targets[${j}].provider`,
          `no provider with id '${target.provider}'. Defined ids: ${[...providers.keys()].join(', ') || '(none)'}.`,
        );
      }
      const region = target.region ?? compiled.region;
      return {
        providerId: target.provider,
        compiled,
        model: target.model,
        key: `${target.provider}/${target.model}`,
        ...(region ? { region } : {}),
        tags: [...compiled.tags, ...(target.tags ?? [])],
        weight: target.weight ?? 1,
        timeouts: resolveTimeouts(upstreamTimeoutMs, target.timeouts, model.timeouts, shared.timeouts),
      };
    });
    models.set(model.name, targets);
    const strategy: Strategy = model.strategy ?? 'fallback';
    const group: ModelGroup = {
      name: model.name,
      targets,
      strategy,
      retries: resolveRetries(targets.length, model.retries, shared.retries),
      breaker: resolveBreaker(model.breaker, shared.breaker),
      fallbacks: model.fallbacks ?? {},
    };
    if (model.hedge) group.hedge = { afterMs: model.hedge.after_ms };
    if (strategy === 'smart') group.smart = { thresholds: smartThresholds(file, i, targets.length, model.smart) };
    groups.set(model.name, group);
  });
  checkAliasReferences(config, file, groups);
  return {
    config,
    providers,
    models,
    groups,
    modelNames: [...models.keys()],
    directProviders: compileDirectModels(config, file, providers),
  };
}

/** The smart router's default threshold (see smartThresholds). */
export const DEFAULT_SMART_THRESHOLD = 0.48;

/** The smart router's thresholds, strongest first: one per step down from the strongest target. */
function smartThresholds(file: string, index: number, targetCount: number, smart: Config['models'][number]['smart']): number[] {
  if (targetCount < 2)
    throw new ConfigError(file, `models[${index}].targets`, 'strategy smart needs at least two targets: the strong one first, then the cheaper ones.');
  if (smart?.thresholds) {
    if (smart.thresholds.length !== targetCount - 1)
      throw new ConfigError(file, `models[${index}].smart.thresholds`, `give ${targetCount - 1} thresholds (one per target after the first), strongest first.`);
    return smart.thresholds;
  }
  // Measured on the held-out split (docs/routing-smart-eval.md): the lowest threshold that keeps 95%
  // of the strong model's quality on pooled traffic is 0.478. Lower tiers get proportionally lower
  // thresholds, so every tier is reachable (a falling list).
  const threshold = smart?.threshold ?? DEFAULT_SMART_THRESHOLD;
  return Array.from({ length: targetCount - 1 }, (_, k) => (threshold * (targetCount - 1 - k)) / (targetCount - 1));
}

/** Every alias a fallback or a routing rule names must exist. */
function checkAliasReferences(config: Config, file: string, groups: ReadonlyMap<string, ModelGroup>): void {
  const known = () => [...groups.keys()].join(', ') || '(none)';
  config.models.forEach((model, i) => {
    for (const [cause, alias] of Object.entries(model.fallbacks ?? {})) {
      if (!groups.has(alias)) throw new ConfigError(file, `models[${i}].fallbacks.${cause}`, `no model alias '${alias}'. Defined aliases: ${known()}.`);
      if (alias === model.name) throw new ConfigError(file, `models[${i}].fallbacks.${cause}`, `an alias cannot fall back to itself; name another alias.`);
    }
  });
  config.routing_rules.forEach((rule, i) => {
    if (rule.use !== undefined && !groups.has(rule.use))
      throw new ConfigError(file, `routing_rules[${i}].use`, `no model alias '${rule.use}'. Defined aliases: ${known()}.`);
    if (rule.use === undefined && rule.regions === undefined && rule.tags === undefined)
      throw new ConfigError(file, `routing_rules[${i}]`, 'a rule needs `use` (an alias), `regions` or `tags`: what it does when it matches.');
  });
}

// Unset means open to direct calls only in open mode (no admin_key): a gateway with keys serves
// the aliases its operator chose unless direct calls are switched on.
function compileDirectModels(config: Config, file: string, providers: ReadonlyMap<string, CompiledProvider>): ReadonlySet<string> {
  const setting = config.direct_models ?? !config.admin_key;
  if (setting === true) return new Set(providers.keys());
  if (setting === false) return new Set();
  setting.forEach((id, i) => {
    if (!providers.has(id)) {
      throw new ConfigError(file, `direct_models[${i}]`, `no provider with id '${id}'. Defined ids: ${[...providers.keys()].join(', ') || '(none)'}.`);
    }
  });
  return new Set(setting);
}

/**
 * Resolves a client's model name: an alias, or PROVIDER_ID/UPSTREAM_MODEL. Returns undefined for
 * an unknown name; throws the same 404 model_not_found, with the reason, for a direct call to a
 * provider that `direct_models` does not open.
 */
export function resolveTargets(plan: RuntimePlan, model: string): readonly Target[] | undefined {
  const alias = plan.models.get(model);
  if (alias) return alias;
  const slash = model.indexOf('/');
  if (slash <= 0) return undefined;
  const compiled = plan.providers.get(model.slice(0, slash));
  if (!compiled) return undefined;
  const providerId = compiled.settings.id;
  if (!plan.directProviders.has(providerId)) {
    throw new GatewayError(
      'model_not_found',
      404,
      `The model '${model}' does not exist: direct calls to provider '${providerId}' are disabled. Use a model alias (GET /v1/models lists them), or allow direct calls with the config field direct_models (true, or a list including '${providerId}').`,
      { param: 'model' },
    );
  }
  const upstream = model.slice(slash + 1);
  const config = plan.config;
  return [
    {
      providerId,
      compiled,
      model: upstream,
      key: `${providerId}/${upstream}`,
      ...(compiled.region ? { region: compiled.region } : {}),
      tags: compiled.tags,
      weight: 1,
      timeouts: resolveTimeouts(config.server.upstream_timeout_ms, config.routing.timeouts),
    },
  ];
}
