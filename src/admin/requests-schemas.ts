/**
 * Query schemas of the request log's routes (GET /admin/v1/requests and /admin/v1/overview):
 * strict, bounded, and the source of their OpenAPI parameters, like schemas.ts.
 */
import { z } from 'zod';
import { CACHE_RESULTS, GUARDRAIL_FILTER_OUTCOMES } from './requests-contract.js';
import { idSchema, intParam, timeParam } from './schemas.js';

/** Largest page of the request search. */
export const MAX_REQUEST_PAGE = 200;

const text = (what: string, max = 256) =>
  z
    .string()
    .min(1, `${what} cannot be empty`)
    .max(max, `${what} has at most ${max} characters`)
    .regex(/^[^\p{Cc}]*$/u, `${what} cannot contain control characters`);

/** GET /admin/v1/requests (requests-contract.ts RequestSearchQuery). */
export const requestSearchQuerySchema = z
  .object({
    from: timeParam.optional(),
    to: timeParam.optional(),
    team: idSchema.optional(),
    project: idSchema.optional(),
    key: idSchema.optional(),
    user: text('user').optional(),
    model: text('model').optional(),
    provider: text('provider', 64).optional(),
    status: z
      .string()
      .regex(/^([1-5][0-9][0-9]|[1-5]xx)$/, 'expected an HTTP status (429) or a class (2xx, 4xx, 5xx)')
      .optional(),
    error_code: z
      .string()
      .regex(/^[a-z0-9_]{1,64}$/, 'expected an error code such as upstream_rate_limited')
      .optional(),
    cache: z.enum(CACHE_RESULTS).optional(),
    guardrail: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'expected a guard name: 1-64 lower-case letters, digits, _ . -')
      .describe('Requests where this guard gave any verdict but pass.')
      .optional(),
    guardrail_outcome: z.enum(GUARDRAIL_FILTER_OUTCOMES).describe('Requests where a guard (the guardrail one, when given) came to this outcome.').optional(),
    prompt: text('prompt', 200).describe('Requests that called this stored prompt (its id).').optional(),
    prompt_version: intParam(1, 2_147_483_647).describe('Requests that called this prompt version.').optional(),
    q: text('q', 200).optional(),
    limit: intParam(1, MAX_REQUEST_PAGE).optional(),
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,400}$/, 'expected the next_cursor of the previous page')
      .optional(),
  })
  .strict();

/** GET /admin/v1/overview (requests-contract.ts OverviewQuery). */
export const overviewQuerySchema = z
  .object({
    from: timeParam.optional(),
    to: timeParam.optional(),
    bucket: z.enum(['minute', 'hour', 'day']).optional(),
    by: z.enum(['team', 'model', 'provider']).optional(),
    team: idSchema.optional(),
  })
  .strict();
