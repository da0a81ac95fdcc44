/** json_schema: the answer is JSON (bare, fenced or embedded in prose) that validates against a JSON Schema (Ajv). */
import { Ajv, type ValidateFunction } from 'ajv';
import { z } from 'zod';
import { extractJson } from './json-text.js';
import type { GradeInput, GradeResult, Grader } from './types.js';

const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: true });

/** Compiles a schema, or says why it cannot. */
export function compileSchema(schema: unknown): ValidateFunction | string {
  try {
    return ajv.compile(schema as Record<string, unknown>);
  } catch (err) {
    return (err as Error).message;
  }
}

/** Params of a json_schema grader; the schema must compile. */
export const jsonSchemaSchema = z
  .strictObject({
    type: z.literal('json_schema'),
    name: z.string().min(1).optional(),
    schema: z.record(z.string(), z.unknown()),
  })
  .superRefine((spec, ctx) => {
    const compiled = compileSchema(spec.schema);
    if (typeof compiled === 'string') ctx.addIssue({ code: 'custom', path: ['schema'], message: `not a valid JSON Schema: ${compiled}` });
  });

/** Grades 1 when the answer's JSON validates, else 0 with Ajv's first errors. */
export function gradeJsonSchema(validate: ValidateFunction, input: GradeInput): GradeResult {
  const found = extractJson(input.output);
  if (!found) return { score: 0, pass: false, reason: 'the answer holds no JSON' };
  if (validate(found.value)) return { score: 1, pass: true, reason: 'valid' };
  const errors = (validate.errors ?? [])
    .slice(0, 3)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`)
    .join('; ');
  return { score: 0, pass: false, reason: `does not match the schema: ${errors}` };
}

/** Builds a json_schema grader (the schema is compiled once). */
export function jsonSchemaGrader(spec: z.infer<typeof jsonSchemaSchema>): Grader {
  const compiled = compileSchema(spec.schema);
  if (typeof compiled === 'string') throw new Error(`json_schema grader: ${compiled}`);
  return { name: spec.name ?? 'json_schema', type: 'json_schema', grade: (input) => gradeJsonSchema(compiled, input) };
}
