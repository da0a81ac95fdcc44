/** Helpers for the admin API's black-box tests: a gateway with an admin key, and JSON calls as one key. */
import { expect } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { type RawResponse, send } from '../bad-input/http.js';

/** The admin key of every admin test stack. */
export const ADMIN_KEY = 'sk-admin-test-0123456789';

/** Starts a gateway (no providers needed) with the admin key; `extra` adds config (e.g. storage). */
export function startAdminStack(extra: Record<string, unknown> = {}): Promise<TestStack> {
  return startStack({ providers: [], extra: { admin_key: ADMIN_KEY, ...extra } });
}

/** A body sent to a route, kept so the OpenAPI test can check the document accepts it. */
export interface SentBody {
  method: string;
  path: string;
  body: unknown;
}

/** Calls the admin API as one key. */
export class AdminClient {
  /** Every JSON body this client sent that was accepted (2xx). */
  readonly sent: SentBody[] = [];

  constructor(
    readonly base: string,
    readonly key: string | undefined,
  ) {}

  /** A request with a JSON body (when given) and the key as a bearer. */
  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
    const auth: Record<string, string> = this.key === undefined ? {} : { authorization: `Bearer ${this.key}` };
    const res = await send(`${this.base}${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { ...auth, ...headers },
    });
    if (body !== undefined && res.status < 300) this.sent.push({ method, path: path.split('?')[0]!, body });
    return res;
  }

  /** A call that must succeed with the status; answers the parsed body. */
  async ok<T = Record<string, unknown>>(status: number, method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.call(method, path, body);
    expect(res.status, `${method} ${path}: ${res.text}`).toBe(status);
    return res.json as T;
  }
}

/** Asserts an admin error answer: status, stable code, and (when given) the field at fault. */
export function expectAdminError(res: RawResponse, status: number, code: string, param?: string | null): { message: string } {
  expect(res.status, res.text).toBe(status);
  const body = res.json as { error: { message: string; type: string; code: string; param: string | null } };
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(typeof body.error.type).toBe('string');
  if (param !== undefined) expect(body.error.param).toBe(param);
  expect(res.text).not.toMatch(/\n\s+at |\.ts:\d+/);
  return body.error;
}
