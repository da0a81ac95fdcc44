/**
 * A guard as the request path uses it: compiled once from config (or a team's list), with its
 * engine built, its stages, action and failure mode resolved and its `applies_to` turned into a
 * matcher over the caller and the alias.
 */
import type { CallerIdentity } from '../pipeline/context.js';
import type { GuardAction } from './config-schema.js';
import type { GuardEngine, TextSource } from './engine.js';

/** Checks a json_schema answer against the schema the request asked for (json-answer.ts). */
export interface JsonAnswerEngine {
  kind: 'json_schema';
}

/** One guard, ready to run. */
export interface CompiledGuard {
  name: string;
  type: string;
  input: boolean;
  output: boolean;
  action: GuardAction;
  /** A failure (error, timeout) lets the request through, counted and logged, instead of blocking it. */
  failOpen: boolean;
  /** Which parts of a request an input check reads. */
  sources: ReadonlySet<TextSource>;
  engine: GuardEngine | JsonAnswerEngine;
  /** Remote guards: the longest a check may take. */
  timeoutMs: number;
  /** Whether it applies to this caller and alias; undefined: to every request. */
  appliesTo?: (identity: CallerIdentity | undefined, alias: string) => boolean;
}
