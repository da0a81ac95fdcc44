/** Bedrock's error wire form: status, x-amzn-ErrorType header and a {"message"} body. */
import { randomUUID } from 'node:crypto';
import type { ErrorRenderer, FamilyFaults, SimResponder } from '../../responder.js';

/** A Bedrock error to send. */
export interface BedrockError {
  status: number;
  type: string;
  message: string;
}

const TYPE_FOR_STATUS: Record<number, string> = {
  400: 'ValidationException',
  401: 'UnrecognizedClientException',
  403: 'AccessDeniedException',
  404: 'ResourceNotFoundException',
  408: 'ModelTimeoutException',
  424: 'ModelErrorException',
  429: 'ThrottlingException',
  500: 'InternalServerException',
  502: 'InternalServerException',
  503: 'ServiceUnavailableException',
  529: 'ServiceUnavailableException',
};

// Front-end (auth) errors carry the Coral namespace suffix, as the real service sends them.
const CORAL_SUFFIX = ':http://internal.amazon.com/coral/com.amazon.coral.service/';
const FRONT_END = new Set(['InvalidSignatureException', 'IncompleteSignatureException', 'MissingAuthenticationTokenException', 'UnrecognizedClientException']);

/** The error shape name for a status (used for injected faults). */
export function errorTypeForStatus(status: number): string {
  return TYPE_FOR_STATUS[status] ?? (status >= 500 ? 'InternalServerException' : 'ValidationException');
}

/** Headers of an error response. */
export function errorHeaders(type: string): Record<string, string> {
  return { 'x-amzn-errortype': FRONT_END.has(type) ? `${type}${CORAL_SUFFIX}` : type, 'x-amzn-requestid': randomUUID() };
}

/** Sends an error. */
export function sendError(res: SimResponder, error: BedrockError): void {
  res.json(error.status, { message: error.message }, errorHeaders(error.type));
}

/** The renderer for res.preamble(): injected faults in Bedrock's form. */
export const renderBedrockError: ErrorRenderer = (status, message) => {
  const type = errorTypeForStatus(status);
  const text = type === 'ThrottlingException' ? 'Too many requests, please wait before trying again.' : message;
  return { body: { message: text }, headers: errorHeaders(type) };
};

/** Injected faults in Bedrock's form; a content filter is the reply's stopReason content_filtered, not an error. */
export const BEDROCK_FAULTS: FamilyFaults = {
  error: renderBedrockError,
  contextWindow: () => ({ status: 400, body: { message: 'Input is too long for requested model.' }, headers: errorHeaders('ValidationException') }),
};

/** A 400 ValidationException. */
export function validation(message: string): BedrockError {
  return { status: 400, type: 'ValidationException', message };
}
