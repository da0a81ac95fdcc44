/**
 * The smart router's capability filter: can a target take this request at all (context window,
 * output limit, tools, images, a JSON schema answer)? A cheaper model chosen for an easy prompt is
 * no saving if it then refuses the request, so the router only chooses among targets that can serve.
 */
import { lookupModel, type ModelLookup } from '../../catalog/catalog.js';
import { estimateInputTokens } from '../../core/token-estimate.js';
import type { ChatRequest } from '../../core/types.js';

/** What a request requires of the model that serves it. */
export interface Needs {
  /** Estimated input tokens (core/token-estimate.ts). */
  inputTokens: number;
  /** The output limit the client asked for, if any. */
  maxOutputTokens?: number;
  tools: boolean;
  images: boolean;
  /** A json_schema answer format (structured outputs); plain json_object mode is served by nearly every model. */
  jsonSchema: boolean;
}

/** The part of a routing target the filter reads (config/compile.ts Target has it). */
export interface ServableTarget {
  model: string;
  compiled: { settings: { type: string } };
}

/** What a request needs, derived from the canonical request in one pass over its messages. */
export function needsOf(request: ChatRequest): Needs {
  let images = false;
  for (const message of request.messages) {
    if (message.role === 'system' || message.role === 'developer') continue;
    for (const part of message.content)
      if (part.type === 'image') {
        images = true;
        break;
      }
    if (images) break;
  }
  const needs: Needs = {
    inputTokens: estimateInputTokens(request),
    tools: (request.tools?.length ?? 0) > 0,
    images,
    jsonSchema: request.responseFormat?.type === 'json_schema',
  };
  if (request.maxTokens !== undefined) needs.maxOutputTokens = request.maxTokens;
  return needs;
}

// Targets are compiled once per config, so their catalog entry is looked up once per target, not per request.
const entries = new WeakMap<ServableTarget, ModelLookup | null>();

function entryOf(target: ServableTarget): ModelLookup | undefined {
  let entry = entries.get(target);
  if (entry === undefined) {
    entry = lookupModel(target.compiled.settings.type, target.model) ?? null;
    entries.set(target, entry);
  }
  return entry ?? undefined;
}

/**
 * Whether `target` can serve a request with these needs, by the catalog. A model the catalog does
 * not know (a self-hosted or brand-new model, the simulator) is assumed capable: the operator put
 * it in the group on purpose, and wrongly excluding it would silently route everything elsewhere,
 * while wrongly including it costs one failed attempt that the cause fallbacks already handle.
 * The same reasoning keeps a limit the catalog does not state from excluding anything. The input
 * estimate is only within tens of percent, so a prompt near the window's edge may still be tried.
 */
export function canServe(target: ServableTarget, needs: Needs): boolean {
  const entry = entryOf(target);
  if (!entry) return true;
  if (entry.contextWindow !== undefined && needs.inputTokens > entry.contextWindow) return false;
  if (entry.maxOutputTokens !== undefined && needs.maxOutputTokens !== undefined && needs.maxOutputTokens > entry.maxOutputTokens) return false;
  if (needs.tools && !entry.capabilities.tools) return false;
  if (needs.images && !entry.capabilities.vision) return false;
  if (needs.jsonSchema && !entry.capabilities.jsonSchema) return false;
  return true;
}
