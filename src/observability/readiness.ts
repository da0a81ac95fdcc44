/** What /readyz asks of each dependency the gateway needs to serve: storage, Redis, a required exporter. */

/** One dependency's readiness probe. */
export interface ReadinessCheck {
  /** Named in /readyz's answer: `storage`, `redis`, `otlp`. */
  name: string;
  /** Resolves to undefined when it answers, else why not (no secrets: it is shown to anyone). */
  check(): Promise<string | undefined>;
}
