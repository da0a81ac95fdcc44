/**
 * The smart router's learned model, trained offline by scripts/train-router.ts and shipped as
 * router-model.json next to this file: over the same prompt features (features.ts), a logistic
 * regression for P, the probability that the cheap model's answer is worse than the strong
 * model's, and a linear regression for the log of the answer's length in tokens. The routing score
 * ranks prompts by P per dollar the strong call adds: a prompt the strong model rarely improves is
 * still worth sending up when doing so costs almost nothing, and a long, costly one needs a higher
 * P. Both dot products run in one pass over the active features: a few hundred multiply-adds, no
 * allocation.
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
  format: z.literal(2),
  featuresVersion: z.number().int(),
  hashBits: z.number().int(),
  dense: z.array(z.string()),
  bias: z.number(),
  /** One weight per hashed bucket. */
  weights: z.array(z.number()),
  /** One weight per dense feature, in `dense` order. */
  denseWeights: z.array(z.number()),
  /** The output-length regression (log of output tokens): its bias, hashed and dense weights as above. */
  outputBias: z.number(),
  outputWeights: z.array(z.number()),
  outputDenseWeights: z.array(z.number()),
  /**
   * USD per 1M tokens the strong call adds over the weak one, input and output, at the training
   * pair's prices (strong $10 / $30, weak $0.60 / $0.60): they set the extra-cost estimate's shape.
   */
  extraPrice: z.object({ input: z.number().positive(), output: z.number().positive() }),
  /**
   * The exponent on the extra cost, 0..1: r = P / extraCost^costExponent. Chosen in training; under
   * 1 because the costlier prompts of one kind (longer answers) are also the harder ones.
   */
  costExponent: z.number().min(0).max(1),
  /** The training prompts' median of r: scales the score so it spreads over 0..1. */
  lambda: z.number().positive(),
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
  outputBias: number;
  /** FEATURE_DIM weights of the log-output-tokens regression, laid out as `weights`. */
  outputWeights: Float32Array;
  /** Extra USD per 1M input / output tokens of the strong call (training prices). */
  extraInputPrice: number;
  extraOutputPrice: number;
  costExponent: number;
  lambda: number;
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
          : file.outputWeights.length !== HASH_DIM
            ? `${file.outputWeights.length} hashed output weights, expected ${HASH_DIM}`
            : file.dense.join(',') !== DENSE_FEATURES.join(',') ||
                file.denseWeights.length !== DENSE_FEATURES.length ||
                file.outputDenseWeights.length !== DENSE_FEATURES.length
              ? 'dense features differ from this build'
              : undefined;
  if (mismatch) throw new Error(`${source} does not match the feature extractor (${mismatch}); retrain it with \`npx tsx scripts/train-router.ts\`.`);
  const weights = new Float32Array(FEATURE_DIM);
  weights.set(file.weights, 0);
  weights.set(file.denseWeights, HASH_DIM);
  const outputWeights = new Float32Array(FEATURE_DIM);
  outputWeights.set(file.outputWeights, 0);
  outputWeights.set(file.outputDenseWeights, HASH_DIM);
  return {
    bias: file.bias,
    weights,
    outputBias: file.outputBias,
    outputWeights,
    extraInputPrice: file.extraPrice.input,
    extraOutputPrice: file.extraPrice.output,
    costExponent: file.costExponent,
    lambda: file.lambda,
    quantiles: file.quantiles,
  };
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

/**
 * The routing score, 0..1: r / (r + lambda) with r = P / extraCost^costExponent, where P is
 * difficulty() and the extra cost is what the strong call adds over the weak one, estimated from
 * `inputTokens` and the predicted output length at the training pair's prices (strong $10 / $30,
 * weak $0.60 / $0.60 per 1M tokens), whatever the configured targets cost. It is a ranking signal,
 * neither a probability nor a price: the threshold picks how far down the ranking the strong model goes.
 */
export function routingScore(features: FeatureVector, inputTokens: number, model: RouterModel = getRouterModel()): number {
  let z = model.bias;
  let logOutput = model.outputBias;
  const w = model.weights;
  const o = model.outputWeights;
  for (let k = 0; k < features.length; k++) {
    const i = features.indices[k]!;
    const v = features.values[k]!;
    z += w[i]! * v;
    logOutput += o[i]! * v;
  }
  const r = 1 / (1 + Math.exp(-z)) / extraCost(inputTokens, logOutput, model) ** model.costExponent;
  return r / (r + model.lambda);
}

/** USD per 1M prompts the strong call adds, from input tokens and the predicted log of output tokens (shared with training). */
export function extraCost(inputTokens: number, logOutput: number, prices: Pick<RouterModel, 'extraInputPrice' | 'extraOutputPrice'>): number {
  // Clamped so an out-of-range prediction cannot make a call look free or without bound.
  const outputTokens = Math.exp(Math.min(10, Math.max(0, logOutput)));
  return Math.max(1, inputTokens) * prices.extraInputPrice + outputTokens * prices.extraOutputPrice;
}

// One vector reused by every scorePrompt call: scoring allocates nothing per request.
const scratch = createFeatureVector();

/** Features and routing score in one call: the per-request entry point. Without `inputTokens`, four characters of the last turn count as a token. */
export function scorePrompt(input: PromptInput, model: RouterModel = getRouterModel()): number {
  return routingScore(extractFeatures(input, scratch), input.inputTokens ?? Math.ceil(input.text.length / 4), model);
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
