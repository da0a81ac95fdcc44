/**
 * SigV4 verification for the simulator, written by hand from the AWS steps (independent of the
 * signer the gateway uses). The simulator knows one secret: access key id AKIDSIMULATOR with
 * secret "simulator-secret" is verified fully; any other key id is only checked for form,
 * since the simulator cannot know its secret. Clock skew is not checked, so tests may sign
 * with a fixed clock.
 */
import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The access key id whose signatures the simulator verifies. */
export const SIMULATOR_ACCESS_KEY_ID = 'AKIDSIMULATOR';
/** The secret that goes with SIMULATOR_ACCESS_KEY_ID. */
export const SIMULATOR_SECRET = 'simulator-secret';

/** An auth failure in Bedrock's terms. */
export interface AuthFailure {
  status: number;
  type: string;
  message: string;
}

const AUTH_FORM = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/;

/** RFC 3986 encoding of every byte outside the unreserved set, as SigV4 requires. */
function uriEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** Canonical URI: each segment of the path as received is encoded again (non-S3 rule). */
function canonicalUri(rawPath: string): string {
  return rawPath.split('/').map(uriEncode).join('/');
}

function canonicalQuery(rawQuery: string): string {
  if (!rawQuery) return '';
  return rawQuery
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
      const value = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1));
      return [uriEncode(key), uriEncode(value)] as const;
    })
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  const joined = Array.isArray(value) ? value.join(',') : value;
  return joined.trim().replace(/\s+/g, ' ');
}

const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The signature a request must carry, from its parts. Exported for the simulator's own tests. */
export function expectedSignature(parts: {
  method: string;
  rawPath: string;
  rawQuery: string;
  headers: IncomingHttpHeaders;
  signedHeaders: string[];
  body: Buffer;
  amzDate: string;
  scope: string;
  secret: string;
}): string {
  const canonicalHeaders = parts.signedHeaders.map((name) => `${name}:${headerValue(parts.headers, name) ?? ''}\n`).join('');
  const payloadHash = headerValue(parts.headers, 'x-amz-content-sha256') ?? sha256Hex(parts.body);
  const canonicalRequest = [
    parts.method,
    canonicalUri(parts.rawPath),
    canonicalQuery(parts.rawQuery),
    canonicalHeaders,
    parts.signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', parts.amzDate, parts.scope, sha256Hex(canonicalRequest)].join('\n');
  const [date, region, service, terminator] = parts.scope.split('/') as [string, string, string, string];
  const key = hmac(hmac(hmac(hmac(`AWS4${parts.secret}`, date), region), service), terminator);
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
}

const INVALID_SIGNATURE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** Checks a SigV4 Authorization header; returns the failure, or undefined when it is acceptable. */
export function verifySigV4(req: { method: string; rawPath: string; rawQuery: string; headers: IncomingHttpHeaders; body: Buffer }): AuthFailure | undefined {
  const auth = headerValue(req.headers, 'authorization') ?? '';
  const form = AUTH_FORM.exec(auth);
  if (!form) {
    return {
      status: 400,
      type: 'IncompleteSignatureException',
      message: `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters. Authorization=${auth}`,
    };
  }
  const [, credential, signedList, signature] = form as unknown as [string, string, string, string];
  const amzDate = headerValue(req.headers, 'x-amz-date');
  if (!amzDate || !/^\d{8}T\d{6}Z$/.test(amzDate)) {
    return {
      status: 400,
      type: 'IncompleteSignatureException',
      message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    };
  }
  const scopeParts = credential.split('/');
  if (scopeParts.length !== 5 || scopeParts[4] !== 'aws4_request') {
    return { status: 400, type: 'IncompleteSignatureException', message: `Credential should be scoped to a valid region. Credential=${credential}` };
  }
  const [accessKeyId, date, , service] = scopeParts as [string, string, string, string, string];
  if (service !== 'bedrock') {
    return { status: 403, type: 'InvalidSignatureException', message: `Credential should be scoped to correct service: 'bedrock'.` };
  }
  if (date !== amzDate.slice(0, 8)) {
    return {
      status: 403,
      type: 'InvalidSignatureException',
      message: `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date}' != '${amzDate.slice(0, 8)}'`,
    };
  }
  const signedHeaders = signedList.split(';');
  const sorted = [...signedHeaders].sort();
  if (signedHeaders.join(';') !== sorted.join(';') || !signedHeaders.includes('host')) {
    return { status: 403, type: 'InvalidSignatureException', message: INVALID_SIGNATURE };
  }
  if (req.headers['x-amz-security-token'] !== undefined && !signedHeaders.includes('x-amz-security-token')) {
    return { status: 403, type: 'InvalidSignatureException', message: INVALID_SIGNATURE };
  }
  if (accessKeyId !== SIMULATOR_ACCESS_KEY_ID) return undefined;
  const expected = expectedSignature({
    method: req.method,
    rawPath: req.rawPath,
    rawQuery: req.rawQuery,
    headers: req.headers,
    signedHeaders,
    body: req.body,
    amzDate,
    scope: scopeParts.slice(1).join('/'),
    secret: SIMULATOR_SECRET,
  });
  return expected === signature ? undefined : { status: 403, type: 'InvalidSignatureException', message: INVALID_SIGNATURE };
}
