/** One admin call as route handlers see it, and what they answer. */
import type { IncomingMessage } from 'node:http';
import type { Principal } from './auth.js';
import type { AdminDeps } from './deps.js';

/** An authenticated admin request. */
export interface AdminCall {
  req: IncomingMessage;
  principal: Principal;
  query: URLSearchParams;
  /** The object id of an item route, already checked against ID_PATTERN. */
  id?: string;
  /** The decoded `{param}` segments of a nested route (unchecked: the handler validates them). */
  params?: Readonly<Record<string, string>>;
  deps: AdminDeps;
  /** ms since the epoch at arrival. */
  now: number;
}

/** A handler's answer: JSON with a status, or a CSV download. */
export type Reply = { status: number; body: unknown } | { csv: string; filename: string };

/** A route handler. */
export type AdminHandler = (call: AdminCall) => Promise<Reply>;

/** A JSON answer. */
export function json(status: number, body: unknown): Reply {
  return { status, body };
}

/** A list answer with its has_more flag, from a page fetched one longer than asked. */
export function page<T, O>(rows: readonly T[], limit: number, out: (row: T) => O) {
  return { object: 'list' as const, data: rows.slice(0, limit).map(out), has_more: rows.length > limit };
}
