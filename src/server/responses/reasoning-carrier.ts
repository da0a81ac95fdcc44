/**
 * Reasoning state a provider needs back in a later turn, carried in the `encrypted_content` of
 * the reasoning item the gateway returns, which clients send back unchanged: Anthropic's thinking
 * signature and redacted thinking, Gemini's thought signatures on function calls, and OpenAI's own
 * reasoning item (its id and encrypted_content; the gateway's item keeps the gateway's id, which
 * the stream announced before OpenAI's was known). A prefix tells the gateway's blob from one a
 * client got from OpenAI directly.
 */
import { invalidRequest } from '../../core/errors.js';

/** The reasoning state of one assistant turn. */
export interface CarriedReasoning {
  /** The signature of the turn's reasoning text (Anthropic thinking, Gemini thought). */
  signature?: string;
  /** Anthropic redacted_thinking blocks. */
  redacted?: string[];
  /** Thought signatures of function calls, by call_id (Gemini). */
  callSignatures?: Record<string, string>;
  /** OpenAI's reasoning item id and encrypted_content, from a provider's own Responses API. */
  openaiId?: string;
  openaiEncrypted?: string;
}

const PREFIX = 'swb1.';

/** The encrypted_content for this state, or undefined when there is nothing to carry. */
export function packReasoning(state: CarriedReasoning): string | undefined {
  const packed: { s?: string; r?: string[]; c?: Record<string, string>; oi?: string; oe?: string } = {};
  if (state.signature) packed.s = state.signature;
  if (state.redacted && state.redacted.length > 0) packed.r = state.redacted;
  if (state.callSignatures && Object.keys(state.callSignatures).length > 0) packed.c = state.callSignatures;
  if (state.openaiEncrypted) {
    packed.oe = state.openaiEncrypted;
    if (state.openaiId) packed.oi = state.openaiId;
  }
  if (Object.keys(packed).length === 0) return undefined;
  return PREFIX + Buffer.from(JSON.stringify(packed)).toString('base64url');
}

const isString = (v: unknown): v is string => typeof v === 'string';

/**
 * The state in an encrypted_content the gateway made; undefined for anyone else's (OpenAI's).
 * A blob with the gateway's prefix that does not decode is a 400 naming `param`.
 */
export function unpackReasoning(encrypted: string, param: string): CarriedReasoning | undefined {
  if (!encrypted.startsWith(PREFIX)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(encrypted.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    raw = undefined;
  }
  const bad = () => invalidRequest(`'${param}' is not reasoning state this gateway returned; send it back unchanged.`, param);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad();
  const { s, r, c, oi, oe } = raw as { s?: unknown; r?: unknown; c?: unknown; oi?: unknown; oe?: unknown };
  const state: CarriedReasoning = {};
  for (const [value, key] of [
    [oi, 'openaiId'],
    [oe, 'openaiEncrypted'],
  ] as const) {
    if (value === undefined) continue;
    if (!isString(value)) throw bad();
    state[key] = value;
  }
  if (s !== undefined) {
    if (!isString(s)) throw bad();
    state.signature = s;
  }
  if (r !== undefined) {
    if (!Array.isArray(r) || !r.every(isString)) throw bad();
    state.redacted = r;
  }
  if (c !== undefined) {
    if (typeof c !== 'object' || c === null || Array.isArray(c) || !Object.values(c).every(isString)) throw bad();
    state.callSignatures = c as Record<string, string>;
  }
  return state;
}
