/** OpenAI's error envelope, shared by the OpenAI family's routes, renderers and flavor rules. */

/** OpenAI error body. */
export function openaiErrorBody(status: number, message: string, param: string | null = null, code: string | null = null) {
  const type = status === 401 ? 'invalid_request_error' : status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return { error: { message, type, param, code: code ?? (status === 401 ? 'invalid_api_key' : status === 429 ? 'rate_limit_exceeded' : null) } };
}

/** A validation failure in OpenAI's terms. */
export interface OpenAIValidationError {
  status: number;
  message: string;
  param: string | null;
  code: string | null;
}
