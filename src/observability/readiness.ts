/** What /readyz asks of each dependency the gateway needs to serve: storage, Redis, a required exporter. */

/** One dependency's readiness probe. */
export interface ReadinessCheck {
  /** Named in /readyz's answer: `storage`, `redis`, `otlp`. */
  name: string;
  /** Resolves to undefined when it answers, else why not (no secrets: it is shown to anyone). */
  check(): Promise<string | undefined>;
}

/** How long one probe may take, and how long its answer is reused. */
export interface ProbeLimits {
  /** A probe without an answer after this long reads as `timed out` (default 1 s). */
  timeoutMs?: number;
  /** An answer is reused this long, so a storm of /readyz calls costs one probe per dependency (default 1 s). */
  cacheMs?: number;
}

/** /readyz's answer: ready when every check says ok. */
export interface ReadinessReport {
  ready: boolean;
  /** Check name → `ok`, or why not. */
  checks: Record<string, string>;
}

/**
 * Wraps a check so that it never rejects, answers within timeoutMs, shares one probe among
 * concurrent callers, and reuses its answer for cacheMs.
 */
export function limitedCheck(check: ReadinessCheck, limits: ProbeLimits = {}): ReadinessCheck {
  const timeoutMs = limits.timeoutMs ?? 1_000;
  const cacheMs = limits.cacheMs ?? 1_000;
  let cached: { at: number; answer: string | undefined } | undefined;
  let inFlight: Promise<string | undefined> | undefined;
  const probe = async (): Promise<string | undefined> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`timed out after ${timeoutMs} ms`), timeoutMs);
      timer.unref();
    });
    try {
      return await Promise.race([check.check().catch((err: unknown) => `unreachable: ${err instanceof Error ? err.message : String(err)}`), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    name: check.name,
    check() {
      const now = performance.now();
      if (cached && now - cached.at < cacheMs) return Promise.resolve(cached.answer);
      inFlight ??= probe().then((answer) => {
        cached = { at: performance.now(), answer };
        inFlight = undefined;
        return answer;
      });
      return inFlight;
    },
  };
}

/** Runs every check at once and gathers the answer /readyz gives. */
export async function readinessReport(checks: readonly ReadinessCheck[]): Promise<ReadinessReport> {
  const answers = await Promise.all(checks.map((check) => check.check()));
  const report: ReadinessReport = { ready: true, checks: {} };
  checks.forEach((check, i) => {
    const answer = answers[i];
    report.checks[check.name] = answer ?? 'ok';
    if (answer !== undefined) report.ready = false;
  });
  return report;
}
