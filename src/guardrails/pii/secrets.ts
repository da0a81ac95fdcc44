/**
 * Detectors for credentials: API_KEY (vendor prefixes, and high-entropy tokens next to a key
 * word), SECRET (PEM private keys, JWTs, password assignments) and URL_CREDENTIALS. Token formats
 * are the vendors' published ones, e.g. https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats
 * and https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids.
 */
import type { Detector, Span } from './detector.js';
import { shannonEntropy } from './validators.js';

// Each prefix is followed by the vendor's body alphabet; the left boundary stops matches inside words.
const VENDOR_KEYS = new RegExp(
  '(?<![A-Za-z0-9_-])(?:' +
    [
      'sk-ant-[A-Za-z0-9_-]{20,}', // Anthropic
      'sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}', // OpenAI
      '(?:AKIA|ASIA)[A-Z0-9]{16}', // AWS access key id
      'gh[pousr]_[A-Za-z0-9]{30,}', // GitHub
      'github_pat_[A-Za-z0-9_]{22,}',
      'xox[abpors]-[A-Za-z0-9-]{10,}', // Slack
      'AIza[0-9A-Za-z_-]{35}', // Google API key
      '(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}', // Stripe
      'glpat-[0-9A-Za-z_-]{20,}', // GitLab
      'hf_[A-Za-z0-9]{30,}', // Hugging Face
      'npm_[A-Za-z0-9]{36,}', // npm
      'SG\\.[A-Za-z0-9_-]{16,32}\\.[A-Za-z0-9_-]{30,50}', // SendGrid
    ].join('|') +
    ')(?![A-Za-z0-9_-])',
  'g',
);

// Cheap first looks (plain alternations, no lookbehind) before the full patterns.
const VENDOR_HINT = /sk-|sk_|rk_|AKIA|ASIA|gh[pousr]_|github_pat_|xox|AIza|glpat-|hf_|npm_|SG\./;
const KEYWORD_HINT = /key|token|secret|bearer|authorization|credential/i;

// A key word, a short separator, then a token of 24+ token characters.
const KEYWORD_TOKEN =
  /\b(?:api[_ -]?key|apikey|access[_ -]?key|secret[_ -]?key|private[_ -]?key|auth[_ -]?token|access[_ -]?token|token|secret|bearer|authorization|credentials?|key)\b["']?\s{0,3}(?:[:=]|is|=>)?\s{0,3}["']?([A-Za-z0-9_\-+/.=]{24,})/gi;

function looksRandom(token: string): boolean {
  const classes = Number(/[a-z]/.test(token)) + Number(/[A-Z]/.test(token)) + Number(/\d/.test(token));
  return classes >= 2 && /\d/.test(token) && shannonEntropy(token) >= 3.3;
}

/** API_KEY: vendor-prefixed keys anywhere; other random-looking 24+ char tokens only after a key word. */
export const apiKeyDetector: Detector = {
  type: 'API_KEY',
  maxChars: Number.POSITIVE_INFINITY,
  // Some keys have no digit, dash or underscore ("hf_" then letters, "AIza..."): run on every text.
  applies: () => true,
  scan(text, out) {
    if (VENDOR_HINT.test(text)) {
      for (const m of text.matchAll(VENDOR_KEYS)) out.push({ type: 'API_KEY', start: m.index, end: m.index + m[0].length, score: 0.95 });
    }
    if (!KEYWORD_HINT.test(text)) return;
    for (const m of text.matchAll(KEYWORD_TOKEN)) {
      const token = m[1]!.replace(/[.=]+$/, (tail) => (tail.includes('=') ? tail : ''));
      if (!looksRandom(token)) continue;
      const start = m.index + m[0].length - m[1]!.length;
      out.push({ type: 'API_KEY', start, end: start + token.length, score: 0.7 });
    }
  },
};

const PEM_BEGIN = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/g;
const PEM_END = /-----END (?:[A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/y;
const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
// The value only: quoted (may hold spaces) or bare up to whitespace or a delimiter.
const PASSWORD_ASSIGNMENT =
  /\b(?:password|passwd|pwd|passphrase|pass|client_secret|secret)["']?\s{0,3}(?::=|=>|[:=])\s{0,3}(?:"([^"\n]{1,200})"|'([^'\n]{1,200})'|([^\s"',;}]{1,200}))/gi;

function scanPem(text: string, out: Span[]): void {
  if (!text.includes('-----BEGIN')) return;
  for (const m of text.matchAll(PEM_BEGIN)) {
    let end = text.length;
    const endAt = text.indexOf('-----END', m.index + m[0].length);
    if (endAt >= 0) {
      PEM_END.lastIndex = endAt;
      const close = PEM_END.exec(text);
      end = close ? endAt + close[0].length : text.length;
    }
    out.push({ type: 'SECRET', start: m.index, end, score: 1 });
  }
}

/** SECRET: PEM private key blocks (unclosed ones run to the end), JWTs, and password assignment values. */
export const secretDetector: Detector = {
  type: 'SECRET',
  maxChars: Number.POSITIVE_INFINITY,
  applies: (f) => f.hasDash || f.hasDot || f.hasColon || f.hasEquals,
  scan(text, out) {
    scanPem(text, out);
    if (text.includes('eyJ')) {
      for (const m of text.matchAll(JWT)) out.push({ type: 'SECRET', start: m.index, end: m.index + m[0].length, score: 0.95 });
    }
    for (const m of text.matchAll(PASSWORD_ASSIGNMENT)) {
      const value = m[1] ?? m[2] ?? m[3]!;
      // The quoted forms end with the closing quote: step back over it to the value's end.
      const quoted = m[1] !== undefined || m[2] !== undefined;
      const end = m.index + m[0].length - (quoted ? 1 : 0);
      out.push({ type: 'SECRET', start: end - value.length, end, score: 0.85 });
    }
  },
};

// scheme://user:password@host[:port]; the span is the whole authority through the host, so both
// the credentials and the host they open are replaced (a userinfo-only span would leave a redacted
// URL that still names the server it unlocks, and would lose overlaps to the EMAIL-shaped pass@host).
const URL_CREDENTIALS = /\b[A-Za-z][A-Za-z0-9+.-]{1,15}:\/\/[^\s/:@]{1,128}:[^\s/@]{1,128}@[A-Za-z0-9.-]{1,253}(?::\d{1,5})?/g;

/** URL_CREDENTIALS: scheme://user:pass@host[:port] (path and query are left alone). */
export const urlCredentialsDetector: Detector = {
  type: 'URL_CREDENTIALS',
  maxChars: Number.POSITIVE_INFINITY,
  applies: (f) => f.hasAt && f.hasColon,
  scan(text, out) {
    if (!text.includes('://')) return;
    for (const m of text.matchAll(URL_CREDENTIALS)) out.push({ type: 'URL_CREDENTIALS', start: m.index, end: m.index + m[0].length, score: 0.95 });
  },
};
