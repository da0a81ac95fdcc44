/** What every grader takes and returns, and the gateway calls the model-backed graders may make. */

/** One answer to grade, with the row it answers. */
export interface GradeInput {
  /** The model's answer text. */
  output: string;
  /** The row's `expected`, when it has one. */
  expected?: unknown;
  /** The row's prompt variables (the judge shows them as the input). */
  variables: Record<string, unknown>;
  /** The row's extra chat messages, if any. */
  messages?: unknown[];
}

/** A grade: a score in [0,1], whether it passes the grader's threshold, and why. */
export interface GradeResult {
  score: number;
  pass: boolean;
  reason: string;
}

/** Gateway calls for graders that need a model (embedding similarity, LLM judge); usage is counted by the caller. */
export interface GraderServices {
  /** One chat completion through an alias; resolves with the answer text. */
  chat(model: string, messages: Array<{ role: string; content: string }>, params?: Record<string, unknown>): Promise<string>;
  /** Embeddings of the inputs through an alias, in order. */
  embed(model: string, inputs: string[]): Promise<number[][]>;
}

/** A configured grader. */
export interface Grader {
  /** Unique name in the report (defaults to the type). */
  readonly name: string;
  readonly type: string;
  grade(input: GradeInput, services: GraderServices): GradeResult | Promise<GradeResult>;
}

/** Clamps a number into [0,1] (NaN counts as 0). */
export function clamp01(value: number): number {
  if (!Number.isFinite(value)) return value === Number.POSITIVE_INFINITY ? 1 : 0;
  return Math.min(1, Math.max(0, value));
}

/** The grader's target: its own param when set, else the row's `expected`. */
export function targetOf<T>(param: T | undefined, input: GradeInput): T | unknown {
  return param !== undefined ? param : input.expected;
}

/** A short quote of a text for reasons (answers can be long). */
export function quote(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ');
  return JSON.stringify(flat.length > max ? `${flat.slice(0, max)}…` : flat);
}
