/** embedding: cosine similarity of the answer's and the target's embeddings, through an alias on the gateway. */
import { z } from 'zod';
import { clamp01, type GradeInput, type GradeResult, type Grader, type GraderServices, targetOf } from './types.js';

/** Params of an embedding-similarity grader. */
export const embeddingSchema = z.strictObject({
  type: z.literal('embedding'),
  name: z.string().min(1).optional(),
  /** The embeddings alias (or model) the gateway routes. */
  model: z.string().min(1),
  /** The reference text; absent: the row's `expected`. */
  value: z.string().optional(),
  /** Pass when the cosine similarity is at least this (default 0.8). */
  threshold: z.number().min(-1).max(1).default(0.8),
});

/** Cosine similarity of two vectors (0 when either is all zeros or their lengths differ). */
export function cosine(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** Grades the similarity (clamped to [0,1] as the score; the threshold applies to the raw cosine). */
export async function gradeEmbedding(spec: z.infer<typeof embeddingSchema>, input: GradeInput, services: GraderServices): Promise<GradeResult> {
  const target = targetOf(spec.value, input);
  if (typeof target !== 'string') return { score: 0, pass: false, reason: "no reference text (set `value` or the row's `expected` to a string)" };
  const [a, b] = await services.embed(spec.model, [input.output, target]);
  if (!a || !b) return { score: 0, pass: false, reason: 'the embeddings answer holds fewer than two vectors' };
  const similarity = cosine(a, b);
  const pass = similarity >= spec.threshold;
  return { score: clamp01(similarity), pass, reason: `cosine ${similarity.toFixed(3)} ${pass ? '≥' : '<'} ${spec.threshold}` };
}

/** Builds an embedding-similarity grader. */
export function embeddingGrader(spec: z.infer<typeof embeddingSchema>): Grader {
  return { name: spec.name ?? 'embedding', type: 'embedding', grade: (input, services) => gradeEmbedding(spec, input, services) };
}
