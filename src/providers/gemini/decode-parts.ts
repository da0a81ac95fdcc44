/** Reads one Gemini response Part into what it means canonically; shared by both decoders. */
import { asObject, asString } from '../spec/json.js';

/** The meaning of one response part. */
export type DecodedPart =
  | { kind: 'thought'; text: string; signature?: string }
  | { kind: 'text'; text: string; signature?: string }
  | { kind: 'call'; id?: string; name: string; arguments: string; signature?: string };

/**
 * Interprets a part; undefined for parts with nothing to surface (code execution and other
 * built-in tool parts). An empty text part may still carry a signature (Gemini 3 ends streams so).
 */
export function decodePart(value: unknown): DecodedPart | undefined {
  const part = asObject(value);
  if (!part) return undefined;
  const signature = asString(part.thoughtSignature);
  const withSignature = <T extends object>(decoded: T): T => (signature ? { ...decoded, signature } : decoded);
  const call = asObject(part.functionCall);
  if (call) {
    const id = asString(call.id);
    const decoded = { kind: 'call' as const, name: asString(call.name) ?? '', arguments: JSON.stringify(call.args ?? {}) };
    return withSignature(id ? { ...decoded, id } : decoded);
  }
  const text = asString(part.text);
  if (text !== undefined) return withSignature({ kind: part.thought === true ? ('thought' as const) : ('text' as const), text });
  return undefined;
}

/** Seconds since the epoch from Vertex's createTime; 0 when absent (AI Studio sends none). */
export function createdFromTime(value: unknown): number {
  const text = asString(value);
  const ms = text === undefined ? Number.NaN : Date.parse(text);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}
