/** exact: the answer equals the target (optionally ignoring case and/or surrounding and repeated whitespace). */
import { z } from 'zod';
import { type GradeInput, type GradeResult, type Grader, quote, targetOf } from './types.js';

/** Params of an exact grader. */
export const exactSchema = z.strictObject({
  type: z.literal('exact'),
  name: z.string().min(1).optional(),
  /** The expected text; absent: the row's `expected`. */
  value: z.string().optional(),
  ignore_case: z.boolean().default(false),
  ignore_whitespace: z.boolean().default(false),
});

/** Normalizes a text as the options ask. */
function normalize(text: string, spec: z.infer<typeof exactSchema>): string {
  let out = text;
  if (spec.ignore_whitespace) out = out.trim().replace(/\s+/g, ' ');
  if (spec.ignore_case) out = out.toLowerCase();
  return out;
}

/** Grades 1 when the answer equals the target, else 0. */
export function gradeExact(spec: z.infer<typeof exactSchema>, input: GradeInput): GradeResult {
  const target = targetOf(spec.value, input);
  if (typeof target !== 'string') return { score: 0, pass: false, reason: "no expected text (set `value` or the row's `expected` to a string)" };
  const pass = normalize(input.output, spec) === normalize(target, spec);
  return { score: pass ? 1 : 0, pass, reason: pass ? 'matches' : `expected ${quote(target)}, got ${quote(input.output)}` };
}

/** Builds an exact grader. */
export function exactGrader(spec: z.infer<typeof exactSchema>): Grader {
  return { name: spec.name ?? 'exact', type: 'exact', grade: (input) => gradeExact(spec, input) };
}
