/** The grader registry: the spec schema (a union on `type`) and the factory that builds a grader from a spec. */
import { z } from 'zod';
import { containsGrader, containsSchema } from './contains.js';
import { embeddingGrader, embeddingSchema } from './embedding.js';
import { exactGrader, exactSchema } from './exact.js';
import { jsonSchemaGrader, jsonSchemaSchema } from './json-schema.js';
import { llmJudgeGrader, llmJudgeSchema } from './llm-judge.js';
import { numericGrader, numericSchema } from './numeric.js';
import { regexGrader, regexSchema } from './regex.js';
import type { Grader } from './types.js';

/** The grader types, as written in graders files and rows. */
export const GRADER_TYPES = ['exact', 'contains', 'regex', 'json_schema', 'numeric', 'embedding', 'llm_judge'] as const;

/** One grader spec: `{type, name?, ...params, threshold?}`. */
export const graderSpecSchema = z.discriminatedUnion('type', [
  exactSchema,
  containsSchema,
  regexSchema,
  jsonSchemaSchema,
  numericSchema,
  embeddingSchema,
  llmJudgeSchema,
]);

/** A validated grader spec. */
export type GraderSpec = z.infer<typeof graderSpecSchema>;

/** Builds the grader a validated spec describes. */
export function buildGrader(spec: GraderSpec): Grader {
  switch (spec.type) {
    case 'exact':
      return exactGrader(spec);
    case 'contains':
      return containsGrader(spec);
    case 'regex':
      return regexGrader(spec);
    case 'json_schema':
      return jsonSchemaGrader(spec);
    case 'numeric':
      return numericGrader(spec);
    case 'embedding':
      return embeddingGrader(spec);
    case 'llm_judge':
      return llmJudgeGrader(spec);
  }
}

export type { GradeInput, GradeResult, Grader, GraderServices } from './types.js';
