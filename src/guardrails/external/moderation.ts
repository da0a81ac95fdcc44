/**
 * An OpenAI-style moderation endpoint as a guard: `POST {url}` with `{model, input: [texts]}`
 * answers `results[i]` per text with `flagged`, `categories{name: bool}` and
 * `category_scores{name: number}`. API: https://platform.openai.com/docs/api-reference/moderations
 * (the same shape is served by other OpenAI-compatible moderation servers).
 *
 * What blocks, per text: with `categories` configured, only those (when the endpoint marks them, or
 * their score reaches `score_threshold`); without, every category the endpoint marks on a flagged
 * result, plus any whose score reaches `score_threshold`.
 */
import type { GuardrailConfigOf } from '../config-schema.js';
import type { Finding, GuardText, RemoteCheckOptions, RemoteEngine } from '../engine.js';
import { type GuardHttpClient, isObject, malformed, postToGuardService } from './guard-http.js';

/** The finding's type when a result is flagged without a category marked. */
export const MODERATION_FLAGGED = 'flagged';

/** The body sent to the moderation endpoint. */
export interface ModerationRequest {
  model: string;
  input: string[];
}

/** One result as the endpoint gives it, checked. */
interface ModerationResult {
  flagged: boolean;
  categories: Record<string, boolean>;
  scores: Record<string, number>;
}

/** Builds the moderation engine. */
export function createModerationEngine(config: GuardrailConfigOf<'openai_moderation'>, client: GuardHttpClient): RemoteEngine {
  return {
    kind: 'remote',
    spans: false,
    async check(texts: readonly GuardText[], options: RemoteCheckOptions): Promise<Finding[][]> {
      if (texts.length === 0) return [];
      const body: ModerationRequest = { model: config.model, input: texts.map((t) => t.text) };
      const answer = await postToGuardService(client, 'openai_moderation', config, body, options.signal);
      return moderationFindings(answer, texts.length, config);
    },
  };
}

/** Maps the endpoint's answer to one finding per blocking category, per text. */
export function moderationFindings(answer: unknown, count: number, rules: { categories?: readonly string[]; score_threshold?: number }): Finding[][] {
  if (!isObject(answer) || !Array.isArray(answer.results)) throw malformed('openai_moderation', 'results is not a list');
  if (answer.results.length !== count) throw malformed('openai_moderation', `${answer.results.length} results for ${count} texts`);
  return answer.results.map((raw, i) => blocking(moderationResult(raw, i), rules));
}

function blocking(result: ModerationResult, rules: { categories?: readonly string[]; score_threshold?: number }): Finding[] {
  const threshold = rules.score_threshold;
  const reaches = (name: string) => threshold !== undefined && (result.scores[name] ?? 0) >= threshold;
  const names = new Set([...Object.keys(result.categories), ...Object.keys(result.scores)]);
  const candidates = rules.categories ?? [...names];
  // Configured categories block whenever marked; without them the endpoint's own `flagged` decides.
  const marks = rules.categories !== undefined || result.flagged;
  const found: Finding[] = [];
  for (const name of candidates) {
    if ((marks && result.categories[name] === true) || reaches(name)) {
      const score = result.scores[name];
      found.push(score === undefined ? { type: name } : { type: name, score });
    }
  }
  if (found.length === 0 && result.flagged && rules.categories === undefined) found.push({ type: MODERATION_FLAGGED });
  return found;
}

function moderationResult(raw: unknown, i: number): ModerationResult {
  const at = `results[${i}]`;
  if (!isObject(raw)) throw malformed('openai_moderation', `${at} is not an object`);
  if (typeof raw.flagged !== 'boolean') throw malformed('openai_moderation', `${at}.flagged is not a boolean`);
  const categories = raw.categories ?? {};
  const scores = raw.category_scores ?? {};
  if (!isObject(categories) || !Object.values(categories).every((v) => typeof v === 'boolean' || v === null)) {
    throw malformed('openai_moderation', `${at}.categories is not a map of booleans`);
  }
  if (!isObject(scores) || !Object.values(scores).every((v) => typeof v === 'number' || v === null)) {
    throw malformed('openai_moderation', `${at}.category_scores is not a map of numbers`);
  }
  return {
    flagged: raw.flagged,
    categories: Object.fromEntries(Object.entries(categories).filter(([, v]) => v !== null)) as Record<string, boolean>,
    scores: Object.fromEntries(Object.entries(scores).filter(([, v]) => v !== null)) as Record<string, number>,
  };
}
