/**
 * Fits the injection classifier and writes src/guardrails/injection/weights.generated.ts.
 *
 *   npm run train:injection -- [--data DIR] [--epochs 12] [--learning-rate 0.1] [--l2 0]
 *
 * Data: scripts/injection-data.ts (default ../shared/data next to the repository, or $GUARD_DATA_DIR),
 * TRAIN split only for fitting and the VALIDATION split only for choosing the threshold; the test
 * split is never read here. What is fitted:
 *   1. the attack head: logistic regression (AdaGrad, optional L2) over the presence of the hashed features of
 *      each classifier segment of the normalised text (features.ts), sources weighted by sqrt(size) so
 *      the small deepset set counts; negatives include synthetic long texts (several benign prompts
 *      joined) so length alone is no sign of an attack;
 *   2. the kind head: the same over 2^12 folded buckets, positives only, jailbreak vs prompt injection;
 *   3. the default threshold: the lowest score at which the false-positive rate of every benign validation
 *      group (deepset, MMLU, GSM8K, PAWS-X, and "chat": MT-Bench plus the hand-written prompts) is at most 3%
 *      (rules included, weights quantised as committed).
 * Deterministic: a seeded shuffle, fixed order. Takes 10-25 s on one core.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { seededRandom } from '../src/core/seeded-random.js';
import { decodeHead, type EncodedHead, type InjectionModel } from '../src/guardrails/injection/classifier.js';
import { classifierSegments, distinctBuckets, INJECTION_BUCKET_BITS } from '../src/guardrails/injection/features.js';
import { assessInjection, RULE_HIT_SCORE } from '../src/guardrails/injection/index.js';
import { normalizeView } from '../src/guardrails/injection/normalize.js';
import { defaultGuardDataDir, type LabelledText, loadInjectionData } from './injection-data.js';

const WEIGHTS_FILE = fileURLToPath(new URL('../src/guardrails/injection/weights.generated.ts', import.meta.url));
const KIND_BITS = 12;
const SYNTHETIC_LONG_NEGATIVES = 400;
const TARGET_FALSE_POSITIVE_RATE = 0.03;
const SEED = 20261206;

const { values } = parseArgs({
  options: { data: { type: 'string' }, epochs: { type: 'string' }, 'learning-rate': { type: 'string' }, l2: { type: 'string' } },
});
// Defaults picked on the validation split (12 epochs, AdaGrad rate 0.1, no L2: the best validation recall of the ten or so tried).
const EPOCHS = Number(values.epochs ?? 12);
const LEARNING_RATE = Number(values['learning-rate'] ?? 0.1);
const L2 = Number(values.l2 ?? 0);
const started = performance.now();
const rows = loadInjectionData(values.data ?? defaultGuardDataDir());

// The shared mulberry32 is the generator the committed weights were fitted with (the same numbers to the bit), so every run shuffles the same way.
const random = seededRandom(SEED);

// Synthetic long negatives: 4-12 benign training prompts joined, as a long ordinary request would be.
const benignTrain = rows.filter((row) => row.split === 'train' && row.label === 0 && row.source !== 'pawsx');
const synthetic: LabelledText[] = [];
for (let i = 0; i < SYNTHETIC_LONG_NEGATIVES; i++) {
  const parts: string[] = [];
  const count = 4 + Math.floor(random() * 9);
  for (let j = 0; j < count; j++) parts.push(benignTrain[Math.floor(random() * benignTrain.length)]!.text);
  synthetic.push({ id: `synthetic-${i}`, source: 'synthetic_long', text: parts.join('\n\n'), label: 0, split: 'train', facets: {} });
}
// PAWS-X is trained on although it costs about 3 points of validation recall: without it, 7-11% of ordinary
// Spanish, French and German sentences scored as attacks (the only non-English training texts were deepset's German injections).
const training = [...rows.filter((row) => row.split === 'train'), ...synthetic];

// Source weights: each source's share of its class grows with sqrt(size), and both classes weigh the same.
function sourceWeights(examples: readonly LabelledText[], classOf: (row: LabelledText) => number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of examples) counts.set(`${classOf(row)}|${row.source}`, (counts.get(`${classOf(row)}|${row.source}`) ?? 0) + 1);
  const classTotals = new Map<number, number>();
  for (const [key, count] of counts) classTotals.set(Number(key.split('|')[0]), (classTotals.get(Number(key.split('|')[0])) ?? 0) + Math.sqrt(count));
  const weights = new Map<string, number>();
  for (const [key, count] of counts) {
    const share = Math.sqrt(count) / classTotals.get(Number(key.split('|')[0]))!;
    weights.set(key, (share * examples.length) / 2 / count);
  }
  return weights;
}

interface Example {
  buckets: Int32Array;
  label: number;
  weight: number;
}

function examplesOf(examples: readonly LabelledText[], classOf: (row: LabelledText) => number): Example[] {
  const weights = sourceWeights(examples, classOf);
  const out: Example[] = [];
  for (const row of examples) {
    const segments = classifierSegments(normalizeView(row.text));
    const weight = weights.get(`${classOf(row)}|${row.source}`)! / segments.length;
    for (const segment of segments) out.push({ buckets: distinctBuckets(segment).slice(), label: classOf(row), weight });
  }
  return out;
}

/** Logistic regression with AdaGrad and L2 on the touched weights; returns float weights and bias. */
function fitLogistic(examples: Example[], bits: number): { weights: Float64Array; bias: number } {
  const mask = (1 << bits) - 1;
  const weights = new Float64Array(1 << bits);
  const squaredGradients = new Float64Array(1 << bits).fill(1e-8);
  let bias = 0;
  let biasSquared = 1e-8;
  const order = examples.map((_, index) => index);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const index of order) {
      const { buckets, label, weight } = examples[index]!;
      if (buckets.length === 0) continue;
      const x = 1 / Math.sqrt(buckets.length);
      let z = bias;
      for (let k = 0; k < buckets.length; k++) z += weights[buckets[k]! & mask]! * x;
      const error = (1 / (1 + Math.exp(-z)) - label) * weight;
      for (let k = 0; k < buckets.length; k++) {
        const bucket = buckets[k]! & mask;
        const gradient = error * x + L2 * weights[bucket]!;
        squaredGradients[bucket]! += gradient * gradient;
        weights[bucket]! -= (LEARNING_RATE * gradient) / Math.sqrt(squaredGradients[bucket]!);
      }
      biasSquared += error * error;
      bias -= (LEARNING_RATE * error) / Math.sqrt(biasSquared);
    }
  }
  return { weights, bias };
}

