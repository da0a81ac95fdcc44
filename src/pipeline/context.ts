/**
 * RequestContext: everything the pipeline knows about one request, from arrival to the record.
 * Hooks and taps read and write it; it never holds node:http objects.
 */
import type { Target } from '../config/compile.js';
import { GatewayError } from '../core/errors.js';
import type { FinishReason, IngressFormat, Usage } from '../core/types.js';
import type { ModelGroup } from '../config/compile.js';

/** The operations the gateway runs; each has one route plan. */
export type OperationName = 'chat' | 'embeddings' | 'responses';

/** The request headers as node:http parsed them (lower-case names). */
export type RequestHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** Who is calling, as the authenticate phase established it. */
export interface CallerIdentity {
  /** How the caller proved who it is, e.g. "admin_key" or "open_mode". */
  method: string;
  keyId?: string;
  project?: string;
  team?: string;
  /** Names beside the ids, for routing rules written with names. */
  keyName?: string;
  projectName?: string;
  teamName?: string;
  /** The end user the caller acts for (OpenAI `user` or x-switchboard-user), when known. */
  endUser?: string;
  /** What the caller may do beyond calling models (governance/types.ts Role). */
  role?: string;
  /**
   * Data residency: one list per pinned object (key, project, team), each a list of region names
   * or patterns (`eu-*`); a target may serve the request only if its region matches every list.
   * Undefined or empty: anywhere.
   */
  regionPins?: readonly (readonly string[])[];
}

/** Why an attempt was made: the first try, a retry or fallback after a failure, a hedge, or a fallback by cause. */
export type AttemptReason = 'first' | 'retry' | 'fallback' | 'hedge' | 'context_window' | 'content_filter' | 'any';

/** How the request was routed: its model group, every target it may reach, and why. */
export interface RouteDecision {
  group: ModelGroup;
  /** Every target the request may reach, cause fallbacks included, residency applied: what admission prices. */
  reachable: readonly Target[];
  /** The caller's allowed regions after rules and pins; undefined: anywhere. */
  regions?: readonly string[];
  /** Tags every target must carry (from a matching rule). */
  tags?: readonly string[];
  /** Whether a target may serve this request (residency pins, rule regions and tags); undefined: any. */
  allows?: (target: Target) => boolean;
  /** Short, header-safe text: e.g. "alias", "rule:eu-team", "smart:strong(0.71)". */
  reason: string;
}

/** What the response cache did for a request: served it (exactly or by meaning), missed, or was told to step aside. */
export type CacheStatus = 'hit' | 'semantic-hit' | 'miss' | 'bypass';

/**
 * What one guardrail concluded about one stage of a request: the outcome and counts by entity or
 * category, never the text it matched (guardrails/ sets them; the log, traces and metrics read them).
 */
export interface GuardVerdict {
  guard: string;
  stage: 'input' | 'output';
  /** pass: nothing found; redacted: text rewritten (redact, mask, tokenize); flagged: recorded only; blocked; error: the guard failed (fail closed blocks, fail open passes). */
  outcome: 'pass' | 'redacted' | 'flagged' | 'blocked' | 'error';
  /** Findings by entity type or category (EMAIL: 2, prompt_injection: 1). */
  findings?: Record<string, number>;
  /** The highest classifier score seen, when the guard has one. */
  score?: number;
  /** A failed guard: what failed (timeout, an HTTP status), never request content. */
  error?: string;
  /** ms the guard took (for input checks and external calls). */
  ms?: number;
}

/** The stored prompt a request called, as prepare resolved it (prompts/ sets it; headers, the log and traces read it). */
export interface ResolvedPrompt {
  id: string;
  version: number;
  /** The label the caller named, when it named one (or the default label it fell back to). */
  label?: string;
}

/** The experiment arm a request was assigned to (prompts/experiments sets it; the log, traces and results read it). */
export interface ExperimentAssignment {
  experiment: string;
  variant: string;
  /** A shadow copy the gateway made for the experiment: its answer is never returned to the client. */
  shadow?: boolean;
}

/** One try at one target, kept for the record, the headers and the fallback decision. */
export interface AttemptRecord {
  providerId: string;
  providerType: string;
  model: string;
  /** Where it failed: encoding for the target, sending or waiting, or reading the answer. */
  stage?: 'encode' | 'send' | 'read';
  error?: GatewayError;
  /** ms from the start of the attempt to the response headers (or the failure). */
  durationMs: number;
  /** When the attempt started (performance.now()), for waterfalls and attempt spans. */
  startedAt: number;
  /** The target tried (its key, region and timeouts). */
  target?: Target;
  /** Why this attempt was made. */
  reason?: AttemptReason;
  /** The upstream's response headers (rate-limit headroom is read from them lazily). */
  headers?: Record<string, string>;
  /**
   * Cancelled, not failed: the interceptor's own signal ended it (a hedge that lost) or the request
   * was aborted (the client left, the request deadline passed); `error` says which.
   */
  cancelled?: boolean;
  /** Streamed attempts: ms from the start of the attempt to its first content event (set when it primed). */
  firstTokenMs?: number;
}

const NO_SECRETS: readonly string[] = [];

/** A typed key for a feature's own slot on the context. */
export interface SlotKey<T> {
  readonly name: string;
  /** Never set: carries the slot's type. */
  readonly type?: T;
  /** Part of who the caller is (set by authenticate): a child request the gateway makes for it gets it too. */
  readonly inherited?: boolean;
}

/** Creates a slot key; each feature makes its own once, at module load. */
export function slotKey<T>(name: string, options?: { inherited?: boolean }): SlotKey<T> {
  return options?.inherited ? { name, inherited: true } : { name };
}

