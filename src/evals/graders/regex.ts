/** regex: the answer matches a regular expression (JavaScript syntax, with optional flags). */
import { z } from 'zod';
import { type GradeInput, type GradeResult, type Grader, quote } from './types.js';

/** Params of a regex grader; the pattern must compile. */
export const regexSchema = z
  .strictObject({
    type: z.literal('regex'),
    name: z.string().min(1).optional(),
    pattern: z.string().min(1),
    flags: z
      .string()
      .regex(/^[dgimsuvy]*$/, 'flags may only be d, g, i, m, s, u, v, y')
      .default(''),
    /** true: pass when the answer does NOT match. */
    negate: z.boolean().default(false),
  })
  .superRefine((spec, ctx) => {
    try {
      new RegExp(spec.pattern, spec.flags);
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: `not a valid regular expression: ${(err as Error).message}` });
    }
  });

/** Grades 1 when the answer matches (or, negated, does not). */
export function gradeRegex(spec: z.infer<typeof regexSchema>, input: GradeInput): GradeResult {
  // A fresh RegExp per call: a `g` flag keeps lastIndex between calls otherwise.
  const matched = new RegExp(spec.pattern, spec.flags).test(input.output);
  const pass = matched !== spec.negate;
  const reason = pass
    ? spec.negate
      ? 'does not match, as required'
      : 'matches'
    : `${spec.negate ? 'matches' : 'does not match'} /${spec.pattern}/ in ${quote(input.output)}`;
  return { score: pass ? 1 : 0, pass, reason };
}

/** Builds a regex grader. */
export function regexGrader(spec: z.infer<typeof regexSchema>): Grader {
  return { name: spec.name ?? 'regex', type: 'regex', grade: (input) => gradeRegex(spec, input) };
}
