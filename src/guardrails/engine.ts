/**
 * What a guard's detector looks like to the rest of guardrails/: an in-process engine (pure and
 * synchronous: PII, injection, denied terms) or a remote one (a service asked over HTTP, or an LLM
 * judge through an alias). Policies, actions, streams and verdicts are built on these alone, so a
 * new detector is one folder that returns one of them.
 */
import type { RequestContext } from '../pipeline/context.js';

/** Where a text came from: a part of the request (by message role) or the answer. */
export type TextSource = 'system' | 'user' | 'assistant' | 'tool' | 'output';

/** One piece of text a guard reads. */
export interface GuardText {
  text: string;
  source: TextSource;
}

/**
 * One thing a guard found. A finding with a span (start, end: UTF-16 code units, end exclusive)
 * can be redacted, masked or tokenized; one without a span can only block or be flagged.
 */
export interface Finding {
  /** An entity type (EMAIL, PHONE, ...) or a category (prompt_injection, jailbreak, violence, ...). */
  type: string;
  start?: number;
  end?: number;
  /** Confidence 0..1, when the engine has one. */
  score?: number;
}

/** A detector that runs in process: pure, synchronous, no network. */
export interface LocalEngine {
  kind: 'local';
  /** Whether its findings carry spans (then redact, mask and tokenize can use them). */
  spans: boolean;
  /**
   * The longest span it finds, in characters: a stream holds back this many characters so a value
   * split across chunks is still seen whole. Infinity: it must see the whole text (an answer is
   * then held to its end).
   */
  maxSpanChars: number;
  /** Finds what it looks for in one text. */
  scan(text: string, source: TextSource): Finding[];
  /**
   * Where a match that may still be growing starts at the end of `text` (an open PEM block, a
   * token still arriving), or undefined: a stream holds back from there too.
   */
  pendingFrom?(text: string): number | undefined;
}

/** What a remote check is given besides the texts. */
export interface RemoteCheckOptions {
  stage: 'input' | 'output';
  /** Aborted on the guard's timeout or when the request ends; the engine must stop on it. */
  signal: AbortSignal;
  /** The request checked: an LLM judge calls its alias as this caller. */
  ctx: RequestContext;
}

/** A detector that asks a service. It throws (or rejects) when the service fails: the guard's `fail` decides. */
export interface RemoteEngine {
  kind: 'remote';
  /** Whether its findings carry spans (the Presidio analyzer's do). */
  spans: boolean;
  /** Findings for each text, in the order given. */
  check(texts: readonly GuardText[], options: RemoteCheckOptions): Promise<Finding[][]>;
}

/** Any engine. */
export type GuardEngine = LocalEngine | RemoteEngine;
