/**
 * Detectors for PII with a fixed shape and, where one exists, a checksum: EMAIL, PHONE,
 * CREDIT_CARD, IBAN, US_SSN and IP_ADDRESS. Each regex only proposes candidates (no nested
 * quantifiers over overlapping classes, so no catastrophic backtracking); the validators decide.
 */
import { contextBefore, type Detector } from './detector.js';
import { ibanLength, ibanValid, ipVersion, luhnValid, ssnValid } from './validators.js';

// Local part (letters of any script, RFC 6531) and ASCII dot-separated labels (RFC 5321 sizes).
const EMAIL =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}_%+-](?:[\p{L}\p{N}._%+-]{0,62}[\p{L}\p{N}_%+-])?@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![A-Za-z0-9-])/gu;

/** EMAIL: local@domain.tld. */
export const emailDetector: Detector = {
  type: 'EMAIL',
  // Unbounded in principle (254 by RFC); a stream relies on pendingFrom's trailing-run rule instead.
  maxChars: Number.POSITIVE_INFINITY,
  applies: (f) => f.hasAt && f.hasDot,
  scan(text, out) {
    for (const m of text.matchAll(EMAIL)) out.push({ type: 'EMAIL', start: m.index, end: m.index + m[0].length, score: 0.95 });
  },
};

