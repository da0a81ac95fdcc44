/**
 * Converts LiteLLM's price file into our catalog (pure; file I/O is in build-file.ts). Keeps only
 * chat and embedding models of provider types we configure, converts prices to USD per million
 * tokens, and records a bare-name alias for every model.
 */
import { type LitellmEntry, litellmEntrySchema, SAMPLE_SPEC_KEY } from './litellm-format.js';
import { BARE_ALIAS_PRIORITY, PROVIDER_TYPES, parseLitellmKey } from './provider-map.js';
import { CAPABILITY_NAMES, type CapabilityName, type CatalogFile, type LongContextPrice, type ModelMode, type ModelPrice, type StoredEntry } from './types.js';

/** The source file is not in the expected format; the message names the offending entries. */
export class CatalogFormatError extends Error {
  override name = 'CatalogFormatError';
}

/** Options for buildCatalog. */
export interface BuildOptions {
  /** Recorded in catalog.json so a reader knows which snapshot is committed. */
  source: { file: string; sha256: string };
  /** Fail on any malformed entry instead of skipping it. */
  strict?: boolean;
}

/** One entry that failed validation. */
export interface MalformedEntry {
  key: string;
  problem: string;
}

/** The catalog plus what was left out and why. */
export interface BuildResult {
  catalog: CatalogFile;
  malformed: MalformedEntry[];
  /** Reason -> number of entries left out for it. */
  skipped: Record<string, number>;
  /** Entries whose "{type}/{model}" key was already taken by an equal-or-better entry. */
  duplicates: number;
}

/** Above this share of malformed entries the file is taken to be in another format altogether. */
const MAX_MALFORMED_SHARE = 0.05;

/** Per-token USD -> per-million USD, rounded to 1e-6 to drop binary noise (2.5e-6 * 1e6 = 2.4999...). */
function perMillion(perToken: number | undefined): number | undefined {
  return perToken === undefined ? undefined : Math.round(perToken * 1e12) / 1e6;
}

function positiveInt(n: number | undefined): number | undefined {
  return n !== undefined && n >= 1 ? Math.floor(n) : undefined;
}

function scaled(base: number | undefined, factor: number | undefined): number | undefined {
  return base === undefined || factor === undefined ? undefined : Math.round(base * factor * 1e6) / 1e6;
}

function longContextPrice(e: LitellmEntry, base: ModelPrice): LongContextPrice | undefined {
  const at200k = e.input_cost_per_token_above_200k_tokens !== undefined;
  const input = perMillion(at200k ? e.input_cost_per_token_above_200k_tokens : e.input_cost_per_token_above_128k_tokens);
  if (input === undefined) return undefined;
  const output = perMillion(at200k ? e.output_cost_per_token_above_200k_tokens : e.output_cost_per_token_above_128k_tokens) ?? base.output;
  // Missing tier cache/reasoning prices follow the tier's own multiplier (both vendors scale
  // every rate by the same factor), rather than silently charging them at base or input rates.
  const inFactor = base.input > 0 ? input / base.input : undefined;
  const outFactor = base.output > 0 ? output / base.output : undefined;
  const tier: LongContextPrice = { aboveInputTokens: at200k ? 200_000 : 128_000, input, output };
  const cachedInput = perMillion(at200k ? e.cache_read_input_token_cost_above_200k_tokens : undefined) ?? scaled(base.cachedInput, inFactor);
  const cacheWrite = perMillion(at200k ? e.cache_creation_input_token_cost_above_200k_tokens : undefined) ?? scaled(base.cacheWrite, inFactor);
  const reasoning = scaled(base.reasoning, outFactor);
  if (cachedInput !== undefined) tier.cachedInput = cachedInput;
  if (cacheWrite !== undefined) tier.cacheWrite = cacheWrite;
  if (reasoning !== undefined) tier.reasoning = reasoning;
  return tier;
}

function priceOf(e: LitellmEntry, mode: ModelMode): ModelPrice | undefined {
  const input = perMillion(e.input_cost_per_token);
  // Embedding rows often omit the output price; embeddings produce no output tokens.
  const output = perMillion(e.output_cost_per_token) ?? (mode === 'embedding' ? 0 : undefined);
  if (input === undefined || output === undefined) return undefined;
  const price: ModelPrice = { input, output };
  const cachedInput = perMillion(e.cache_read_input_token_cost ?? e.input_cost_per_token_cache_hit);
  const cacheWrite = perMillion(e.cache_creation_input_token_cost);
  const reasoning = perMillion(e.output_cost_per_reasoning_token);
  if (cachedInput !== undefined) price.cachedInput = cachedInput;
  if (cacheWrite !== undefined) price.cacheWrite = cacheWrite;
  if (reasoning !== undefined && reasoning !== output) price.reasoning = reasoning;
  const longContext = longContextPrice(e, price);
  if (longContext) price.longContext = longContext;
  return price;
}

function capabilitiesOf(e: LitellmEntry): CapabilityName[] {
  const has: Record<CapabilityName, boolean> = {
    tools: e.supports_function_calling === true || e.supports_tool_choice === true,
    vision: e.supports_vision === true,
    jsonSchema: e.supports_response_schema === true,
    reasoning: e.supports_reasoning === true,
    promptCaching: e.supports_prompt_caching === true,
  };
  return CAPABILITY_NAMES.filter((name) => has[name]);
}

