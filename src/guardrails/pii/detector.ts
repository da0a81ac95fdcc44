/**
 * The shape every PII detector shares: one entity type, a cheap prefilter on facts counted once per
 * text, and a scan that pushes raw spans. index.ts runs the enabled ones and settles overlaps.
 */
import type { PiiEntity } from '../config-schema.js';

/** One detected span before overlaps are settled. */
export interface Span {
  type: PiiEntity;
  start: number;
  end: number;
  score: number;
}

/** Counted once per text so each detector can skip texts it cannot match without running a regex. */
export interface TextFacts {
  digits: number;
  hasAt: boolean;
  hasColon: boolean;
  hasDot: boolean;
  hasUpper: boolean;
  hasEquals: boolean;
  hasDash: boolean;
}

/** A detector of one entity type. */
export interface Detector {
  type: PiiEntity;
  /** The longest span it can return, or Infinity when unbounded (tokens, PEM blocks): those rely on pendingFrom. */
  maxChars: number;
  /** False when the text surely has nothing for it. */
  applies(facts: TextFacts): boolean;
  /** Pushes every span found in `text`. */
  scan(text: string, out: Span[]): void;
}

/** One pass over the text's code units. */
export function textFacts(text: string): TextFacts {
  const facts: TextFacts = { digits: 0, hasAt: false, hasColon: false, hasDot: false, hasUpper: false, hasEquals: false, hasDash: false };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) facts.digits++;
    else if (c >= 65 && c <= 90) facts.hasUpper = true;
    else if (c === 64) facts.hasAt = true;
    else if (c === 58) facts.hasColon = true;
    else if (c === 46) facts.hasDot = true;
    else if (c === 61) facts.hasEquals = true;
    else if (c === 45) facts.hasDash = true;
    else if (c > 127) facts.hasUpper = true; // non-ASCII letters may be capitals (Ä, Ł): let the name detectors look
  }
  return facts;
}

/** The `width` characters before `index`, lower-cased: where context words ("card", "ssn") are looked for. */
export function contextBefore(text: string, index: number, width: number): string {
  return text.slice(Math.max(0, index - width), index).toLowerCase();
}