// A +CC compact number, or groups of digits split by one space, dot or dash, an optional (area)
// and an optional extension. Groups are separator-delimited, so the repetition is unambiguous.
const PHONE =
  /(?<![\w+./-])(?:\+?\d{7,15}|(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{1,8}(?:[ .-]\d{1,8}){0,5})(?:[ ]?(?:x|ext\.?|extension)[ ]?\d{1,5})?(?![\w/:]|[.-]\d)/g;
const PHONE_EXTENSION = /[ ]?(?:x|ext\.?|extension)[ ]?\d{1,5}$/;
const DATE_LIKE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$/;
const DOTTED_QUAD = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const SSN_SHAPE = /^\d{3}-\d{2}-\d{4}$/;
const PHONE_CONTEXT =
  /(?:phone|tel|telephone|call|mobile|cell|fax|desk|office|home|work|direct|whatsapp|sms|text me|reach me|contact)\W{0,3}(?:\w+\W{1,3}){0,2}$/;
const NOT_PHONE_CONTEXT = /(?:order|invoice|ref|reference|tracking|isbn|serial|account|acct|ticket|case|id|no|number|#|\$|€|£|¥)\W{0,3}$/;

function phoneAt(text: string, start: number, candidate: string): boolean {
  const national = candidate.replace(PHONE_EXTENSION, '');
  const digits = national.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return false;
  if (DATE_LIKE.test(national) || DOTTED_QUAD.test(national) || SSN_SHAPE.test(national)) return false;
  const before = contextBefore(text, start, 24);
  const hasPlus = national.startsWith('+');
  // Groups after the country code and a trunk or area in parentheses ("+41 (0)71 ...", "(555) 555-1234").
  const groups = national
    .replace(/^\+\d{1,3}(?=[ .(-])/, '')
    .replace(/^[ .-]?\(\d{1,5}\)/, '')
    .split(/[ .()-]+/)
    .filter((g) => g !== '');
  if (groups.length === 1 && !hasPlus) {
    // A bare digit run is a phone only where the text says so.
    return digits.length >= 10 && digits.length <= 12 && PHONE_CONTEXT.test(before);
  }
  // "978-3-16-148410-0" (an ISBN) or "1 2 3 4 5 6 7": real numbers group digits in twos or more.
  for (let i = 1; i < groups.length; i++) if (groups[i]!.length < 2) return false;
  if (NOT_PHONE_CONTEXT.test(before) && !PHONE_CONTEXT.test(before)) return false;
  return true;
}

/** PHONE: international +CC and national formats with 7-15 digits and an optional extension. */
export const phoneDetector: Detector = {
  type: 'PHONE',
  maxChars: 40,
  applies: (f) => f.digits >= 7,
  scan(text, out) {
    for (const m of text.matchAll(PHONE)) {
      if (phoneAt(text, m.index, m[0])) out.push({ type: 'PHONE', start: m.index, end: m.index + m[0].length, score: 0.7 });
    }
  },
};

// 12 to 19 digits, optionally split by single spaces or dashes.
const CARD = /(?<![\d+-])\d(?:[ -]?\d){11,18}(?!\d)/g;
const CARD_CONTEXT = /(?:card|credit|debit|visa|mastercard|maestro|amex|cc|pan)\b/;

/** CREDIT_CARD: 13-19 digits (12 next to a card word) passing Luhn, with one kind of separator. */
export const creditCardDetector: Detector = {
  type: 'CREDIT_CARD',
  maxChars: 23,
  applies: (f) => f.digits >= 12,
  scan(text, out) {
    for (const m of text.matchAll(CARD)) {
      const raw = m[0];
      if (raw.includes(' ') && raw.includes('-')) continue;
      const digits = raw.replace(/[ -]/g, '');
      if (!luhnValid(digits) || /^(\d)\1+$/.test(digits)) continue;
      if (digits.length === 12 && !CARD_CONTEXT.test(contextBefore(text, m.index, 40))) continue;
      if (raw.length !== digits.length && raw.split(/[ -]/).some((g) => g.length < 3)) continue;
      out.push({ type: 'CREDIT_CARD', start: m.index, end: m.index + raw.length, score: 0.95 });
    }
  },
};

// Country, check digits, then alphanumerics compact or in groups of four (the printed form).
const IBAN = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?(?![A-Za-z0-9])/g;

/** IBAN: a country's registered length and a valid mod-97 check, compact or grouped by 4. */
export const ibanDetector: Detector = {
  type: 'IBAN',
  maxChars: 42,
  applies: (f) => f.digits >= 4,
  scan(text, out) {
    for (const m of text.matchAll(IBAN)) {
      const raw = m[0];
      const want = ibanLength(raw.slice(0, 2).toUpperCase());
      if (want === undefined) continue;
      // The pattern may run on into a following short word ("... 1234 and"): cut at the country's length.
      let taken = 0;
      let end = 0;
      while (end < raw.length && taken < want) {
        if (raw[end] !== ' ') taken++;
        end++;
      }
      if (taken !== want || /[A-Za-z0-9]/.test(raw[end] ?? '')) continue;
      const compact = raw.slice(0, end).replace(/ /g, '').toUpperCase();
      if (ibanValid(compact)) out.push({ type: 'IBAN', start: m.index, end: m.index + end, score: 0.95 });
    }
  },
};

const SSN_DASHED = /(?<![\d-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\d-])/g;
const SSN_BARE = /(?<!\d)(\d{3})(\d{2})(\d{4})(?!\d)/g;
const SSN_CONTEXT = /(?:ssn|social security|ss#|ss no|soc\.? sec|sozialversicherung)/;

/** US_SSN: AAA-GG-SSSS in an issuable range; spaced or bare 9 digits only next to an SSN word. */
export const ssnDetector: Detector = {
  type: 'US_SSN',
  maxChars: 11,
  applies: (f) => f.digits >= 9,
  scan(text, out) {
    for (const m of text.matchAll(SSN_DASHED)) {
      if (!ssnValid(m[1]!, m[3]!, m[4]!)) continue;
      if (m[2] === ' ' && !SSN_CONTEXT.test(contextBefore(text, m.index, 40))) continue;
      out.push({ type: 'US_SSN', start: m.index, end: m.index + m[0].length, score: m[2] === '-' ? 0.85 : 0.8 });
    }
    for (const m of text.matchAll(SSN_BARE)) {
      if (ssnValid(m[1]!, m[2]!, m[3]!) && SSN_CONTEXT.test(contextBefore(text, m.index, 40))) {
        out.push({ type: 'US_SSN', start: m.index, end: m.index + 9, score: 0.75 });
      }
    }
  },
};

const IPV4 = /(?<![\d.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?!\.?\d)/g;
const IPV6 = /(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.\d{1,3}){0,3}(?![\w:])/g;
const IPV6_HINT = /[0-9A-Fa-f]:[0-9A-Fa-f]{0,4}:|::/;
// A dotted quad right after a version word is a version number, not an address.
const VERSION_CONTEXT = /(?:\bv|version|ver\.?|release|build|firmware|update|upgrade)\s?$/;

/** IP_ADDRESS: IPv4 and IPv6 checked by node:net isIP; "v1.2.3.4" and "version 1.2.3.4" are versions. */
export const ipDetector: Detector = {
  type: 'IP_ADDRESS',
  maxChars: 45,
  applies: (f) => (f.digits >= 4 && f.hasDot) || f.hasColon,
  scan(text, out) {
    if (text.includes('.')) {
      for (const m of text.matchAll(IPV4)) {
        if (ipVersion(m[0]) !== 4 || VERSION_CONTEXT.test(contextBefore(text, m.index, 12))) continue;
        out.push({ type: 'IP_ADDRESS', start: m.index, end: m.index + m[0].length, score: 0.9 });
      }
    }
    if (!IPV6_HINT.test(text)) return;
    for (const m of text.matchAll(IPV6)) {
      const raw = m[0];
      if (ipVersion(raw) !== 6) continue;
      // "std::map"-like words never reach here (letters outside a-f); still want some substance.
      const groups = raw.split(':').filter((g) => g !== '');
      if (groups.length < 8 && (groups.length < 2 || !raw.includes('::') || raw.replace(/[^0-9A-Fa-f]/g, '').length < 4)) continue;
      out.push({ type: 'IP_ADDRESS', start: m.index, end: m.index + raw.length, score: 0.9 });
    }
  },
};
