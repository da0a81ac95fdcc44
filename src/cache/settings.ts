/**
 * The cache settings each request sees, compiled once from config: the top-level `cache:` block
 * with each alias's override merged over it. A request for an alias takes that alias's settings;
 * a direct model (PROVIDER/MODEL) takes the top-level ones.
 */
import { type CacheConfig, type CacheOverride, DEFAULT_ALIAS_THRESHOLD, DEFAULT_BUILTIN_THRESHOLD } from './config-schema.js';

/** One alias's effective cache settings. */
export interface CacheSettings {
  mode: CacheConfig['mode'];
  ttlMs: number;
  scope: CacheConfig['scope'];
  global: boolean;
  maxEntryBytes: number;
  semantic: {
    threshold: number;
    embedder: string;
    guards: boolean;
    maxQuestionChars: number;
  };
}

/** The settings of every alias, and of direct models. */
export interface CompiledCacheSettings {
  /** The settings for a request routed to this alias (undefined: a direct model). */
  forAlias(alias: string | undefined): CacheSettings;
  /** Whether any alias (or the top level) caches at all: no hooks are installed otherwise. */
  readonly anyOn: boolean;
  /** Whether any alias matches by meaning. */
  readonly anySemantic: boolean;
  /** Every embedder named (builtin or aliases), for wiring. */
  readonly embedders: ReadonlySet<string>;
}

function merge(base: CacheConfig, override: CacheOverride | undefined): CacheSettings {
  const semantic = { ...base.semantic, ...override?.semantic };
  return {
    mode: override?.mode ?? base.mode,
    ttlMs: (override?.ttl_s ?? base.ttl_s) * 1000,
    scope: override?.scope ?? base.scope,
    global: override?.global ?? base.global,
    maxEntryBytes: override?.max_entry_bytes ?? base.max_entry_bytes,
    semantic: {
      threshold: semantic.threshold ?? (semantic.embedder === 'builtin' ? DEFAULT_BUILTIN_THRESHOLD : DEFAULT_ALIAS_THRESHOLD),
      embedder: semantic.embedder,
      guards: semantic.guards,
      maxQuestionChars: semantic.max_question_chars,
    },
  };
}

/** Compiles the settings of the top level and every alias. */
export function compileCacheSettings(cache: CacheConfig, models: readonly { name: string; cache?: CacheOverride | undefined }[]): CompiledCacheSettings {
  const top = merge(cache, undefined);
  const byAlias = new Map<string, CacheSettings>();
  for (const model of models) if (model.cache) byAlias.set(model.name, merge(cache, model.cache));
  const all = [top, ...byAlias.values()];
  const on = all.filter((settings) => settings.mode !== 'off');
  return {
    forAlias: (alias) => (alias === undefined ? top : (byAlias.get(alias) ?? top)),
    anyOn: on.length > 0,
    anySemantic: on.some((settings) => settings.mode === 'semantic'),
    embedders: new Set(on.filter((settings) => settings.mode === 'semantic').map((settings) => settings.semantic.embedder)),
  };
}
