/**
 * Request values that become part of an upstream URL. A client's model name is client input:
 * put into a path unencoded, `..` walks out of the intended resource (Gemini and Vertex URLs are
 * sent with the account's credentials), `?` and `#` end the path, `%2e%2e` is read as `..` by URL
 * parsers, and control characters can split a request line. Every such value goes through
 * pathSegment, which refuses what can never be a name and percent-encodes the rest.
 */
import { invalidRequest } from '../../core/errors.js';

/** The characters a provider's ids are made of, for providers whose ids have a known alphabet. */
export interface IdAlphabet {
  /** Matches a whole acceptable value. */
  pattern: RegExp;
  /** Completes "…: " in the error, e.g. "Bedrock model ids contain only letters, digits and . _ : / -". */
  description: string;
  /** Longest accepted value, when the provider documents one. */
  maxLength?: number;
}

// C0 controls, DEL and C1 controls: never part of a name, and CR/LF could split a request line.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// A UTF-16 surrogate without its pair (JSON allows "\ud800"); encodeURIComponent throws on it.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function problemOf(value: string, alphabet: IdAlphabet | undefined): string | undefined {
  if (value === '') return 'it is empty';
  if (value === '.' || value === '..') return "'.' and '..' are not names (in a URL path they mean this or the parent folder)";
  if (CONTROL.test(value)) return 'it contains a control character';
  if (LONE_SURROGATE.test(value)) return 'it is not valid Unicode text';
  if (alphabet?.maxLength !== undefined && value.length > alphabet.maxLength) return `it is longer than ${alphabet.maxLength} characters`;
  if (alphabet && !alphabet.pattern.test(value)) return alphabet.description;
  return undefined;
}

// Quoted with JSON escapes so control characters in the value cannot reach logs or terminals raw.
function shown(value: string): string {
  return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);
}

/**
 * Validates one URL path segment taken from a request and returns it percent-encoded
 * (encodeURIComponent: '/', '?', '#', '%', ':' and spaces all become %XX). Throws a 400
 * invalid_request naming `param` for an empty value, '.', '..', control characters, broken
 * Unicode, or (given an alphabet) anything the provider's ids never contain.
 */
export function pathSegment(value: string, param = 'model', alphabet?: IdAlphabet): string {
  const problem = problemOf(value, alphabet);
  if (problem !== undefined) throw invalidRequest(`Invalid '${param}' ${shown(value)}: ${problem}.`, param);
  return encodeURIComponent(value);
}
