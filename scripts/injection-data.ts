/**
 * The data of the injection classifier, shared by scripts/train-injection-classifier.ts and
 * scripts/eval-injection.ts so both use the same splits:
 *   - deepset_prompt_injections keeps its own test split as held-out; its train split is cut 85/15
 *     into train and validation by a stable hash of the id;
 *   - every other source is cut 70/15/15 (train / validation / test) by a stable hash of a group key:
 *     jailbreakbench by behavior_index (one goal never sits in two splits), MT-Bench by question,
 *     jailbreak_llms by the opening of the normalised prompt (near-identical DAN variants stay together),
 *     the rest by id.
 * Positives: deepset label 1, jailbreak_llms prompts, jailbreakbench attack prompts. Negatives:
 * deepset label 0, routellm MMLU / GSM8K / MT-Bench user turns, the hand-written benign prompts, and
 * a quarter of the PAWS-X sentences in seven languages (split by pair, so translations stay together).
 * The plain harmful questions (forbidden_question_set, jbb_harmful_behaviors) are requests, not
 * injections or jailbreaks: they are loaded only to be reported apart (split "report").
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeView } from '../src/guardrails/injection/normalize.js';
import { HANDWRITTEN_BENIGN } from './injection-benign-prompts.js';

/** Where a labelled text goes. */
export type Split = 'train' | 'validation' | 'test' | 'report';

/** One labelled text. */
export interface LabelledText {
  id: string;
  source: string;
  text: string;
  /** 1 = injection or jailbreak, 0 = benign (the report-only harmful questions carry 1 but are never trained on). */
  label: 0 | 1;
  /** For positives: what kind of attack (the second classifier head learns it). */
  kind?: 'prompt_injection' | 'jailbreak';
  split: Split;
  /** Source-specific facets for the report (method, jailbroken, community, language). */
  facets: Record<string, string | boolean | null>;
}

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The data folder: --data, $GUARD_DATA_DIR, ../shared/data next to the repository, or ../../shared/data (a worktree under wt/). */
export function defaultGuardDataDir(): string {
  const candidates = process.env.GUARD_DATA_DIR
    ? [process.env.GUARD_DATA_DIR]
    : [resolve(REPO_ROOT, '../shared/data'), resolve(REPO_ROOT, '../../shared/data')];
  const found = candidates.find((dir) => existsSync(join(dir, 'deepset_prompt_injections')));
  if (found === undefined)
    throw new Error(`guardrail data not found at ${candidates.join(' or ')}: pass --data DIR or set GUARD_DATA_DIR to the shared data folder`);
  return found;
}

/** A stable number in [0, 1) from a key. */
export function stableFraction(key: string): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;
}

function threeWaySplit(key: string): Split {
  const f = stableFraction(key);
  return f < 0.7 ? 'train' : f < 0.85 ? 'validation' : 'test';
}

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

const GERMAN_WORDS = /\b(?:und|der|die|das|ist|nicht|ich|du|wie|was|sie|mit|fur|auf|ein|eine|welche|warum|wer|wo|gibt|es|mir|dich|alle|vergiss|alles)\b/g;

/** A rough language tag for the deepset rows (English or German): enough German function words make it German. */
export function roughLanguage(text: string): 'de' | 'en' {
  const matches = normalizeView(text).match(GERMAN_WORDS);
  return (matches?.length ?? 0) >= 2 || /[äöüß]/i.test(text) ? 'de' : 'en';
}

