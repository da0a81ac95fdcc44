/**
 * An experiment's definition, as an operator writes it (YAML file, admin API body): what traffic it
 * splits (an alias or a stored prompt), the variants with their weights, who is eligible and how
 * the results are judged. Parsed with zod so every mistake is reported with its path.
 */
import { z } from 'zod';
import type { MetricName } from './stats/types.js';

/** An experiment's name: unique per tenant. */
export const EXPERIMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** An experiment's internal id: `exp_` + 16 hex (request_log.experiment, ctx.experiment.experiment). */
export const EXPERIMENT_ID = /^exp_[0-9a-f]{16}$/;

/** Where an experiment stands. */
export type ExperimentStatus = 'running' | 'paused' | 'stopped' | 'promoted';

/** The statuses in order of the API's enum. */
export const EXPERIMENT_STATUSES: readonly ExperimentStatus[] = ['running', 'paused', 'stopped', 'promoted'];

/** Every metric a variant collects. */
export const METRICS: readonly MetricName[] = ['feedback', 'error_rate', 'latency_ms', 'ttft_ms', 'cost_usd'];

const metric = z.enum(['feedback', 'error_rate', 'latency_ms', 'ttft_ms', 'cost_usd']);

/** Request parameters a variant may set, in OpenAI Chat Completions names. */
const paramsSchema = z
  .object({
    temperature: z.number().min(0).max(2).optional(),
    top_p: z.number().min(0).max(1).optional(),
    max_tokens: z.number().int().positive().optional(),
    seed: z.number().int().optional(),
    stop: z.array(z.string()).max(4).optional(),
    frequency_penalty: z.number().min(-2).max(2).optional(),
    presence_penalty: z.number().min(-2).max(2).optional(),
  })
  .strict();

const variantSchema = z
  .object({
    name: z.string().regex(EXPERIMENT_NAME, 'a variant name is 1-64 letters, digits, _ . or - and starts with a letter or digit'),
    weight: z.number().positive().finite(),
    /** A version number or a label of the target prompt. */
    prompt_version: z.union([z.number().int().positive(), z.string().min(1).max(64)]).optional(),
    /** An alias or provider/model. */
    model: z.string().min(1).max(200).optional(),
    params: paramsSchema.optional(),
  })
  .strict();

const targetSchema = z.union([z.object({ prompt: z.string().min(1).max(128) }).strict(), z.object({ alias: z.string().min(1).max(200) }).strict()]);

/** The definition's schema (the wire form; defaults applied by parseDefinition). */
export const experimentDefinitionSchema = z
  .object({
    name: z.string().regex(EXPERIMENT_NAME, 'a name is 1-64 letters, digits, _ . or - and starts with a letter or digit'),
    description: z.string().max(2000).optional(),
    target: targetSchema,
    variants: z.array(variantSchema).min(2).max(10),
    control: z.string().optional(),
    unit: z.enum(['end_user', 'key']).default('end_user'),
    teams: z.array(z.string().min(1).max(64)).min(1).max(100).optional(),
    traffic: z.number().min(0).max(1).default(1),
    primary_metric: metric.default('feedback'),
    guard_metrics: z.array(metric).max(5).default(['error_rate', 'cost_usd', 'latency_ms']),
    alpha: z.number().gt(0).lt(0.5).default(0.05),
    min_samples: z.number().int().min(2).default(100),
    equivalence_margins: z.partialRecord(metric, z.number().nonnegative().finite()).optional(),
    auto_promote: z
      .object({ label: z.string().min(1).max(64) })
      .strict()
      .optional(),
    shadow: z
      .object({ variant: z.string(), fraction: z.number().min(0).max(1) })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    const names = new Set<string>();
    d.variants.forEach((v, i) => {
      if (names.has(v.name)) ctx.addIssue({ code: 'custom', path: ['variants', i, 'name'], message: `variant '${v.name}' is named twice` });
      names.add(v.name);
      if (v.prompt_version !== undefined && !('prompt' in d.target))
        ctx.addIssue({ code: 'custom', path: ['variants', i, 'prompt_version'], message: 'prompt_version needs a prompt target ({prompt: ID})' });
    });
    if (d.control !== undefined && !names.has(d.control)) ctx.addIssue({ code: 'custom', path: ['control'], message: `no variant is named '${d.control}'` });
    if (d.auto_promote && !('prompt' in d.target))
      ctx.addIssue({ code: 'custom', path: ['auto_promote'], message: 'auto_promote moves a prompt label: it needs a prompt target' });
    if (d.auto_promote && d.variants.some((v) => v.prompt_version === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['auto_promote'],
        message: 'auto_promote needs a prompt_version on every variant (the version the label moves to)',
      });
    if (d.shadow) {
      const control = d.control ?? d.variants[0]?.name;
      if (!names.has(d.shadow.variant)) ctx.addIssue({ code: 'custom', path: ['shadow', 'variant'], message: `no variant is named '${d.shadow.variant}'` });
      else if (d.shadow.variant === control)
        ctx.addIssue({ code: 'custom', path: ['shadow', 'variant'], message: 'the shadow variant must not be the control' });
    }
  });

/** A parsed definition, defaults applied (control resolved). */
export type ExperimentDefinition = z.output<typeof experimentDefinitionSchema> & { control: string };

/** One variant of a definition. */
export type ExperimentVariant = ExperimentDefinition['variants'][number];

/** A variant's request parameters. */
export type VariantParams = z.output<typeof paramsSchema>;

/** Parses a definition (throws the zod error; callers turn it into their own 400 or config error). */
export function parseDefinition(input: unknown): ExperimentDefinition {
  const parsed = experimentDefinitionSchema.parse(input);
  return { ...parsed, control: parsed.control ?? parsed.variants[0]!.name };
}

/** The safe-parse form, for callers that report the issue themselves. */
export function safeParseDefinition(input: unknown): { success: true; data: ExperimentDefinition } | { success: false; error: z.ZodError } {
  const result = experimentDefinitionSchema.safeParse(input);
  if (!result.success) return { success: false, error: result.error };
  return { success: true, data: { ...result.data, control: result.data.control ?? result.data.variants[0]!.name } };
}

/** A stored experiment: its id, tenant, definition, status and last decision. */
export interface Experiment {
  id: string;
  /** `global` (the owner's: any team's traffic, narrowed by `teams`) or `team:ID` (that team's only). */
  tenant: string;
  definition: ExperimentDefinition;
  status: ExperimentStatus;
  /** The last decision made (promotion or stop), as stored JSON. */
  decision?: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}
