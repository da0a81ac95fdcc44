/**
 * Assignment's pure parts: the unit a request is counted as, a stable hash of experiment and unit
 * into [0, 1), the variant a point falls on, and applying a variant to a request. The same unit
 * always lands on the same variant while the weights stay: the hash has no state.
 */
import { createHash } from 'node:crypto';
import type { ChatRequest } from '../../core/types.js';
import type { RequestContext } from '../../pipeline/context.js';
import type { ExperimentDefinition, ExperimentVariant, VariantParams } from './definition.js';

/** The value a request is bucketed by: the end user, else the key, else the request id (unit end_user); the key, else the request id (unit key). */
export function unitOf(ctx: RequestContext, unit: ExperimentDefinition['unit']): string {
  const identity = ctx.identity;
  if (unit === 'end_user') {
    // Admission sets identity.endUser after prepare: read what it will read (the header, else the body's user).
    const header = ctx.requestHeaders['x-switchboard-user'];
    const endUser = identity?.endUser ?? (typeof header === 'string' && header !== '' ? header : (ctx.request as ChatRequest | undefined)?.user);
    if (endUser) return `u:${endUser}`;
  }
  if (identity?.keyId) return `k:${identity.keyId}`;
  return `r:${ctx.id}`;
}

/** A stable point in [0, 1) for (experiment, purpose, unit): the first 48 bits of a sha256. */
export function unitPoint(experimentId: string, purpose: string, unit: string): number {
  const digest = createHash('sha256').update(experimentId).update('\0').update(purpose).update('\0').update(unit).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** The variant a point in [0, 1) falls on, by the variants' weights in their order. */
export function variantAt(variants: readonly ExperimentVariant[], point: number): ExperimentVariant {
  let total = 0;
  for (const v of variants) total += v.weight;
  let edge = 0;
  for (const v of variants) {
    edge += v.weight / total;
    if (point < edge) return v;
  }
  return variants[variants.length - 1]!;
}

const PARAM_FIELDS: Record<keyof VariantParams, keyof ChatRequest> = {
  temperature: 'temperature',
  top_p: 'topP',
  max_tokens: 'maxTokens',
  seed: 'seed',
  stop: 'stop',
  frequency_penalty: 'frequencyPenalty',
  presence_penalty: 'presencePenalty',
};

/** Applies a variant to a request: its prompt version, model and parameters. Returns the model it set, if any. */
export function applyVariant(request: ChatRequest, variant: ExperimentVariant): string | undefined {
  if (variant.prompt_version !== undefined && request.prompt) request.prompt = { ...request.prompt, version: String(variant.prompt_version) };
  if (variant.model !== undefined) request.model = variant.model;
  if (variant.params)
    for (const [name, value] of Object.entries(variant.params)) {
      const field = PARAM_FIELDS[name as keyof VariantParams];
      if (field && value !== undefined) (request as unknown as Record<string, unknown>)[field] = value;
    }
  return variant.model;
}

/** Whether the client pinned a version number (a label or no version leaves the request eligible). */
export function pinsVersion(request: ChatRequest): boolean {
  const version = request.prompt?.version;
  return version !== undefined && /^\d+$/.test(version);
}
