/** numeric: the first number in the answer is within an absolute and/or relative tolerance of the target. */
import { z } from 'zod';
import { type GradeInput, type GradeResult, type Grader, quote, targetOf } from './types.js';

/** Params of a numeric grader; with no tolerance the numbers must be equal. */
export const numericSchema = z.strictObject({
  type: z.literal('numeric'),
  name: z.string().min(1).optional(),
  /** The expected number; absent: the row's `expected` (a number or a numeric string). */
  value: z.number().optional(),
  abs_tol: z.number().min(0).default(0),
  /** A share of |target| (0.01 = 1%). */
  rel_tol: z.number().min(0).default(0),
});

// Optional sign, digits with optional thousands commas, decimals, exponent.
const NUMBER = /[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][-+]?\d+)?/g;

/** The first number written in a text (thousands commas allowed), or undefined. */
export function firstNumber(text: string): number | undefined {
  for (const match of text.matchAll(NUMBER)) {
    const token = match[0];
    if (!/\d/.test(token)) continue;
    const value = Number(token.replaceAll(',', ''));
    if (Number.isFinite(value)) return value;
  }
  return undefined;
}

/** Grades 1 when |answer − target| ≤ max(abs_tol, rel_tol·|target|). */
export function gradeNumeric(spec: z.infer<typeof numericSchema>, input: GradeInput): GradeResult {
  const raw = targetOf(spec.value, input);
  const target = typeof raw === 'number' ? raw : typeof raw === 'string' ? firstNumber(raw) : undefined;
  if (target === undefined || !Number.isFinite(target)) return { score: 0, pass: false, reason: "no expected number (set `value` or the row's `expected`)" };
  const got = firstNumber(input.output);
  if (got === undefined) return { score: 0, pass: false, reason: `no number in ${quote(input.output)}` };
  const tolerance = Math.max(spec.abs_tol, spec.rel_tol * Math.abs(target));
  const pass = Math.abs(got - target) <= tolerance;
  return { score: pass ? 1 : 0, pass, reason: pass ? `${got} ≈ ${target}` : `${got} is not within ${tolerance} of ${target}` };
}

/** Builds a numeric grader. */
export function numericGrader(spec: z.infer<typeof numericSchema>): Grader {
  return { name: spec.name ?? 'numeric', type: 'numeric', grade: (input) => gradeNumeric(spec, input) };
}
