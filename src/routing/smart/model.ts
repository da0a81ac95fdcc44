/**
 * The smart router's learned model: a logistic regression over the prompt features
 * (features.ts), trained offline by scripts/train-router.ts and shipped as router-model.json next
 * to this file. It answers one question: how likely is the cheap model's answer to be worse than
 * the strong model's? Scoring is a dot product over the active features only: a few hundred
 * multiply-adds, no allocation.
 *
 * The JSON is read with fs on first use, like the catalog (src/catalog/catalog.ts says why), and
 * validated: weights trained for another feature extractor must fail loudly, not route at random.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  createFeatureVector,
  DENSE_FEATURES,
  extractFeatures,
  FEATURE_DIM,
  FEATURES_VERSION,
  type FeatureVector,
  HASH_BITS,
  HASH_DIM,
  type PromptInput,
} from './features.js';

/** Absolute path of the shipped weights, from src/ or the compiled dist/, from any cwd. */
export const ROUTER_MODEL_PATH = fileURLToPath(new URL('../../../src/routing/smart/router-model.json', import.meta.url));

/** The weights file as scripts/train-router.ts writes it. */
export const routerModelFileSchema = z.object({
  format: z.literal(1),
  featuresVersion: z.number().int(),
  hashBits: z.number().int(),
  dense: z.array(z.string()),
  bias: z.number(),
  /** One weight per hashed bucket. */
  weights: z.array(z.number()),
  /** One weight per dense feature, in `dense` order. */
  denseWeights: z.array(z.number()),
  /** Scores of the training prompts at 0%, 1%, ..., 100%: maps a wanted share of strong calls to a threshold. */
  quantiles: z.array(z.number()).length(101),
  /** How it was trained (data, label, regularisation), for the reader; not used at run time. */
  training: z.record(z.string(), z.unknown()),
});

/** The weights file as scripts/train-router.ts writes it. */
export type RouterModelFile = z.infer<typeof routerModelFileSchema>;

/** A loaded model, ready to score. */
export interface RouterModel {
  bias: number;
  /** FEATURE_DIM weights: hashed buckets, then dense features. */
  weights: Float32Array;
  /** Training-prompt score quantiles (101 points, ascending). */
  quantiles: readonly number[];
}

/** Checks a parsed weights file against this build's extractor and turns it into a model. */
export function modelFromFile(file: RouterModelFile, source = 'router model'): RouterModel {
  const mismatch =
    file.featuresVersion !== FEATURES_VERSION
      ? `features version ${file.featuresVersion}, this build extracts version ${FEATURES_VERSION}`
      : file.hashBits !== HASH_BITS
        ? `${file.hashBits} hash bits, this build uses ${HASH_BITS}`
        : file.weights.length !== HASH_DIM
          ? `${file.weights.length} hashed weights, expected ${HASH_DIM}`
          : file.dense.join(',') !== DENSE_FEATURES.join(',') || file.denseWeights.length !== DENSE_FEATURES.length
            ? 'dense features differ from this build'
            : undefined;
  if (mismatch) throw new Error(`${source} does not match the feature extractor (${mismatch}); retrain it with \`npx tsx scripts/train-router.ts\`.`);
  const weights = new Float32Array(FEATURE_DIM);
  weights.set(file.weights, 0);
  weights.set(file.denseWeights, HASH_DIM);
  return { bias: file.bias, weights, quantiles: file.quantiles };
}

/** Reads and validates a weights file. */
export function loadRouterModel(path: string = ROUTER_MODEL_PATH): RouterModel {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`smart router model ${path} cannot be read: ${(err as Error).message}`);
  }
  const parsed = routerModelFileSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`smart router model ${path} is invalid:\n${z.prettifyError(parsed.error)}`);
  return modelFromFile(parsed.data, `smart router model ${path}`);
}

let shipped: RouterModel | undefined;

/** The shipped model, loaded once per process. */
export function getRouterModel(): RouterModel {
  shipped ??= loadRouterModel();
  return shipped;
}

/** Estimated probability (0..1) that the cheap model's answer is worse than the strong model's. */
export function difficulty(features: FeatureVector, model: RouterModel = getRouterModel()): number {
  let z = model.bias;
  const w = model.weights;
  for (let k = 0; k < features.length; k++) z += w[features.indices[k]!]! * features.values[k]!;
  return 1 / (1 + Math.exp(-z));
}

// One vector reused by every scorePrompt call: scoring allocates nothing per request.
const scratch = createFeatureVector();

/** Features and difficulty in one call: the per-request entry point. */
export function scorePrompt(input: PromptInput, model: RouterModel = getRouterModel()): number {
  return difficulty(extractFeatures(input, scratch), model);
}

/**
 * The threshold that sends about `share` (0..1) of prompts like the training set's to the strong
 * model: a readable way to set the knob ("30% strong") without knowing the score's scale.
 */
export function thresholdForStrongShare(share: number, model: RouterModel = getRouterModel()): number {
  if (share <= 0) return 1;
  if (share >= 1) return 0;
  const q = model.quantiles;
  const at = Math.min(100, Math.max(0, (1 - share) * 100));
  const lo = Math.floor(at);
  const hi = Math.min(100, lo + 1);
  return q[lo]! + (q[hi]! - q[lo]!) * (at - lo);
}
