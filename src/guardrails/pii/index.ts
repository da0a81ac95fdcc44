/**
 * The built-in PII and secrets engine of the `pii` guard: pattern detectors with validators
 * (checksums, ranges, context words) for structured types, context and gazetteer rules for PERSON
 * and STREET_ADDRESS. Pure and synchronous; a text of ordinary English costs a few microseconds
 * because each detector is skipped when a one-pass count of the text (digits, @, :) rules it out.
 */
import type { PiiEntity } from '../config-schema.js';
import { PII_ENTITIES } from '../config-schema.js';
import type { Finding, LocalEngine, TextSource } from '../engine.js';
import { addressDetector } from './address.js';
import { dateOfBirthDetector, passportDetector } from './contextual.js';
import { type Detector, type Span, textFacts } from './detector.js';
import { personDetector } from './person.js';
import { apiKeyDetector, secretDetector, urlCredentialsDetector } from './secrets.js';
import { creditCardDetector, emailDetector, ibanDetector, ipDetector, phoneDetector, ssnDetector } from './structured.js';

/** Options of the `pii` guard (config-schema.ts) that shape the engine. */
export interface PiiEngineOptions {
  entities: 'all' | readonly PiiEntity[];
  /** Exact values that are never findings (the company's own support address, say). */
  allow?: readonly string[];
}

// On equal length the earlier type wins: a 3-2-4 number is an SSN before a phone, a key before a secret word.
const DETECTORS: readonly Detector[] = [
  secretDetector,
  urlCredentialsDetector,
  apiKeyDetector,
  creditCardDetector,
  ibanDetector,
  ssnDetector,
  emailDetector,
  ipDetector,
  dateOfBirthDetector,
  passportDetector,
  phoneDetector,
  addressDetector,
  personDetector,
];
const PRIORITY = new Map<PiiEntity, number>(DETECTORS.map((d, i) => [d.type, i]));

/** The stream window when only unbounded detectors are on: room for a context word and a short value. */
const MIN_WINDOW = 64;
/** A trailing run shorter than this is never held by the token rule (the window covers it anyway). */
const MIN_PENDING_RUN = 8;
const TOKEN_PREFIXES = /^(?:sk-|sk_|rk_|ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|xox|AKIA|ASIA|AIza|glpat-|hf_|npm_|SG\.|eyJ)/;
const TOKENISH = /[\d@:/_=+%]/;
const OPEN_PEM = /-----BEGIN [A-Z0-9 ]*(?:PRIVATE KEY(?: BLOCK)?-{0,5})?$|-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;

/** Keeps the longest of overlapping spans (then the surer, then the higher-priority type, then the earlier one), in text order. */
export function settleOverlaps(spans: Span[]): Span[] {
  if (spans.length < 2) return spans;
  const ranked = [...spans].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || b.score - a.score || PRIORITY.get(a.type)! - PRIORITY.get(b.type)! || a.start - b.start,
  );
  const kept: Span[] = [];
  for (const span of ranked) {
    if (!kept.some((k) => span.start < k.end && k.start < span.end)) kept.push(span);
  }
  return kept.sort((a, b) => a.start - b.start);
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 160 || code === 0x2028 || code === 0x2029;
}

/** Where a trailing run of non-space characters starts, when it could still grow into a secret or address. */
function trailingTokenStart(text: string): number | undefined {
  let i = text.length;
  while (i > 0 && !isSpace(text.charCodeAt(i - 1))) i--;
  const run = text.slice(i);
  if (run.length < MIN_PENDING_RUN) return undefined;
  // Plain words ("hello", "extraordinarily.") end at the next space; only token-looking runs are held.
  const body = run.replace(/^["'<([{]+/, '');
  if (TOKENISH.test(body) || TOKEN_PREFIXES.test(body) || body.length >= 24) return i;
  return undefined;
}

function openPemStart(text: string, pem: boolean): number | undefined {
  if (!pem) return undefined;
  const begin = text.lastIndexOf('-----BEGIN');
  if (begin < 0 || text.indexOf('-----END', begin) >= 0) return undefined;
  return OPEN_PEM.test(text.slice(begin, begin + 64)) ? begin : undefined;
}

/** The in-process PII engine for the chosen entity types. */
export function createPiiEngine(options: PiiEngineOptions): LocalEngine {
  const wanted = new Set<PiiEntity>(options.entities === 'all' ? PII_ENTITIES : options.entities);
  const detectors = DETECTORS.filter((d) => wanted.has(d.type));
  const allow = new Set(options.allow ?? []);
  const bounded = detectors.map((d) => d.maxChars).filter((n) => Number.isFinite(n));
  const maxSpanChars = Math.max(MIN_WINDOW, ...bounded);
  const tokens = wanted.has('API_KEY') || wanted.has('SECRET') || wanted.has('URL_CREDENTIALS') || wanted.has('EMAIL');
  const pem = wanted.has('SECRET');

  return {
    kind: 'local',
    spans: true,
    maxSpanChars,
    scan(text: string, _source: TextSource): Finding[] {
      if (text.length === 0) return [];
      const facts = textFacts(text);
      const spans: Span[] = [];
      for (const detector of detectors) if (detector.applies(facts)) detector.scan(text, spans);
      const allowed = allow.size === 0 ? spans : spans.filter((s) => !allow.has(text.slice(s.start, s.end)));
      return settleOverlaps(allowed).map((s) => ({ type: s.type, start: s.start, end: s.end, score: s.score }));
    },
    pendingFrom(text: string): number | undefined {
      const open = openPemStart(text, pem);
      if (open !== undefined) return open;
      return tokens ? trailingTokenStart(text) : undefined;
    },
  };
}