/** Facts the server knows when a request arrives. */
export interface ContextInit {
  requestId: string;
  /** performance.now() at arrival. */
  startedAt: number;
  /** Date.now() at arrival. */
  time: number;
  operation: OperationName;
  ingress: IngressFormat;
  requestHeaders: RequestHeaders;
}

/** The state of one request. Req and Res are the operation's canonical request and response. */
export class RequestContext<Req = unknown, Res = unknown> {
  readonly id: string;
  readonly startedAt: number;
  readonly time: number;
  readonly operation: OperationName;
  readonly ingress: IngressFormat;
  readonly requestHeaders: RequestHeaders;
  /** The model name as the client sent it ('' until the body is decoded). */
  modelRequested = '';
  /** The canonical request; set once the body is decoded (before `admit`). */
  request!: Req;
  /** The canonical response, for non-streamed answers. */
  response?: Res;
  stream = false;
  identity?: CallerIdentity;
  /** Where the request may be served, in order (set after decoding). */
  targets: readonly Target[] = [];
  /** How the router resolved the model (set with targets). */
  route?: RouteDecision;
  readonly attempts: AttemptRecord[] = [];
  /** The target that answered. */
  target?: Target;
  modelServed?: string;
  usage?: Usage;
  /** True when usage was counted by the gateway because the upstream reported none. */
  usageEstimated = false;
  costUsd?: number;
  /** Cost of answers the gateway paid for but discarded (a content-filter refusal served again elsewhere); added to costUsd. */
  discardedCostUsd = 0;
  finishReason?: FinishReason;
  /** The response cache's verdict, when a cache applies to the request (cache/ sets it; the log, metrics and spend read it). */
  cacheStatus?: CacheStatus;
  /** A cache hit: the upstream cost of the answer it served again (the hit itself costs nothing upstream). */
  costSavedUsd?: number;
  /**
   * A feature changed or blocked the answer (a guardrail's redaction, say): names it. Such an answer
   * is never stored or served again by the cache.
   */
  answerAlteredBy?: string;
  /** What each guardrail concluded (input and output), in order; undefined when no guard applied. */
  guardrailVerdicts?: GuardVerdict[];
  /** The stored prompt the request called, once prepare resolved it. */
  prompt?: ResolvedPrompt;
  /** The experiment arm the request was assigned to, if an experiment applied. */
  experiment?: ExperimentAssignment;
  /** ms spent waiting on upstreams (all attempts, and the streamed body). */
  upstreamMs = 0;
  /** ms from the start of the winning attempt to its response headers. */
  upstreamTtfbMs?: number;
  /** ms from arrival to the first generated token. */
  ttftMs?: number;
  /** The outcome: the status answered (499 when the client left) and the error code if any. */
  /** The W3C trace id of this request's span, when it is traced (tracing sets it; the request log keeps it). */
  traceId?: string;
  status = 200;
  error?: GatewayError;
  /** Headers for the answer; phases add to them. */
  readonly responseHeaders: Record<string, string | number>;
  /** Credentials minted for this request (e.g. an OAuth token) that must never be echoed. */
  runtimeSecrets: readonly string[] = NO_SECRETS;
  /** Why the request was aborted (client gone, deadline passed), if it was. */
  abortReason?: GatewayError;
  private readonly controller = new AbortController();
  private slots?: Map<SlotKey<unknown>, unknown>;

  constructor(init: ContextInit) {
    this.id = init.requestId;
    this.startedAt = init.startedAt;
    this.time = init.time;
    this.operation = init.operation;
    this.ingress = init.ingress;
    this.requestHeaders = init.requestHeaders;
    this.responseHeaders = { 'x-request-id': init.requestId };
  }

  /** Aborted when the client leaves or the request deadline passes. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Cancels everything in flight for this request; the reason becomes the outcome. */
  abort(reason: GatewayError): void {
    if (this.abortReason) return;
    this.abortReason = reason;
    this.controller.abort(reason);
  }

  /** Adds a credential minted for this request to what is redacted from upstream words. */
  addRuntimeSecret(secret: string): void {
    if (this.runtimeSecrets.includes(secret)) return;
    this.runtimeSecrets = [...this.runtimeSecrets, secret];
  }

  /** Records a failure as the outcome (the first one wins over later consequences of it). */
  fail(error: GatewayError): void {
    this.error = error;
    this.status = error.status;
  }

  /** A feature's slot value. */
  get<T>(key: SlotKey<T>): T | undefined {
    return this.slots?.get(key) as T | undefined;
  }

  /** Sets a feature's slot value. */
  set<T>(key: SlotKey<T>, value: T): void {
    (this.slots ??= new Map()).set(key, value);
  }

  /**
   * A request the gateway makes on this caller's behalf (the cache's embedding of a question): a
   * context of its own (id, operation, outcome, record) that carries the caller's identity and
   * the slots marked inherited, so it is admitted, limited and billed as the same caller without
   * authenticating again. The headers are the caller's (end user, trace context).
   */
  child<Req, Res>(init: Omit<ContextInit, 'requestHeaders'>): RequestContext<Req, Res> {
    const child = new RequestContext<Req, Res>({ ...init, requestHeaders: this.requestHeaders });
    // A copy: the child's admission may set the end user without touching the parent's identity.
    if (this.identity) child.identity = { ...this.identity };
    if (this.slots) for (const [key, value] of this.slots) if (key.inherited) child.set(key, value);
    child.runtimeSecrets = this.runtimeSecrets;
    return child;
  }
}

/** The error a client disconnect aborts with. */
export function clientClosed(): GatewayError {
  return new GatewayError('client_closed', 499, 'The client closed the connection.');
}
