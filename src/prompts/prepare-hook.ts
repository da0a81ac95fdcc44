/**
 * The prepare hook that calls a stored prompt: it resolves `request.prompt` (resolver.ts), renders
 * the version into the request (render.ts), and records which prompt and version answered (the
 * context for the log and traces, and the x-switchboard-prompt headers). It reads the reference
 * when it runs, so a hook before it (an experiment choosing a variant's version) may change it.
 *
 * On the Responses API an id the registry lacks that starts with `pmpt_` is OpenAI's own hosted
 * prompt: it is left in the Responses-only fields and goes to a target with a Responses API as
 * the client sent it (other targets refuse it by name, as they refuse any such field).
 */
import { GatewayError, invalidRequest } from '../core/errors.js';
import type { ChatRequest, ChatResponse } from '../core/types.js';
import type { RequestContext } from '../pipeline/context.js';
import type { Hook } from '../pipeline/contract.js';
import { responsesTurn } from '../pipeline/operations/responses.js';
import { safeHeaderValue } from '../pipeline/runner.js';
import { renderPrompt } from './render.js';
import { PromptResolver, type ResolverOptions } from './resolver.js';
import { type PromptStore, promptTenantOf } from './store-contract.js';

/** The prefix of OpenAI-hosted prompt ids. */
export const OPENAI_PROMPT_PREFIX = 'pmpt_';

/** The hook and the cache control the app needs. */
export interface PromptFeature {
  hook: Hook<ChatRequest, ChatResponse>;
  /** Forgets cached label positions (after an admin write on this replica). */
  invalidate(tenant?: string, id?: string): void;
}

type Ctx = RequestContext<ChatRequest, ChatResponse>;

/** A Responses input item other than input_text as a variable: only text can fill a template. */
function refuseItemVariables(variables: Readonly<Record<string, unknown>> | undefined): void {
  for (const [name, value] of Object.entries(variables ?? {})) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { type?: unknown }).type === 'string') {
      const type = String((value as { type: string }).type);
      if (type.startsWith('input_')) {
        throw new GatewayError(
          'prompt_variable_invalid',
          400,
          `Prompt variable '${name}' is an ${type.slice(0, 32)} item; stored prompts take text (a string or input_text).`,
          {
            param: `prompt.variables.${name}`,
          },
        );
      }
    }
  }
}

/** Leaves an OpenAI-hosted prompt to the upstream; true when it did. */
function passThrough(ctx: Ctx, id: string): boolean {
  const turn = ctx.operation === 'responses' ? ctx.get(responsesTurn) : undefined;
  if (!turn || !id.startsWith(OPENAI_PROMPT_PREFIX) || turn.nativeFields.prompt === undefined) return false;
  const { prompt: _prompt, ...request } = ctx.request;
  ctx.request = request;
  return true;
}

/** The registry's copy is called: the raw `prompt` must not also reach a Responses API. */
function dropNativePrompt(ctx: Ctx): void {
  const turn = ctx.get(responsesTurn);
  if (turn?.nativeFields.prompt === undefined) return;
  const { prompt: _prompt, ...rest } = turn.nativeFields;
  turn.nativeFields = rest;
}

/** Builds the prompt feature over a store. */
export function promptFeature(store: PromptStore, options?: ResolverOptions): PromptFeature {
  const resolver = new PromptResolver(store, options);
  const hook: Hook<ChatRequest, ChatResponse> = {
    name: 'prompts',
    async run(ctx) {
      const reference = ctx.request.prompt;
      if (!reference) return undefined;
      const resolved = await resolver.resolve(promptTenantOf(ctx.identity), reference.id, reference.version);
      if (!resolved) {
        if (passThrough(ctx, reference.id)) return undefined;
        throw new GatewayError('prompt_not_found', 404, `Prompt '${reference.id.slice(0, 128)}' not found.`, { param: 'prompt.id' });
      }
      dropNativePrompt(ctx);
      if (ctx.ingress === 'openai-responses') refuseItemVariables(reference.variables);
      const version = resolved.version;
      const fromPrompt = ctx.request.model === '';
      const rendered = renderPrompt(ctx.request, version, { coerceStrings: ctx.ingress === 'openai-responses' });
      if (rendered.model === '') {
        throw invalidRequest(
          `'model' is required: the request names none and prompt '${version.promptId}' version ${version.version} has no default model.`,
          'model',
        );
      }
      ctx.request = rendered;
      if (fromPrompt) ctx.modelRequested = rendered.model;
      ctx.prompt = { id: version.promptId, version: version.version, ...(resolved.label !== undefined ? { label: resolved.label } : {}) };
      ctx.responseHeaders['x-switchboard-prompt'] = safeHeaderValue(version.promptId);
      ctx.responseHeaders['x-switchboard-prompt-version'] = version.version;
      return undefined;
    },
  };
  return { hook, invalidate: (tenant, id) => resolver.invalidate(tenant, id) };
}
