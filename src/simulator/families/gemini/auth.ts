/**
 * Credentials for the Gemini simulator. AI Studio takes an API key (`x-goog-api-key` or
 * `?key=`). Vertex takes an OAuth access token that this simulator issued from its own token
 * endpoint (POST /token, JWT-bearer grant). Tokens are HMAC-signed, so no token table grows.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SimRequest, SimResponder } from '../../responder.js';
import { sendError } from './errors.js';

const SECRET = randomBytes(32);
const TOKEN_LIFETIME_SECONDS = 3599;
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const TOKEN_PREFIX = 'ya29.sim.';

function header(req: SimRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function mac(payload: string): string {
  return createHmac('sha256', SECRET).update(payload).digest('base64url');
}

/** Issues an access token for a service account. */
export function issueToken(subject: string, nowMs = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ sub: subject, exp: Math.floor(nowMs / 1000) + TOKEN_LIFETIME_SECONDS })).toString('base64url');
  return `${TOKEN_PREFIX}${payload}.${mac(payload)}`;
}

/** True when the token was issued here and has not expired. */
export function tokenIsValid(token: string, nowMs = Date.now()): boolean {
  if (!token.startsWith(TOKEN_PREFIX)) return false;
  const [payload, signature] = token.slice(TOKEN_PREFIX.length).split('.');
  if (!payload || !signature) return false;
  const expected = Buffer.from(mac(payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: number };
    return typeof claims.exp === 'number' && claims.exp * 1000 > nowMs;
  } catch {
    return false;
  }
}

const UNAUTHENTICATED =
  'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

/** Checks AI Studio credentials; answers and returns false when they are missing or invalid. */
export function checkApiKey(req: SimRequest, res: SimResponder): boolean {
  const key = header(req, 'x-goog-api-key') ?? req.query.get('key') ?? undefined;
  if (key === undefined || key === '') {
    if (header(req, 'authorization') !== undefined) {
      sendError(res, 401, UNAUTHENTICATED, [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ACCESS_TOKEN_TYPE_UNSUPPORTED', domain: 'googleapis.com' },
      ]);
    } else {
      sendError(
        res,
        403,
        "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
        [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'SERVICE_DISABLED', domain: 'googleapis.com' }],
      );
    }
    return false;
  }
  // Any key is accepted except ones that say they are bad, so tests can exercise the 400 path.
  if (/\s/.test(key) || key.startsWith('invalid')) {
    sendError(res, 400, 'API key not valid. Please pass a valid API key.', [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'API_KEY_INVALID',
        domain: 'googleapis.com',
        metadata: { service: 'generativelanguage.googleapis.com' },
      },
    ]);
    return false;
  }
  return true;
}

/** Checks a Vertex bearer token; answers 401 and returns false unless it was issued here. */
export function checkBearer(req: SimRequest, res: SimResponder): boolean {
  const match = /^Bearer (\S+)$/.exec(header(req, 'authorization') ?? '');
  if (match && tokenIsValid(match[1]!)) return true;
  sendError(res, 401, UNAUTHENTICATED, [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ACCESS_TOKEN_EXPIRED', domain: 'googleapis.com' }]);
  return false;
}

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) return undefined;
  try {
    const value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

type GrantCheck = { ok: true; subject: string } | { ok: false; error: string; description: string };

const refuse = (error: string, description: string): GrantCheck => ({ ok: false, error, description });

/** Checks a token request the way Google's endpoint does, short of verifying the signature. */
function checkGrant(req: SimRequest): GrantCheck {
  const type = header(req, 'content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) return refuse('invalid_request', 'Content-Type must be application/x-www-form-urlencoded.');
  const form = new URLSearchParams(req.rawBody.toString('utf8'));
  const grant = form.get('grant_type');
  if (!grant) return refuse('invalid_request', 'Missing required parameter: grant_type');
  if (grant !== JWT_BEARER) return refuse('unsupported_grant_type', `Invalid grant_type: ${grant}`);
  const assertion = form.get('assertion');
  if (!assertion) return refuse('invalid_request', 'Missing required parameter: assertion');
  const segments = assertion.split('.');
  const jwtHeader = segments.length === 3 ? decodeSegment(segments[0]!) : undefined;
  const claims = segments.length === 3 ? decodeSegment(segments[1]!) : undefined;
  if (!jwtHeader || !claims || !/^[A-Za-z0-9_-]+$/.test(segments[2] ?? '')) {
    return refuse('invalid_grant', 'Invalid JWT: the assertion must be three base64url segments.');
  }
  if (jwtHeader.alg !== 'RS256') return refuse('invalid_grant', 'Invalid JWT: unsupported alg, expected RS256.');
  if (typeof claims.iss !== 'string' || !claims.iss.includes('@')) return refuse('invalid_grant', 'Invalid JWT: iss must be the service account email.');
  if (typeof claims.aud !== 'string' || claims.aud === '') return refuse('invalid_grant', 'Invalid JWT: No audience provided.');
  if (typeof claims.scope !== 'string' || !claims.scope.split(' ').includes('https://www.googleapis.com/auth/cloud-platform')) {
    return refuse('invalid_scope', 'Invalid OAuth scope or ID token audience provided.');
  }
  const now = Math.floor(Date.now() / 1000);
  const { iat, exp } = claims;
  if (typeof iat !== 'number' || typeof exp !== 'number' || exp <= iat || exp - iat > 3600 || exp < now || iat > now + 300) {
    return refuse(
      'invalid_grant',
      'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
    );
  }
  return { ok: true, subject: claims.iss };
}

/**
 * POST /token: the JWT-bearer grant. The assertion's shape and claims are checked; its RS256
 * signature is not (the simulator has no public key for the account).
 */
export function handleToken(req: SimRequest, res: SimResponder): void {
  const check = checkGrant(req);
  if (!check.ok) res.json(400, { error: check.error, error_description: check.description });
  else res.json(200, { access_token: issueToken(check.subject), expires_in: TOKEN_LIFETIME_SECONDS, token_type: 'Bearer' });
}
