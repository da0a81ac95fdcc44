/**
 * The in-process prompt-injection and jailbreak detector (the `prompt_injection` guard): text is
 * normalised against obfuscation (normalize.ts), then hand-written rules (rules.ts) and a small
 * linear classifier (classifier.ts) score it. A rule hit scores RULE_HIT_SCORE (the classifier is
 * then skipped); otherwise the classifier's probability is the score. docs/guardrails-eval-injection.md has the measured figures.
 */
import type { Finding, LocalEngine, TextSource } from '../engine.js';
import { classifyView, INJECTION_MODEL, type InjectionModel } from './classifier.js';
import { detectionViews } from './normalize.js';
import { matchRules } from './rules.js';
import { INJECTION_WEIGHTS } from './weights.generated.js';

/** The score threshold chosen by scripts/train-injection-classifier.ts on validation data (benign false positives at most 3%). */
export const DEFAULT_INJECTION_THRESHOLD: number = INJECTION_WEIGHTS.threshold;
/** The score of a text a rule matched: above any threshold the config allows up to 0.99. */
export const RULE_HIT_SCORE = 0.99;

/** What the detector concluded about one text, with why (for evaluation and logs). */
export interface InjectionAssessment {
  score: number;
  category: 'prompt_injection' | 'jailbreak';
  /** The rule that fired, if one did. */
  rule?: string;
  /** The classifier's attack probability (the highest over the main and decoded views); NaN when a rule decided and the classifier did not run. */
  classifierScore: number;
}

/** Scores one text: rules on every view, then (when no rule fired) the classifier, the committed one unless given, on the main and decoded views. */
export function assessInjection(text: string, model: InjectionModel = INJECTION_MODEL): InjectionAssessment {
  const views = detectionViews(text);
  // Rules first: a hit decides alone, which spares the classifier on the long persona prompts the rules catch.
  const hit = matchRules([views.main, ...views.decoded, ...views.alternates]);
  if (hit !== undefined) return { score: RULE_HIT_SCORE, category: hit.category, rule: hit.id, classifierScore: Number.NaN };
  let classifierScore = 0;
  let jailbreak = 0;
  for (const view of [views.main, ...views.decoded]) {
    const verdict = classifyView(view, model);
    if (verdict.attack > classifierScore) {
      classifierScore = verdict.attack;
      jailbreak = verdict.jailbreak;
    }
  }
  return { score: classifierScore, category: jailbreak >= 0.5 ? 'jailbreak' : 'prompt_injection', classifierScore };
}

/** Options of the detector. */
export interface InjectionEngineOptions {
  /** The score at or above which a text is an attack (0..1); DEFAULT_INJECTION_THRESHOLD when absent. */
  threshold?: number;
}

/** The `prompt_injection` guard's engine: one finding (no span) per text judged an attack, from any source. */
export function createInjectionEngine(options: InjectionEngineOptions = {}): LocalEngine {
  const threshold = options.threshold ?? DEFAULT_INJECTION_THRESHOLD;
  return {
    kind: 'local',
    spans: false,
    maxSpanChars: Number.POSITIVE_INFINITY,
    scan(text: string, _source: TextSource): Finding[] {
      if (text.trim() === '') return [];
      const { score, category } = assessInjection(text);
      return score >= threshold ? [{ type: category, score }] : [];
    },
  };
}
