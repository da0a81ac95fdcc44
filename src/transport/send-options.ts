/** The options of one upstream call: cancellation, timeouts and how their errors name them, and the body cap. */

/**
 * How timeout errors describe each timeout: what the upstream failed to do, and the setting that
 * bounds it, e.g. "did not send its first token within 2000 ms (timeouts.first_token_ms)".
 */
export interface TimeoutLabels {
  /** The response head: e.g. { did: 'did not send its first token', setting: 'timeouts.first_token_ms' }. */
  headers: { did: string; setting?: string };
  /** A gap between body chunks. */
  idle: { did: string; setting?: string };
  /** Opening the connection. */
  connect: { did: string; setting?: string };
}

/** Options for one upstream call. Timeouts left out fall back to timeoutMs, then to undici's defaults. */
export interface SendOptions {
  signal?: AbortSignal;
  /** One bound for the response head and for each gap between body chunks (callers with a single timeout: webhooks, token endpoints). */
  timeoutMs?: number;
  /** Time allowed until the response head arrives (undici headersTimeout); model calls pass timeouts.first_token_ms. */
  headersTimeoutMs?: number;
  /** Time allowed between two body chunks (undici bodyTimeout); model calls pass timeouts.idle_ms. */
  idleTimeoutMs?: number;
  /** Time allowed to open a connection; each distinct value gets its own pool, created on first use. Default 10 s. */
  connectTimeoutMs?: number;
  /** How timeout errors name each timeout; without it they name no setting. */
  timeoutLabels?: TimeoutLabels;
  providerId: string;
  /**
   * A tighter body cap for this call (e.g. OAuth token responses), with the reason shown past it;
   * without it the client's maxBodyBytes applies and the error names the config field.
   */
  bodyLimit?: { maxBytes: number; reason: string };
}
