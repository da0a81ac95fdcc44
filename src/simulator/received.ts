/**
 * What the simulator received: the last requests, kept in memory so tests can assert on the exact
 * upstream request a gateway sent (path, query, headers, JSON body). Bounded, so a long-running
 * `switchboard simulate` holds no more than the last few hundred; credential headers are kept as
 * a marker only, so a real key pointed at the simulator by mistake is never held.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** One received request. */
export interface ReceivedRequest {
  method: string;
  /** The full path as received, flavor prefix included, without the query. */
  path: string;
  query: URLSearchParams;
  /** Lower-cased headers; credential headers read '[redacted]'. */
  headers: Record<string, string>;
  /** The parsed JSON body; undefined when the body was empty or not JSON. */
  body: unknown;
}

const CREDENTIAL_HEADERS = new Set(['authorization', 'api-key', 'x-api-key', 'x-goog-api-key', 'x-amz-security-token']);

/** How many requests are kept. */
export const RECEIVED_CAPACITY = 256;

/** The simulator's log of received requests, oldest first. */
export class ReceivedLog {
  private readonly entries: ReceivedRequest[] = [];

  /** Records one request, dropping the oldest past capacity. */
  record(method: string, path: string, query: URLSearchParams, headers: IncomingHttpHeaders, body: unknown): void {
    const flat: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined) continue;
      flat[name] = CREDENTIAL_HEADERS.has(name) ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value;
    }
    this.entries.push({ method, path, query, headers: flat, body });
    if (this.entries.length > RECEIVED_CAPACITY) this.entries.shift();
  }

  /** Every kept request, oldest first; with a pattern, those whose path matches it. */
  all(path?: RegExp): ReceivedRequest[] {
    return path ? this.entries.filter((entry) => path.test(entry.path)) : [...this.entries];
  }

  /** The newest request (whose path matches, given a pattern). */
  last(path?: RegExp): ReceivedRequest | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) if (!path || path.test(this.entries[i]!.path)) return this.entries[i];
    return undefined;
  }

  /** Forgets everything kept. */
  clear(): void {
    this.entries.length = 0;
  }
}
