/** contains: the answer contains any (or all) of the target strings; the score is the share found in `all` mode. */
import { z } from 'zod';
import { type GradeInput, type GradeResult, type Grader, targetOf } from './types.js';

/** Params of a contains grader. */
export const containsSchema = z.strictObject({
  type: z.literal('contains'),
  name: z.string().min(1).optional(),
  /** Strings to look for; absent: the row's `expected` (a string or a list of strings). */
  values: z.array(z.string()).min(1).optional(),
  mode: z.enum(['any', 'all']).default('any'),
  ignore_case: z.boolean().default(false),
  /** In `all` mode, the share of values that must be found to pass (default 1: all of them). */
  threshold: z.number().min(0).max(1).optional(),
});

/** Grades the share of target strings found (`all`) or 1/0 for any found (`any`). */
export function gradeContains(spec: z.infer<typeof containsSchema>, input: GradeInput): GradeResult {
  const raw = targetOf(spec.values, input);
  const values = typeof raw === 'string' ? [raw] : Array.isArray(raw) && raw.every((v) => typeof v === 'string') ? (raw as string[]) : undefined;
  if (!values || values.length === 0) return { score: 0, pass: false, reason: "no strings to look for (set `values` or the row's `expected`)" };
  const haystack = spec.ignore_case ? input.output.toLowerCase() : input.output;
  const found = values.filter((v) => haystack.includes(spec.ignore_case ? v.toLowerCase() : v));
  const missing = values.filter((v) => !found.includes(v));
  if (spec.mode === 'any') {
    const pass = found.length > 0;
    return { score: pass ? 1 : 0, pass, reason: pass ? `found ${JSON.stringify(found[0])}` : `none of ${JSON.stringify(values)} found` };
  }
  const score = found.length / values.length;
  const pass = score >= (spec.threshold ?? 1);
  return { score, pass, reason: missing.length === 0 ? 'all found' : `missing ${JSON.stringify(missing)}` };
}

/** Builds a contains grader. */
export function containsGrader(spec: z.infer<typeof containsSchema>): Grader {
  return { name: spec.name ?? 'contains', type: 'contains', grade: (input) => gradeContains(spec, input) };
}
