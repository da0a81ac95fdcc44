/**
 * The Anthropic top-level fields around the conversation: what each one becomes. Mapped:
 * service_tier (auto, standard_only → OpenAI's default) and the top-level automatic
 * cache_control (a breakpoint on the last cacheable block, as Anthropic places it). Dropped as
 * hints that never change the answer: speed, inference_geo 'global' (the default) and
 * diagnostics. Refused by name: what would run tools or edit the context at Anthropic's side, or
 * pin where inference runs, which the gateway cannot promise across providers.
 * docs/providers.md ("Anthropic Messages fields") lists the same decisions.
 */
import type { ChatRequest, Message, TextPart } from '../../core/types.js';
import { bad, cacheControl, type Json, object, onlyKeys, unsupported } from './validate.js';

/** Real Anthropic fields the gateway refuses, with what they ask for (a Map: keys come from the client). */
export const REFUSED_FIELDS: ReadonlyMap<string, string> = new Map([
  ['container', 'container (a code-execution container; the gateway carries no server tools)'],
  ['mcp_servers', 'mcp_servers (the MCP connector, whose tool calls run at Anthropic)'],
  ['context_management', 'context_management (server-side context editing)'],
]);

/** The top-level fields this file decodes. */
export const OPTION_FIELDS: readonly string[] = ['service_tier', 'cache_control', 'speed', 'inference_geo', 'diagnostics'];

const SERVICE_TIERS: ReadonlyMap<unknown, string> = new Map([
  ['auto', 'auto'],
  ['standard_only', 'default'],
]);

const given = (value: unknown) => value !== undefined && value !== null;

/** The last text part of the conversation's last message that has one: where an automatic breakpoint lands. */
function lastText(messages: Message[]): TextPart | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const content = messages[i]!.content as ReadonlyArray<{ type: string }>;
    for (let j = content.length - 1; j >= 0; j--) if (content[j]!.type === 'text') return content[j] as TextPart;
  }
  return undefined;
}

/** Decodes the fields of OPTION_FIELDS onto the request (after its messages are decoded). */
export function decodeOptions(req: Json, request: ChatRequest): void {
  if (given(req.service_tier)) {
    const tier = SERVICE_TIERS.get(req.service_tier);
    if (!tier) throw bad('service_tier', "Input should be 'auto' or 'standard_only'");
    request.serviceTier = tier;
  }
  const automatic = cacheControl(req.cache_control, 'cache_control');
  if (automatic) {
    // A breakpoint already there ends the same prefix: the automatic one adds nothing.
    const part = lastText(request.messages);
    if (part && !part.cacheControl) part.cacheControl = automatic;
  }
  if (given(req.speed) && req.speed !== 'standard' && req.speed !== 'fast') throw bad('speed', "Input should be 'standard' or 'fast'");
  if (given(req.inference_geo)) {
    if (typeof req.inference_geo !== 'string') throw bad('inference_geo', 'Input should be a valid string');
    if (req.inference_geo !== 'global') {
      throw unsupported('inference_geo', `inference_geo '${req.inference_geo}' (the gateway cannot promise where a provider runs inference)`);
    }
  }
  if (given(req.diagnostics)) {
    const diagnostics = object(req.diagnostics, 'diagnostics');
    onlyKeys(diagnostics, ['previous_message_id'], 'diagnostics');
    if (given(diagnostics.previous_message_id) && typeof diagnostics.previous_message_id !== 'string') {
      throw bad('diagnostics.previous_message_id', 'Input should be a valid string');
    }
  }
}
