/** The tables as Kysely sees them: one shape for SQLite and PostgreSQL (the migrations create it). */

/** `request_log`: one row per request (observability/request-record.ts), written in batches. */
export interface RequestLogTable {
  id: string;
  /** ms since the epoch. */
  time: number;
  operation: string;
  ingress: string;
  /** 0 or 1, the same integer on both dialects. */
  stream: number;
  model_requested: string;
  provider: string | null;
  provider_type: string | null;
  model_served: string | null;
  status: number;
  error_code: string | null;
  finish_reason: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cached_input_tokens: number | null;
  cache_write_tokens: number | null;
  reasoning_tokens: number | null;
  cost_usd: number | null;
  attempts: number;
  gateway_ms: number;
  upstream_ttfb_ms: number | null;
  ttft_ms: number | null;
  total_ms: number;
  team_id: string | null;
  project_id: string | null;
  key_id: string | null;
  end_user: string | null;
  /** 1 when the tokens were counted by the gateway (the upstream reported none). */
  usage_estimated: number | null;
  /** The region of the target that answered (data residency). */
  region: string | null;
  /** Why the request was routed as it was (x-switchboard-route-reason). */
  route_reason: string | null;
  /** JSON: every attempt (provider, model, region, reason, outcome, error code, ms). */
  attempt_log: string | null;
  /** JSON: the request's metadata (string map), kept unless request_log.bodies is none. */
  metadata: string | null;
  /** JSON: the canonical request, kept when request_log.bodies is full (cut at max_body_bytes). */
  request_body: string | null;
  /** JSON: the answer (streamed ones as assembled), kept when request_log.bodies is full. */
  response_body: string | null;
  /** JSON: ms spent in each phase, e.g. {"authenticate":0.1,"dispatch":212.4}. */
  phases: string | null;
  /** The W3C trace id of the request's span, when it was traced. */
  trace_id: string | null;
  /** What the response cache did (hit, semantic-hit, miss, bypass), null when none applied. */
  cache: string | null;
  /** A cache hit: the upstream cost it saved. */
  cost_saved_usd: number | null;
  /** JSON: the guardrail verdicts (guard, outcome, stage, counts; never matched text), null when no guard applied. */
  guardrails: string | null;
  /** The stored prompt the request called and the version it resolved to. */
  prompt_id: string | null;
  prompt_version: number | null;
  /** The experiment and the variant the request was assigned to. */
  experiment: string | null;
  variant: string | null;
}

/** `prompts`: one row per prompt of a tenant (see prompts/store-contract.ts for tenants). */
export interface PromptsTable {
  tenant: string;
  id: string;
  description: string | null;
  created_at: number;
  updated_at: number;
}

/** `prompt_versions`: immutable versions, numbered from 1 per prompt. */
export interface PromptVersionsTable {
  tenant: string;
  prompt_id: string;
  version: number;
  /** JSON text: the PromptTemplate. */
  template: string;
  /** sha256 of the template's canonical JSON: a push of unchanged content makes no version. */
  content_hash: string;
  message: string | null;
  author: string | null;
  created_at: number;
}

/** `prompt_labels`: where each label points now. */
export interface PromptLabelsTable {
  tenant: string;
  prompt_id: string;
  label: string;
  version: number;
  updated_at: number;
  updated_by: string;
}

/** `prompt_label_events`: every label move (version null: the label was removed). */
export interface PromptLabelEventsTable {
  id: string;
  tenant: string;
  prompt_id: string;
  label: string;
  version: number | null;
  previous_version: number | null;
  time: number;
  actor_key_id: string;
  /** Why, when the gateway moved it (an experiment's auto-promotion). */
  reason: string | null;
}

/** `experiments`: the definition as JSON text, its status and the last decision. */
export interface ExperimentsTable {
  tenant: string;
  id: string;
  definition: string;
  status: string;
  /** JSON text: the last results and decision, when one was made (auto-promotion, stop). */
  decision: string | null;
  created_at: number;
  updated_at: number;
}

