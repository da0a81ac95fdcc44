/** The request log record: one per request, shaped for later OpenTelemetry and dashboard use. */
import type { IngressFormat } from '../core/types.js';
import type { GuardVerdict, OperationName } from '../pipeline/context.js';

/** What is recorded about every request, streamed or not, successful or not. */
export interface RequestRecord {
  id: string;
  /** Start time, ms since epoch. */
  time: number;
  /** chat | embeddings | responses */
  operation: OperationName;
  ingress: IngressFormat;
  stream: boolean;
  modelRequested: string;
  provider?: string;
  providerType?: string;
  modelServed?: string;
  status: number;
  errorCode?: string;
  finishReason?: string;
  inputTokens?: number;
  outputTokens?: number;
  cachedInputTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
  costUsd?: number;
  /** What the response cache did: hit, semantic-hit, miss or bypass (absent: no cache applied). */
  cache?: string;
  /** A cache hit: the upstream cost of the answer served again. */
  costSavedUsd?: number;
  attempts: number;
  /** Time spent in the gateway itself (total minus upstream), ms. */
  gatewayMs: number;
  /** Upstream time to response headers, ms. */
  upstreamTtfbMs?: number;
  /** Time to the first streamed token written to the client, ms. */
  ttftMs?: number;
  totalMs: number;
  /** Who called: attribution set by governance's authenticate and admit hooks. */
  teamId?: string;
  projectId?: string;
  keyId?: string;
  endUser?: string;
  /** The tokens were counted by the gateway because the upstream reported no usage. */
  usageEstimated?: boolean;
  /** The region of the target that answered. */
  region?: string;
  /** Why it was routed there (x-switchboard-route-reason). */
  routeReason?: string;
  /** Every attempt, when there was more than one or one failed (a single clean attempt is implied by the row). */
  attemptLog?: AttemptLogEntry[];
  /** The request's metadata (request_log.bodies metadata or full). */
  metadata?: Record<string, string>;
  /** The canonical request as JSON text, cut at max_body_bytes (request_log.bodies full). */
  requestBody?: string;
  /** The answer as JSON text, cut at max_body_bytes (request_log.bodies full). */
  responseBody?: string;
  /** ms spent in each phase that ran. */
  phases?: Record<string, number>;
  /** The W3C trace id, when the request was traced. */
  traceId?: string;
  /** What each guardrail concluded, in order (absent when no guard applied); never the matched text. */
  guardrails?: GuardVerdict[];
  /** The stored prompt called and the version it resolved to. */
  promptId?: string;
  promptVersion?: number;
  /** The experiment and variant the request was assigned to. */
  experiment?: string;
  variant?: string;
}

/** One attempt as the request log keeps it. */
export interface AttemptLogEntry {
  provider: string;
  model: string;
  region?: string;
  /** first | retry | fallback | hedge | context_window | content_filter | any */
  reason?: string;
  /** ok | error | cancelled */
  outcome: 'ok' | 'error' | 'cancelled';
  errorCode?: string;
  upstreamStatus?: number;
  /** ms from the request's start to the attempt's start (the waterfall's offset). */
  startMs?: number;
  ms: number;
}

/** Where records go. Implementations queue and write in batches; record() never blocks. */
export interface RequestLogSink {
  record(entry: RequestRecord): void;
  /** Writes everything queued (used on shutdown and by tests). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** A sink that keeps nothing (request_log.enabled: false). */
export const NULL_SINK: RequestLogSink = {
  record() {},
  flush: async () => {},
  close: async () => {},
};
