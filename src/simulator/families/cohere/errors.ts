/** Cohere's error wire shape: `{id, message}` with no wrapper, retry-after on 429. */
import { randomUUID } from 'node:crypto';
import type { ErrorRenderer, FamilyFaults } from '../../responder.js';

/** A validation failure: the status and message a handler answers with. */
export interface CohereFailure {
  status: number;
  message: string;
}

/** Renders a Cohere error body (and retry-after when a delay is known). */
export const renderCohereError: ErrorRenderer = (_status, message, retryAfterSeconds) => {
  const headers: Record<string, string> = {};
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
  return { body: { id: randomUUID(), message }, headers };
};

/**
 * Injected faults in Cohere's form. The context-window wording is the one Cohere's API has been
 * seen to send (without its advice about a v1-only truncation parameter); Cohere reports no
 * content filter, so fault=content_filter only shortens the reply.
 */
export const COHERE_FAULTS: FamilyFaults = {
  error: renderCohereError,
  contextWindow: (inputTokens) => ({
    status: 400,
    body: { id: randomUUID(), message: `too many tokens: size limit exceeded by ${inputTokens} tokens. Try using shorter or fewer inputs.` },
  }),
};

/** A 400 with Cohere's "invalid request: ..." message prefix. */
export function badRequest(detail: string): CohereFailure {
  return { status: 400, message: `invalid request: ${detail}` };
}

/** The 422 Cohere answers for a field it does not know (strict request decoding). */
export function unknownField(name: string, reference: string): CohereFailure {
  return {
    status: 422,
    message: `unknown field: parameter ${name} is not a valid field. For proper usage, please refer to https://docs.cohere.com/reference/${reference}`,
  };
}

/** Checks `Authorization: Bearer <key>`; returns the 401 to send when it is missing or malformed. */
export function checkAuth(authorization: string | undefined): CohereFailure | undefined {
  if (!authorization) return { status: 401, message: 'no api key supplied' };
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) return { status: 401, message: 'invalid api token' };
  return undefined;
}

/** The first key of `obj` not in `allowed`, if any. */
export function firstUnknownKey(obj: Record<string, unknown>, allowed: ReadonlySet<string>): string | undefined {
  for (const key of Object.keys(obj)) if (!allowed.has(key)) return key;
  return undefined;
}
