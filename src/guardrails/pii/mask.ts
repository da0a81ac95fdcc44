/**
 * Replacement text for the rewriting actions: `mask` keeps enough of a value to recognise it
 * (j***@example.com, ************1111), `redact` puts the type in brackets ([EMAIL]) and
 * `tokenize` numbers each distinct value ([EMAIL_1]) so the lead's restorer can put it back.
 */

function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  if (at <= 0) return maskGeneric(value);
  return `${value[0]}***${value.slice(at)}`;
}

/** Keeps the last `keep` digits and every non-digit (spaces, dashes, parentheses, +), so the format still shows. */
function maskDigitsKeepingLast(value: string, keep: number): string {
  let digitsSeen = 0;
  const total = value.replace(/\D/g, '').length;
  let out = '';
  for (const ch of value) {
    if (ch >= '0' && ch <= '9') {
      digitsSeen++;
      out += digitsSeen > total - keep ? ch : '*';
    } else out += ch;
  }
  return out;
}

/** An IBAN keeps its country code and last 4 characters: "GB** **** **** **** **54 32". */
function maskIban(value: string): string {
  const total = value.replace(/[^A-Za-z0-9]/g, '').length;
  let seen = 0;
  let out = '';
  for (const ch of value) {
    if (/[A-Za-z0-9]/.test(ch)) {
      seen++;
      out += seen <= 2 || seen > total - 4 ? ch : '*';
    } else out += ch;
  }
  return out;
}

function maskCard(value: string): string {
  const digits = value.replace(/\D/g, '');
  return '*'.repeat(Math.max(0, digits.length - 4)) + digits.slice(-4);
}

function maskGeneric(value: string): string {
  const chars = Array.from(value);
  if (chars.length <= 2) return '*'.repeat(chars.length);
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}

/** The masked form of a value of the given entity type; unknown types keep the first and last character. */
export function maskValue(type: string, value: string): string {
  switch (type) {
    case 'EMAIL':
      return maskEmail(value);
    case 'CREDIT_CARD':
      return maskCard(value);
    case 'IBAN':
      return maskIban(value);
    case 'PHONE':
    case 'US_SSN':
      return maskDigitsKeepingLast(value, 4);
    case 'API_KEY':
    case 'SECRET':
    case 'URL_CREDENTIALS':
      // A secret's first character says little, but its length does: a fixed mask says nothing.
      return '********';
    default:
      return maskGeneric(value);
  }
}

/** The `redact` replacement: the entity type in brackets, e.g. [EMAIL]. */
export function redactLabel(type: string): string {
  return `[${type}]`;
}

/** The `tokenize` placeholder of the n-th distinct value of a type, e.g. [EMAIL_1]. */
export function tokenLabel(type: string, n: number): string {
  return `[${type}_${n}]`;
}
