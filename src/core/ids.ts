/** Identifier generation: request ids, completion ids and tool-call ids. */
import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

// One pool of random bytes refilled in bulk: ids are minted on every request, and a crypto call
// per id costs more than the rest of id generation together.
let pool = randomBytes(4096);
let offset = 0;

/** A random id of `length` base62 characters. */
export function randomId(length = 24): string {
  if (offset + length > pool.length) {
    pool = randomBytes(4096);
    offset = 0;
  }
  let id = '';
  for (let i = 0; i < length; i++) id += ALPHABET[pool[offset + i]! % 62];
  offset += length;
  return id;
}

/** A request id as sent in x-request-id. */
export function newRequestId(): string {
  return `req_${randomId(24)}`;
}

/** A tool-call id in OpenAI's style, for providers that do not supply ids. */
export function newToolCallId(): string {
  return `call_${randomId(24)}`;
}
