/**
 * The injection classifier: two logistic regressions over the hashed features of features.ts.
 * The first scores "attack or not"; the second, over the same features folded into fewer buckets,
 * tells a jailbreak from a prompt injection once something is an attack. Weights are fitted by
 * scripts/train-injection-classifier.ts and committed quantised (int8 plus one scale) in
 * weights.generated.ts, decoded once at module load.
 */
import { classifierSegments, distinctBuckets, INJECTION_BUCKETS } from './features.js';
import { INJECTION_WEIGHTS } from './weights.generated.js';

/** One decoded linear model: z = bias + scale * sum(q[bucket & mask]) / sqrt(distinct features). */
export interface LinearHead {
  weights: Int8Array;
  mask: number;
  scale: number;
  bias: number;
}

/** Both heads of the classifier. */
export interface InjectionModel {
  attack: LinearHead;
  kind: LinearHead;
}

/** The committed form of one head. */
export interface EncodedHead {
  bits: number;
  scale: number;
  bias: number;
  weightsBase64: string;
}

/** Decodes one committed head; throws when its size does not match its bits. */
export function decodeHead(encoded: EncodedHead): LinearHead {
  const bytes = Buffer.from(encoded.weightsBase64, 'base64');
  const weights = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  if (weights.length !== 1 << encoded.bits || encoded.bits > Math.log2(INJECTION_BUCKETS)) {
    throw new Error('injection classifier weights do not match the feature layout; rerun npm run train:injection');
  }
  return { weights, mask: (1 << encoded.bits) - 1, scale: encoded.scale, bias: encoded.bias };
}

/** The committed model, decoded at module load. */
export const INJECTION_MODEL: InjectionModel = { attack: decodeHead(INJECTION_WEIGHTS.attack), kind: decodeHead(INJECTION_WEIGHTS.kind) };
/** Identifies the committed weights (changes whenever they are refitted). */
export const INJECTION_MODEL_VERSION: string = INJECTION_WEIGHTS.version;

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** The logit of one head over a segment's distinct buckets. */
export function headLogit(head: LinearHead, buckets: Int32Array): number {
  if (buckets.length === 0) return head.bias;
  let sum = 0;
  for (let i = 0; i < buckets.length; i++) sum += head.weights[buckets[i]! & head.mask]!;
  return head.bias + (head.scale * sum) / Math.sqrt(buckets.length);
}

/** The classifier's verdict on one view: attack probability and, for that, the probability it is a jailbreak rather than an injection. */
export interface ClassifierVerdict {
  attack: number;
  jailbreak: number;
}

/** Scores a normalised view: the most suspicious of its segments (head, middle windows, tail) decides. */
export function classifyView(view: string, model: InjectionModel = INJECTION_MODEL): ClassifierVerdict {
  let best: ClassifierVerdict = { attack: 0, jailbreak: 0 };
  let bestLogit = Number.NEGATIVE_INFINITY;
  for (const segment of classifierSegments(view)) {
    const buckets = distinctBuckets(segment);
    const logit = headLogit(model.attack, buckets);
    if (logit > bestLogit) {
      bestLogit = logit;
      best = { attack: sigmoid(logit), jailbreak: sigmoid(headLogit(model.kind, buckets)) };
    }
  }
  return best;
}