function describeType(raw: unknown): string {
  if (raw === null) return 'null';
  return Array.isArray(raw) ? 'an array' : typeof raw;
}

function aliasRank(provider: string, bare: boolean): number {
  const i = BARE_ALIAS_PRIORITY.indexOf(provider);
  return (bare ? 0 : 1000) + (i === -1 ? BARE_ALIAS_PRIORITY.length : i);
}

function formatError(malformed: MalformedEntry[], total: number, why: string): CatalogFormatError {
  const examples = malformed
    .slice(0, 5)
    .map((m) => `  - "${m.key}": ${m.problem}`)
    .join('\n');
  return new CatalogFormatError(
    `catalog source is not in the expected LiteLLM format (${why}): ${malformed.length} of ${total} entries are malformed:\n${examples}`,
  );
}

/**
 * Validates the parsed LiteLLM file and converts it. Malformed entries are skipped and reported;
 * throws CatalogFormatError when the top level is not an object, when more than 5 % of entries
 * (any, with `strict`) are malformed, or when nothing usable remains.
 */
export function buildCatalog(raw: unknown, options: BuildOptions): BuildResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new CatalogFormatError(
      `catalog source is not in the expected LiteLLM format: the top level must be a JSON object keyed by model name, got ${describeType(raw)}`,
    );
  }
  const malformed: MalformedEntry[] = [];
  const skipped: Record<string, number> = {};
  const skip = (reason: string) => {
    skipped[reason] = (skipped[reason] ?? 0) + 1;
  };
  const models = new Map<string, StoredEntry>();
  const aliases = new Map<string, { key: string; rank: number }>();
  let duplicates = 0;
  let total = 0;

  for (const [key, value] of Object.entries(raw)) {
    if (key === SAMPLE_SPEC_KEY) continue;
    total++;
    const parsed = litellmEntrySchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `field "${issue.path.join('.')}": ` : '';
      malformed.push({ key, problem: `${where}${issue?.message ?? 'invalid entry'}` });
      continue;
    }
    const e = parsed.data;
    const provider = PROVIDER_TYPES[e.litellm_provider];
    if (provider === undefined) {
      skip('provider not configured');
      continue;
    }
    if (e.mode !== 'chat' && e.mode !== 'embedding') {
      skip(`mode ${e.mode ?? '(none)'}`);
      continue;
    }
    const mode: ModelMode = e.mode;
    const parsedKey = parseLitellmKey(key);
    if ('skip' in parsedKey) {
      skip(parsedKey.skip);
      continue;
    }
    const contextWindow = positiveInt(e.max_input_tokens);
    const maxOutputTokens = positiveInt(e.max_output_tokens);
    const price = priceOf(e, mode);
    // Field order is the order a reader of catalog.json looks for them; capabilities last.
    const entry: StoredEntry = {
      provider,
      model: parsedKey.model,
      mode,
      ...(contextWindow !== undefined && { contextWindow }),
      ...(maxOutputTokens !== undefined && { maxOutputTokens }),
      ...(price && { price }),
      capabilities: capabilitiesOf(e),
    };

    const ourKey = `${provider}/${parsedKey.model}`;
    const rank = aliasRank(provider, parsedKey.bare);
    const held = aliases.get(parsedKey.model);
    if (!held || rank < held.rank) aliases.set(parsedKey.model, { key: ourKey, rank });
    const existing = models.get(ourKey);
    if (existing) {
      duplicates++;
      // The same model listed twice (e.g. "gemini-x" and "vertex_ai/gemini-x"): keep a priced one.
      if (existing.price || !entry.price) continue;
    }
    models.set(ourKey, entry);
  }

  if (options.strict && malformed.length > 0) throw formatError(malformed, total, 'strict mode');
  if (malformed.length > total * MAX_MALFORMED_SHARE) throw formatError(malformed, total, 'too many bad entries');
  if (models.size === 0) {
    throw new CatalogFormatError(
      `catalog source is not in the expected LiteLLM format: none of its ${total} entries is a chat or embedding model of a configured provider type`,
    );
  }

  const sortedKeys = [...models.keys()].sort();
  const catalog: CatalogFile = {
    format: 1,
    source: { file: options.source.file, sha256: options.source.sha256, entries: total },
    models: Object.fromEntries(sortedKeys.map((k) => [k, models.get(k) as StoredEntry])),
    aliases: Object.fromEntries([...aliases.keys()].sort().map((a) => [a, (aliases.get(a) as { key: string }).key])),
  };
  return { catalog, malformed, skipped, duplicates };
}

/** Serialises a catalog with one model per line: small, yet each refresh diffs line by line. */
export function serializeCatalog(catalog: CatalogFile): string {
  const block = (obj: Record<string, unknown>) =>
    Object.entries(obj)
      .map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
      .join(',\n');
  return [
    '{',
    `  "format": ${catalog.format},`,
    `  "source": ${JSON.stringify(catalog.source)},`,
    '  "models": {',
    block(catalog.models),
    '  },',
    '  "aliases": {',
    block(catalog.aliases),
    '  }',
    '}',
    '',
  ].join('\n');
}
