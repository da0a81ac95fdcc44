/**
 * The prompt registry's shapes: a template (messages with typed `{{variables}}`, default model and
 * parameters, tools, response format), its immutable versions, labels and their history. The wire
 * form (admin API, prompt files) uses the same field names.
 */

/** A variable's type: what a value must be to fill it (`json` takes anything JSON). */
export type PromptVariableType = 'string' | 'number' | 'integer' | 'boolean' | 'json';

/** A declared `{{variable}}`. */
export interface PromptVariable {
  type: PromptVariableType;
  /** Default true unless a default is given. */
  required?: boolean;
  default?: unknown;
  description?: string;
  /** For strings: the values allowed. */
  enum?: string[];
}

/** One templated message; `{{name}}` in content is replaced by the variable's value. */
export interface TemplateMessage {
  role: 'system' | 'developer' | 'user' | 'assistant';
  content: string;
}

/** What a prompt version holds. Parameters use OpenAI Chat Completions names (temperature, top_p, max_tokens, stop, seed, ...). */
export interface PromptTemplate {
  messages: TemplateMessage[];
  variables?: Record<string, PromptVariable>;
  /** The model (alias) called when the request names none. */
  model?: string;
  params?: Record<string, unknown>;
  /** OpenAI Chat Completions tool definitions. */
  tools?: Record<string, unknown>[];
  /** OpenAI Chat Completions response_format. */
  response_format?: Record<string, unknown>;
}

/** One immutable version of a prompt. */
export interface PromptVersion {
  promptId: string;
  version: number;
  template: PromptTemplate;
  /** sha256 hex of the template's canonical JSON. */
  contentHash: string;
  message?: string;
  author?: string;
  /** ms since the epoch. */
  createdAt: number;
}

/** A prompt with its latest version number and where its labels point. */
export interface PromptSummary {
  id: string;
  description?: string;
  latestVersion: number;
  labels: Record<string, number>;
  createdAt: number;
  updatedAt: number;
}

/** One move of a label (version undefined: removed). */
export interface LabelEvent {
  promptId: string;
  label: string;
  version?: number;
  previousVersion?: number;
  /** ms since the epoch. */
  time: number;
  actorKeyId: string;
  /** Why, when the gateway moved it (an experiment's promotion). */
  reason?: string;
}

/** The label a reference without a version means. */
export const DEFAULT_LABEL = 'production';