/** `feedback`: what a caller said about a request's answer (POST /v1/feedback). */
export interface FeedbackTable {
  id: string;
  request_id: string;
  time: number;
  team_id: string | null;
  project_id: string | null;
  key_id: string | null;
  end_user: string | null;
  score: number | null;
  label: string | null;
  comment: string | null;
}

/** `responses`: the Responses API's stored conversation state, keyed by (tenant, id). */
export interface ResponsesTable {
  tenant: string;
  id: string;
  /** ms since the epoch. */
  created_at: number;
  /** ms since the epoch; null keeps the row until it is deleted. */
  expires_at: number | null;
  model: string;
  previous_response_id: string | null;
  /** JSON text: this turn's input items. */
  input: string;
  /** JSON text: the response object as returned to the client. */
  response: string;
}

/** `teams`: objects as columns, budgets and limits as JSON text. */
export interface TeamsTable {
  id: string;
  name: string;
  metadata: string;
  budget: string | null;
  limits: string | null;
  user_budget: string | null;
  user_limits: string | null;
  /** Data residency: JSON list of regions (or patterns); null: anywhere. */
  regions: string | null;
  /** JSON: the team's own guard list (admin API, tenantGuardrailsSchema); null: none. */
  guardrails: string | null;
  alerts: string;
  created_at: number;
  updated_at: number;
}

/** `projects`. */
export interface ProjectsTable extends Omit<TeamsTable, 'alerts'> {
  team_id: string;
}

/** `api_keys`: virtual keys, never their secrets. */
export interface ApiKeysTable {
  id: string;
  team_id: string;
  project_id: string | null;
  name: string;
  role: string;
  key_hash: string;
  key_prefix: string;
  models: string | null;
  /** Data residency: JSON list of regions (or patterns); null: anywhere. */
  regions: string | null;
  budget: string | null;
  limits: string | null;
  metadata: string;
  expires_at: number | null;
  revoked_at: number | null;
  first_used_at: number | null;
  expiry_recorded: number;
  created_at: number;
  updated_at: number;
}

/** `governance_state`: one row (id 1) whose epoch every tenancy write bumps. */
export interface GovernanceStateTable {
  id: number;
  epoch: number;
}

/** `audit_log`: append-only, each row hashing the one before. */
export interface AuditLogTable {
  seq: number;
  time: number;
  actor_key_id: string;
  actor_role: string;
  action: string;
  object_type: string;
  object_id: string;
  team_id: string | null;
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
}

/** `spend_ledger`: one row per settled request (governance/store-contract.ts LedgerEntry). */
export interface SpendLedgerTable {
  request_id: string;
  time: number;
  day: string;
  team_id: string;
  project_id: string;
  key_id: string;
  end_user: string;
  model: string;
  provider: string;
  usd: number;
  input_tokens: number;
  output_tokens: number;
  estimated: number;
  saved_usd: number;
  cache_hit: number;
}

/** `spend_daily`: rollups per day × team × project × key × user × model ('' for none). */
export interface SpendDailyTable {
  day: string;
  team_id: string;
  project_id: string;
  key_id: string;
  end_user: string;
  model: string;
  usd: number;
  input_tokens: number;
  output_tokens: number;
  requests: number;
  estimated_requests: number;
  saved_usd: number;
  cache_hits: number;
}

/** `alert_events`: one row per (budget, period, threshold) alert, with its deliveries as JSON text. */
export interface AlertEventsTable {
  id: string;
  time: number;
  team_id: string | null;
  payload: string;
  deliveries: string;
}

/** Every table. */
export interface StorageSchema {
  request_log: RequestLogTable;
  responses: ResponsesTable;
  teams: TeamsTable;
  projects: ProjectsTable;
  api_keys: ApiKeysTable;
  governance_state: GovernanceStateTable;
  audit_log: AuditLogTable;
  spend_ledger: SpendLedgerTable;
  spend_daily: SpendDailyTable;
  alert_events: AlertEventsTable;
  prompts: PromptsTable;
  prompt_versions: PromptVersionsTable;
  prompt_labels: PromptLabelsTable;
  prompt_label_events: PromptLabelEventsTable;
  experiments: ExperimentsTable;
  feedback: FeedbackTable;
}