/** Every labelled text of the guardrail data sets, with its split. */
export function loadInjectionData(dir: string): LabelledText[] {
  const rows: LabelledText[] = [];

  for (const row of readJsonl<{ id: string; split: string; text: string; label: number }>(
    join(dir, 'deepset_prompt_injections/deepset_prompt_injections.jsonl'),
  )) {
    const split: Split = row.split === 'test' ? 'test' : stableFraction(row.id) < 0.85 ? 'train' : 'validation';
    const label = row.label === 1 ? 1 : 0;
    rows.push({
      id: row.id,
      source: 'deepset',
      text: row.text,
      label,
      split,
      facets: { language: roughLanguage(row.text) },
      ...(label ? { kind: 'prompt_injection' as const } : {}),
    });
  }

  for (const row of readJsonl<{ id: string; prompt: string; community: string | null; platform: string }>(
    join(dir, 'jailbreak_llms/jailbreak_prompts_2023_12_25.jsonl'),
  )) {
    // Group near-identical variants (the same DAN prompt with a word changed) by their opening, so one is never trained on while another is tested.
    const opening = normalizeView(row.prompt)
      .replace(/[^a-z]/g, '')
      .slice(0, 48);
    rows.push({
      id: row.id,
      source: 'jailbreak_llms',
      text: row.prompt,
      label: 1,
      kind: 'jailbreak',
      split: threeWaySplit(`jbllms:${opening}`),
      facets: { community: row.community, platform: row.platform },
    });
  }

  for (const row of readJsonl<{ id: string; method: string; behavior_index: number; prompt: string; jailbroken: boolean; category: string }>(
    join(dir, 'jailbreakbench/jbb_attack_prompts.jsonl'),
  )) {
    rows.push({
      id: row.id,
      source: 'jailbreakbench',
      text: row.prompt,
      label: 1,
      kind: 'jailbreak',
      split: threeWaySplit(`jbb-behavior:${row.behavior_index}`),
      facets: { method: row.method, jailbroken: row.jailbroken, category: row.category },
    });
  }

  for (const name of ['mmlu_sample', 'gsm8k'] as const) {
    for (const row of readJsonl<{ id: string; prompt: string }>(join(dir, `routellm/${name}.jsonl`))) {
      rows.push({ id: row.id, source: name === 'gsm8k' ? 'gsm8k' : 'mmlu', text: row.prompt, label: 0, split: threeWaySplit(row.id), facets: {} });
    }
  }
  for (const row of readJsonl<{ id: string; question_id: number; turn: number; user_turns: string[] }>(join(dir, 'routellm/mt_bench.jsonl'))) {
    const text = row.user_turns[row.turn - 1] ?? row.user_turns.at(-1) ?? '';
    rows.push({ id: row.id, source: 'mt_bench', text, label: 0, split: threeWaySplit(`mtbench:${row.question_id}`), facets: {} });
  }

  // PAWS-X sentences (Wikipedia, seven languages): benign text in the languages the rules cover and more, so the
  // classifier does not learn "not English = attack". Every 4th pair, first sentence; a pair's translations share a split.
  for (const lang of ['en', 'de', 'es', 'fr', 'ja', 'ko', 'zh']) {
    const file = join(dir, `pawsx/pawsx_dev_${lang}.jsonl`);
    if (!existsSync(file)) continue;
    for (const row of readJsonl<{ id: string; pair_index: number; text1: string }>(file)) {
      if (row.pair_index % 4 !== 0) continue;
      rows.push({ id: row.id, source: 'pawsx', text: row.text1, label: 0, split: threeWaySplit(`pawsx:${row.pair_index}`), facets: { language: lang } });
    }
  }

  HANDWRITTEN_BENIGN.forEach((text, index) => {
    const id = `handwritten-${String(index).padStart(3, '0')}`;
    rows.push({ id, source: 'handwritten_benign', text, label: 0, split: threeWaySplit(id), facets: {} });
  });

  for (const row of readJsonl<{ id: string; question: string; category: string }>(join(dir, 'jailbreak_llms/forbidden_question_set.jsonl'))) {
    rows.push({ id: row.id, source: 'forbidden_questions', text: row.question, label: 1, split: 'report', facets: { category: row.category } });
  }
  for (const row of readJsonl<{ id: string; index: number; goal: string; category: string }>(join(dir, 'jailbreakbench/jbb_harmful_behaviors.jsonl'))) {
    // behaviorSplit: where the attack prompts built on this goal went (its words are in GCG/DSN training prompts unless "test").
    const behaviorSplit = threeWaySplit(`jbb-behavior:${row.index}`);
    rows.push({ id: row.id, source: 'jbb_harmful_behaviors', text: row.goal, label: 1, split: 'report', facets: { category: row.category, behaviorSplit } });
  }
  return rows;
}

/** Sources whose texts are attacks (positives). */
export const POSITIVE_SOURCES = ['deepset', 'jailbreak_llms', 'jailbreakbench'] as const;
/** Sources whose texts are benign (negatives). */
export const BENIGN_SOURCES = ['deepset', 'mmlu', 'gsm8k', 'mt_bench', 'handwritten_benign', 'pawsx'] as const;
