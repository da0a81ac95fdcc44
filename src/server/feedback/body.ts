/** The body of POST /v1/feedback, checked field by field; each failure is a 400 naming its field. */
import { invalidRequest } from '../../core/errors.js';

/** Longest request id accepted (the gateway's are 28 characters). */
export const MAX_REQUEST_ID = 256;
/** Longest label, in characters. */
export const MAX_LABEL = 64;
/** Largest comment, in UTF-8 bytes. */
export const MAX_COMMENT_BYTES = 4096;
/** The body cap: the fields' limits with room for JSON escapes (a comment of \u escapes is 6 bytes a character). */
export const FEEDBACK_BODY_LIMIT = 32 * 1024;

const FIELDS = new Set(['request_id', 'score', 'label', 'comment']);
// PostgreSQL text cannot hold NUL, and ids and labels are shown in lists: no control characters.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** A valid feedback body. */
export interface FeedbackBody {
  requestId: string;
  score?: number;
  label?: string;
  comment?: string;
}

function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidRequest(`'${field}' must be a string.`, field);
  return value;
}

/** Checks a parsed JSON body; throws a 400 invalid_request naming the field at fault. */
export function parseFeedbackBody(body: unknown): FeedbackBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidRequest('The request body must be a JSON object.');
  const fields = body as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (!FIELDS.has(key)) throw invalidRequest(`Unknown field '${key.slice(0, 64)}'; expected request_id, score, label and comment.`, key.slice(0, 64));
  }
  const requestId = optionalString(fields, 'request_id');
  if (requestId === undefined || requestId === '')
    throw invalidRequest("'request_id' is required: the x-request-id of the request the feedback is about.", 'request_id');
  if (requestId.length > MAX_REQUEST_ID) throw invalidRequest(`'request_id' is longer than ${MAX_REQUEST_ID} characters.`, 'request_id');
  if (CONTROL_CHARACTERS.test(requestId)) throw invalidRequest("'request_id' contains control characters.", 'request_id');

  const out: FeedbackBody = { requestId };
  const score = fields.score;
  if (score !== undefined && score !== null) {
    if (typeof score !== 'number' || !Number.isFinite(score))
      throw invalidRequest("'score' must be a finite number (any scale, e.g. 0 to 1 or 1 to 5).", 'score');
    out.score = score;
  }
  const label = optionalString(fields, 'label');
  if (label !== undefined) {
    if (label === '' || label.length > MAX_LABEL) throw invalidRequest(`'label' must be 1 to ${MAX_LABEL} characters.`, 'label');
    if (CONTROL_CHARACTERS.test(label)) throw invalidRequest("'label' contains control characters.", 'label');
    out.label = label;
  }
  const comment = optionalString(fields, 'comment');
  if (comment !== undefined) {
    if (Buffer.byteLength(comment) > MAX_COMMENT_BYTES) throw invalidRequest(`'comment' is larger than ${MAX_COMMENT_BYTES} bytes.`, 'comment');
    if (comment.includes('\u0000')) throw invalidRequest("'comment' contains a NUL character.", 'comment');
    out.comment = comment;
  }
  if (out.score === undefined && out.label === undefined) throw invalidRequest("Send 'score', 'label' or both.", 'score');
  return out;
}
