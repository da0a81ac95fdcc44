/** The prompt registry's objects as GET /admin/v1/prompts… answers them (snake_case wire form). */

/** A message of a template; `{{name}}` in content is a variable. */
export interface WireTemplateMessage {
  role: string;
  content: string;
}

/** A declared variable of a template. */
export interface WireVariable {
  type?: string;
  required?: boolean;
  default?: unknown;
  description?: string;
  enum?: string[];
}

/** What one version holds. */
export interface WireTemplate {
  messages: WireTemplateMessage[];
  variables?: Record<string, WireVariable> | null;
  model?: string | null;
  params?: Record<string, unknown> | null;
  tools?: Record<string, unknown>[] | null;
  response_format?: Record<string, unknown> | null;
}

/** GET /admin/v1/prompts item and GET /admin/v1/prompts/{id}. */
export interface Prompt {
  object: 'prompt';
  id: string;
  scope: string;
  description?: string | null;
  latest_version: number;
  /** Label name → version it points at. */
  labels: Record<string, number>;
  created_at: string | number;
  updated_at: string | number;
}

/** GET /admin/v1/prompts/{id}/versions item (newest first). */
export interface PromptVersion {
  object: 'prompt_version';
  prompt_id: string;
  version: number;
  content_hash: string;
  message?: string | null;
  author?: string | null;
  created_at: string | number;
  template: WireTemplate;
}

/** GET /admin/v1/prompts/{id}/labels/history item (newest first); version null: the label was removed. */
export interface PromptLabelEvent {
  object: 'prompt_label_event';
  prompt_id: string;
  label: string;
  version?: number | null;
  previous_version?: number | null;
  time: string | number;
  actor_key_id?: string | null;
  reason?: string | null;
}

/** GET /admin/v1/prompts/{id}/diff?from=A&to=B. */
export interface PromptDiff {
  object: 'prompt_diff';
  prompt_id: string;
  from: { version: number };
  to: { version: number };
  /** A unified diff of the two versions' canonical text. */
  unified: string;
}
