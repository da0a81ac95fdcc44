/**
 * The request path's view of experiments: the running ones, indexed by what they target (alias
 * name, prompt id), reloaded from storage every couple of seconds and after local admin writes.
 * A request that no experiment targets costs one map lookup.
 */
import type { Experiment } from './definition.js';

/** Where the snapshot reads experiments from (ExperimentStore.active). */
export interface ExperimentSource {
  active(): Promise<Experiment[]>;
}

/** The running experiments by target. */
export interface ExperimentIndex {
  byAlias: ReadonlyMap<string, readonly Experiment[]>;
  byPrompt: ReadonlyMap<string, readonly Experiment[]>;
}

const EMPTY: ExperimentIndex = { byAlias: new Map(), byPrompt: new Map() };

/** Indexes running experiments by target, oldest first (the oldest matching experiment wins). */
export function indexExperiments(experiments: readonly Experiment[]): ExperimentIndex {
  const byAlias = new Map<string, Experiment[]>();
  const byPrompt = new Map<string, Experiment[]>();
  const running = experiments.filter((e) => e.status === 'running').sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  for (const e of running) {
    const target = e.definition.target;
    const [map, key] = 'alias' in target ? [byAlias, target.alias] : [byPrompt, target.prompt];
    const list = map.get(key);
    if (list) list.push(e);
    else map.set(key, [e]);
  }
  return { byAlias, byPrompt };
}

/** Options of the snapshot. */
export interface SnapshotOptions {
  /** ms between reloads (default 2000). */
  intervalMs?: number;
  onError?(err: unknown): void;
}

/** The in-memory snapshot of running experiments. */
export class ExperimentSnapshot {
  private current: ExperimentIndex = EMPTY;
  private timer?: NodeJS.Timeout;
  private loading?: Promise<void>;

  constructor(
    private readonly source: ExperimentSource,
    private readonly options: SnapshotOptions = {},
  ) {}

  /** The index requests read. */
  get index(): ExperimentIndex {
    return this.current;
  }

  /** Reloads now; concurrent calls share one load, and a failed load keeps the last index. */
  reload(): Promise<void> {
    if (this.loading) return this.loading.then(() => this.reload());
    this.loading = this.source
      .active()
      .then(
        (experiments) => {
          this.current = indexExperiments(experiments);
        },
        (err: unknown) => this.options.onError?.(err),
      )
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }

  /** Loads once and then every interval on an unref'd timer. */
  async start(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => void this.reload(), this.options.intervalMs ?? 2000);
    this.timer.unref();
  }

  /** Stops reloading (waits for a load in flight). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.loading;
  }
}
