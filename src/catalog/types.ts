/**
 * Shapes of our own model catalog (src/catalog/catalog.json) and the zod schema the loader uses
 * to check it. Prices are USD per million tokens throughout, the unit providers publish, so a
 * catalog entry can be compared with a pricing page by eye.
 */
import { z } from 'zod';

/** Kinds of model we keep: the gateway serves chat completions and embeddings only. */
export type ModelMode = 'chat' | 'embedding';

/** Capability flags we keep, in the order they are written to catalog.json. */
export const CAPABILITY_NAMES = ['tools', 'vision', 'jsonSchema', 'reasoning', 'promptCaching'] as const;

/** One capability flag name. */
export type CapabilityName = (typeof CAPABILITY_NAMES)[number];

/** What a model supports according to the source data (absent in the data means false). */
export type ModelCapabilities = Record<CapabilityName, boolean>;

/**
 * Higher prices that apply to the WHOLE request once its input exceeds a threshold
 * (Anthropic 1M-context and Gemini "prompts longer than 200k" pricing work this way).
 */
export interface LongContextPrice {
  /** The tier applies when usage.inputTokens is strictly greater than this. */
  aboveInputTokens: number;
  input: number;
  output: number;
  cachedInput?: number;
  cacheWrite?: number;
  reasoning?: number;
}

/** Token prices in USD per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
  /** Prompt-cache reads; computeCost falls back to `input` when absent. */
  cachedInput?: number;
  /** Prompt-cache writes; computeCost falls back to `input` when absent. */
  cacheWrite?: number;
  /** Reasoning output tokens, only when priced differently from `output`. */
  reasoning?: number;
  longContext?: LongContextPrice;
}

/** One model of one provider type. */
export interface CatalogEntry {
  /** Our provider type (config `type`), e.g. "openai", "azure-openai", "bedrock". */
  provider: string;
  /** The model id as that provider's API expects it. */
  model: string;
  mode: ModelMode;
  /** Maximum input tokens. */
  contextWindow?: number;
  maxOutputTokens?: number;
  /** Absent when the source has no per-token price (never assumed to be 0). */
  price?: ModelPrice;
  capabilities: ModelCapabilities;
}

/** How a lookup found its entry, from most to least specific. */
export type MatchKind = 'exact' | 'normalized' | 'bare' | 'bare-normalized';

/** A lookup result: the entry plus the catalog key it came from and how it matched. */
export interface ModelLookup extends CatalogEntry {
  key: string;
  match: MatchKind;
}

const usd = z.number().nonnegative();
const tokens = z.number().int().positive();

const longContextSchema = z.strictObject({
  aboveInputTokens: tokens,
  input: usd,
  output: usd,
  cachedInput: usd.optional(),
  cacheWrite: usd.optional(),
  reasoning: usd.optional(),
});

const priceSchema = z.strictObject({
  input: usd,
  output: usd,
  cachedInput: usd.optional(),
  cacheWrite: usd.optional(),
  reasoning: usd.optional(),
  longContext: longContextSchema.optional(),
});

/** One entry as stored in catalog.json (capabilities as a list of the true flags). */
export const storedEntrySchema = z.strictObject({
  provider: z.string().min(1),
  model: z.string().min(1),
  mode: z.enum(['chat', 'embedding']),
  contextWindow: tokens.optional(),
  maxOutputTokens: tokens.optional(),
  price: priceSchema.optional(),
  capabilities: z.array(z.enum(CAPABILITY_NAMES)),
});

/** One entry as stored in catalog.json. */
export type StoredEntry = z.infer<typeof storedEntrySchema>;

/** The whole catalog.json file. */
export const catalogFileSchema = z.strictObject({
  format: z.literal(1),
  /** Where the data came from, so a reviewer can tell which upstream snapshot is committed. */
  source: z.strictObject({ file: z.string(), sha256: z.string(), entries: z.number().int().nonnegative() }),
  /** "{providerType}/{model}" -> entry. */
  models: z.record(z.string(), storedEntrySchema),
  /** Bare model name -> key in `models`. */
  aliases: z.record(z.string(), z.string()),
});

/** The whole catalog.json file. */
export type CatalogFile = z.infer<typeof catalogFileSchema>;
