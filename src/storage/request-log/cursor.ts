/** The search cursor: the (time, id) of the last row shown, as opaque base64url, for keyset pagination. */
import { InvalidCursorError } from './query.js';

/** A position in the log's (time, id) order. */
export interface CursorPosition {
  time: number;
  id: string;
}

/** The cursor of a row. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.time, position.id])).toString('base64url');
}

/** The position a cursor names; throws InvalidCursorError when it is not one of ours. */
export function decodeCursor(cursor: string): CursorPosition {
  if (cursor.length > 400 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidCursorError();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(value) || value.length !== 2) throw new InvalidCursorError();
  const [time, id] = value as unknown[];
  if (typeof time !== 'number' || !Number.isSafeInteger(time) || typeof id !== 'string' || id.length === 0 || id.length > 200) throw new InvalidCursorError();
  return { time, id };
}
