/**
 * llm_judge: a model (an alias on the gateway) scores the answer against a rubric. The judge is
 * asked for `{"score": N, "reason": "..."}` with N from 0 to `max_score`; its answer is parsed
 * robustly (bare JSON, fenced JSON, JSON inside prose, `score: N`, or a bare number) and the score
 * divided by `max_score`. An answer with no score grades 0 and says so. The prompt is documented
 * in docs/evals.md and exported here (JUDGE_SYSTEM_PROMPT, judgeUserPrompt) so tests pin it.
 */
import { z } from 'zod';
import { extractJson } from './json-text.js';
import { clamp01, type GradeInput, type GradeResult, type Grader, type GraderServices } from './types.js';

/** Params of an LLM-judge grader. */
export const llmJudgeSchema = z.strictObject({
  type: z.literal('llm_judge'),
  name: z.string().min(1).optional(),
  /** The chat alias (or model) the gateway routes the judge's call to. */
  model: z.string().min(1),
  /** What a good answer is, in plain words. */
  rubric: z.string().min(1),
  /** The top of the judge's scale (default 1; e.g. 10 for a 0–10 scale). */
  max_score: z.number().positive().default(1),
  /** Pass when the normalized score is at least this (default 0.5). */
  threshold: z.number().min(0).max(1).default(0.5),
  /** Extra chat parameters for the judge (default temperature 0). */
  params: z.record(z.string(), z.unknown()).optional(),
});

/** The judge's system message. */
export const JUDGE_SYSTEM_PROMPT =
  'You are a strict, impartial grader. Read the rubric, the input, the reference answer (if any) and the answer to grade. ' +
  'Reply with JSON only, no prose: {"score": <number from 0 to MAX>, "reason": "<one short sentence>"}.';

/** The judge's user message for one answer. */
export function judgeUserPrompt(rubric: string, input: GradeInput): string {
  const parts = [`RUBRIC:\n${rubric}`, `INPUT:\n${JSON.stringify({ variables: input.variables, ...(input.messages ? { messages: input.messages } : {}) })}`];
  if (input.expected !== undefined) parts.push(`REFERENCE ANSWER:\n${typeof input.expected === 'string' ? input.expected : JSON.stringify(input.expected)}`);
  parts.push(`ANSWER TO GRADE:\n${input.output}`);
  return parts.join('\n\n');
}

/** The raw score and reason in a judge's answer, or undefined when it holds no score. */
export function parseJudgeAnswer(text: string): { score: number; reason?: string } | undefined {
  const json = extractJson(text);
  if (json && typeof json.value === 'object' && json.value !== null && !Array.isArray(json.value)) {
    const obj = json.value as Record<string, unknown>;
    const raw = obj.score ?? obj.rating ?? obj.grade;
    const score = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : Number.NaN;
    if (Number.isFinite(score)) return { score, reason: typeof obj.reason === 'string' ? obj.reason : undefined };
  }
  if (json && typeof json.value === 'number' && Number.isFinite(json.value)) return { score: json.value };
  const labelled = /["']?(?:score|rating|grade)["']?\s*[:=]\s*["']?(-?\d+(?:\.\d+)?)/i.exec(text);
  if (labelled) return { score: Number(labelled[1]) };
  const bare = /^\s*(-?\d+(?:\.\d+)?)\s*(?:\/\s*\d+(?:\.\d+)?)?\s*$/.exec(text);
  if (bare) return { score: Number(bare[1]) };
  return undefined;
}

/** Asks the judge and grades its normalized score. */
export async function gradeLlmJudge(spec: z.infer<typeof llmJudgeSchema>, input: GradeInput, services: GraderServices): Promise<GradeResult> {
  const answer = await services.chat(
    spec.model,
    [
      { role: 'system', content: JUDGE_SYSTEM_PROMPT.replace('MAX', String(spec.max_score)) },
      { role: 'user', content: judgeUserPrompt(spec.rubric, input) },
    ],
    { temperature: 0, ...spec.params },
  );
  const parsed = parseJudgeAnswer(answer);
  if (!parsed) return { score: 0, pass: false, reason: `the judge's answer holds no score: ${JSON.stringify(answer.slice(0, 80))}` };
  const score = clamp01(parsed.score / spec.max_score);
  const pass = score >= spec.threshold;
  return { score, pass, reason: `judge ${parsed.score}/${spec.max_score}${parsed.reason ? `: ${parsed.reason}` : ''}` };
}

/** Builds an LLM-judge grader. */
export function llmJudgeGrader(spec: z.infer<typeof llmJudgeSchema>): Grader {
  return { name: spec.name ?? 'llm_judge', type: 'llm_judge', grade: (input, services) => gradeLlmJudge(spec, input, services) };
}
