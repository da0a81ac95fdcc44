/** Google's error body (google.rpc.Status as JSON) for the Gemini simulator. */
import type { ErrorRenderer, FamilyFaults, SimResponder } from '../../responder.js';

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
  529: 'UNAVAILABLE',
};

/** The canonical status name Google pairs with an HTTP status. */
export function statusName(status: number): string {
  return STATUS_NAMES[status] ?? (status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION');
}

/** A Google error body. */
export function googleError(status: number, message: string, details?: unknown[]): { error: Record<string, unknown> } {
  const error: Record<string, unknown> = { code: status, message, status: statusName(status) };
  if (details && details.length > 0) error.details = details;
  return { error };
}

/** Renders injected faults; a 429 carries the quota detail and RetryInfo as Google sends them. */
export const renderGeminiError: ErrorRenderer = (status, message, retryAfterSeconds) => {
  if (status !== 429) return { body: googleError(status, message) };
  const details: unknown[] = [
    {
      '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
      violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_requests', quotaId: 'GenerateRequestsPerMinutePerProjectPerModel' }],
    },
  ];
  if (retryAfterSeconds !== undefined) details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryAfterSeconds}s` });
  return {
    body: googleError(429, 'You exceeded your current quota, please check your plan and billing details.', details),
  };
};

/** The input limit the simulator's Gemini models claim (Gemini 2.5's). */
const CONTEXT_TOKENS = 1_048_576;

/** Injected faults in Google's form; a content filter is the candidate's finishReason SAFETY, not an error. */
export const GEMINI_FAULTS: FamilyFaults = {
  error: renderGeminiError,
  contextWindow: (inputTokens) => ({
    status: 400,
    body: googleError(400, `The input token count (${CONTEXT_TOKENS + inputTokens}) exceeds the maximum number of tokens allowed (${CONTEXT_TOKENS}).`),
  }),
};

/** Sends a Google error. */
export function sendError(res: SimResponder, status: number, message: string, details?: unknown[]): void {
  res.json(status, googleError(status, message, details));
}