/** int8 plus one scale: the largest weight maps to +-127. */
function quantise(fitted: { weights: Float64Array; bias: number }, bits: number): EncodedHead {
  let largest = 0;
  for (const w of fitted.weights) largest = Math.max(largest, Math.abs(w));
  const scale = largest > 0 ? largest / 127 : 1;
  const quantised = new Int8Array(fitted.weights.length);
  for (let i = 0; i < quantised.length; i++) quantised[i] = Math.round(fitted.weights[i]! / scale);
  return { bits, scale: Number(scale.toPrecision(8)), bias: Number(fitted.bias.toFixed(6)), weightsBase64: Buffer.from(quantised.buffer).toString('base64') };
}

const attackExamples = examplesOf(training, (row) => row.label);
const attack = quantise(fitLogistic(attackExamples, INJECTION_BUCKET_BITS), INJECTION_BUCKET_BITS);
const positives = training.filter((row) => row.label === 1);
const kind = quantise(
  fitLogistic(
    examplesOf(positives, (row) => (row.kind === 'jailbreak' ? 1 : 0)),
    KIND_BITS,
  ),
  KIND_BITS,
);
const model: InjectionModel = { attack: decodeHead(attack), kind: decodeHead(kind) };

// Threshold on validation: the lowest candidate at which every benign group's false-positive rate is at most the target.
// MT-Bench and the hand-written prompts are each too small to hold a 3% rate alone (one text is 4-6%), so they
// form one "chat" group; they are also the texts most like real traffic, so they must not be averaged away.
const validation = rows.filter((row) => row.split === 'validation');
const scored = validation.map((row) => ({ row, score: assessInjection(row.text, model).score }));
const BENIGN_GROUPS: Record<string, readonly string[]> = {
  deepset: ['deepset'],
  mmlu: ['mmlu'],
  gsm8k: ['gsm8k'],
  pawsx: ['pawsx'],
  chat: ['mt_bench', 'handwritten_benign'],
};
function worstBenignFalsePositiveRate(threshold: number): number {
  return Math.max(
    ...Object.values(BENIGN_GROUPS).map((sources) => {
      const benign = scored.filter(({ row }) => row.label === 0 && sources.includes(row.source));
      return benign.filter(({ score }) => score >= threshold).length / Math.max(1, benign.length);
    }),
  );
}
const candidates = [...new Set(scored.map(({ score }) => Number(score.toFixed(4))))].filter((t) => t > 0.05 && t < RULE_HIT_SCORE).sort((a, b) => a - b);
const threshold = candidates.find((t) => worstBenignFalsePositiveRate(t) <= TARGET_FALSE_POSITIVE_RATE) ?? 0.9;
const validationPositives = scored.filter(({ row }) => row.label === 1);
const recall = validationPositives.filter(({ score }) => score >= threshold).length / validationPositives.length;

const version = `i1-${createHash('sha256').update(attack.weightsBase64).update(kind.weightsBase64).digest('hex').slice(0, 10)}`;
// Written in the layout biome formats it to, so a fresh run leaves `npx biome check` clean.
const head = (name: string, encoded: EncodedHead): string =>
  `  ${name}: {\n    bits: ${encoded.bits},\n    scale: ${encoded.scale},\n    bias: ${encoded.bias},\n    weightsBase64:\n      '${encoded.weightsBase64}',\n  },\n`;
writeFileSync(
  WEIGHTS_FILE,
  `/** Generated by scripts/train-injection-classifier.ts (npm run train:injection) from the train split; threshold from the validation split: do not edit. */
export const INJECTION_WEIGHTS = {
  version: '${version}',
  threshold: ${threshold},
${head('attack', attack)}${head('kind', kind)}} as const;
`,
);
console.log(
  `trained on ${training.length} texts (${attackExamples.length} segments); threshold ${threshold}: validation worst benign-group FPR ${(worstBenignFalsePositiveRate(threshold) * 100).toFixed(2)}%, recall ${(recall * 100).toFixed(1)}%; ${version}; ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
