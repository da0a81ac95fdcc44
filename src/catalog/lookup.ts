/**
 * Indexes a catalog file for lookups by (provider type, model). Pure: takes the parsed file, so
 * tests and `catalog show` can use any catalog, and the server uses the committed one.
 */
import { normalizeModelName } from './normalize.js';
import { CAPABILITY_NAMES, type CatalogEntry, type CatalogFile, type MatchKind, type ModelCapabilities, type ModelLookup, type StoredEntry } from './types.js';

/** A searchable catalog. */
export interface Catalog {
  /** Number of models. */
  readonly size: number;
  /** Where the data came from (file name, sha256, entry count of the source). */
  readonly source: CatalogFile['source'];
  /**
   * Finds a model, most specific first: exact "{type}/{model}" (also case-insensitive), the same
   * type with a normalised name (dates, version tags, Bedrock region prefixes stripped), the bare
   * model name (which may belong to another provider type), the bare normalised name, and finally
   * the part after the last "/" ("openai/gpt-4o" on a reseller). Undefined when nothing matches.
   */
  lookup(providerType: string | undefined, model: string): ModelLookup | undefined;
  /** Every entry by key, in key order. */
  entries(): IterableIterator<[string, CatalogEntry]>;
}

function expand(stored: StoredEntry): CatalogEntry {
  const capabilities = Object.fromEntries(CAPABILITY_NAMES.map((name) => [name, stored.capabilities.includes(name)])) as ModelCapabilities;
  return {
    provider: stored.provider,
    model: stored.model,
    mode: stored.mode,
    ...(stored.contextWindow !== undefined && { contextWindow: stored.contextWindow }),
    ...(stored.maxOutputTokens !== undefined && { maxOutputTokens: stored.maxOutputTokens }),
    ...(stored.price !== undefined && { price: stored.price }),
    capabilities,
  };
}

/**
 * Among names that normalise alike, the shortest is the undated/base one ("gpt-4o", not a
 * snapshot; "anthropic.x", not "us.anthropic.x"); among equals the greatest is the newest date.
 */
function preferred(candidate: string, current: string | undefined): boolean {
  if (current === undefined) return true;
  if (candidate.length !== current.length) return candidate.length < current.length;
  return candidate > current;
}

/** name -> key, keeping the preferred name for each normalised form. */
class NormalizedIndex {
  private readonly best = new Map<string, { name: string; key: string }>();

  add(name: string, key: string): void {
    const norm = normalizeModelName(name);
    const held = this.best.get(norm);
    if (preferred(name, held?.name)) this.best.set(norm, { name, key });
  }

  get(name: string): string | undefined {
    return this.best.get(normalizeModelName(name))?.key;
  }
}

/** Builds the lookup indexes over a validated catalog file. */
export function createCatalog(file: CatalogFile): Catalog {
  const models = new Map<string, CatalogEntry>();
  const lowerKeys = new Map<string, string>();
  const byType = new Map<string, NormalizedIndex>();
  for (const [key, stored] of Object.entries(file.models)) {
    models.set(key, expand(stored));
    if (!lowerKeys.has(key.toLowerCase())) lowerKeys.set(key.toLowerCase(), key);
    let index = byType.get(stored.provider);
    if (!index) byType.set(stored.provider, (index = new NormalizedIndex()));
    index.add(stored.model, key);
  }
  const aliases = new Map<string, string>();
  const lowerAliases = new Map<string, string>();
  const bareNormalized = new NormalizedIndex();
  for (const [name, key] of Object.entries(file.aliases)) {
    if (!models.has(key)) continue;
    aliases.set(name, key);
    if (!lowerAliases.has(name.toLowerCase())) lowerAliases.set(name.toLowerCase(), key);
    bareNormalized.add(name, key);
  }

  const exactKey = (key: string) => (models.has(key) ? key : lowerKeys.get(key.toLowerCase()));
  const bareKey = (name: string) => aliases.get(name) ?? lowerAliases.get(name.toLowerCase());

  function find(providerType: string | undefined, model: string): { key: string; match: MatchKind } | undefined {
    if (providerType) {
      const exact = exactKey(`${providerType}/${model}`);
      if (exact) return { key: exact, match: 'exact' };
      const normalized = byType.get(providerType)?.get(model);
      if (normalized) return { key: normalized, match: 'normalized' };
    } else {
      // Without a type, "openai/gpt-4o" may itself be a catalog key.
      const exact = exactKey(model);
      if (exact) return { key: exact, match: 'exact' };
    }
    const bare = bareKey(model);
    if (bare) return { key: bare, match: 'bare' };
    const bareNorm = bareNormalized.get(model);
    if (bareNorm) return { key: bareNorm, match: 'bare-normalized' };
    const slash = model.lastIndexOf('/');
    if (slash > 0 && slash < model.length - 1) {
      const tail = model.slice(slash + 1);
      const key = bareKey(tail) ?? bareNormalized.get(tail);
      if (key) return { key, match: 'bare-normalized' };
    }
    return undefined;
  }

  return {
    size: models.size,
    source: file.source,
    lookup(providerType, model) {
      if (model.trim() === '') return undefined;
      const found = find(providerType, model);
      const entry = found && models.get(found.key);
      return found && entry ? { ...entry, key: found.key, match: found.match } : undefined;
    },
    entries: () => models.entries(),
  };
}
