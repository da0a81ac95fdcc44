/**
 * The tenancy snapshot the request path reads: every team, project and live key, in memory, so a
 * request never waits on the database to authenticate. Each replica polls the change counter
 * (governance_state.epoch, one indexed read) every `refresh_ms` and reloads the snapshot when it
 * moved, so a revocation on any replica reaches every other within one interval. While the
 * database is unreachable the last snapshot stays in force (requests with cached keys go on).
 */
import type { Logger } from '../../pipeline/services.js';
import type { TenancyStore } from '../store-contract.js';
import type { Project, Team, TenancySnapshot, VirtualKey } from '../types.js';
import { type RegionPins, regionPinsOf } from './region-pins.js';
import { hashKey } from './secret.js';

/** Live secrets remembered per snapshot (see TenancyCache.recent). */
const RECENT_SECRETS = 10_000;

const EMPTY: TenancySnapshot = { epoch: -1, teams: new Map(), projects: new Map(), keysByHash: new Map() };

/** A key with its project and team, resolved once per snapshot and shared by the key's requests. */
export interface ResolvedKey {
  key: VirtualKey;
  team: Team | undefined;
  project: Project | undefined;
  /** Data residency pins of the key, its project and its team (region-pins.ts); undefined: none. */
  regionPins?: RegionPins;
}

/** Every live key of a snapshot resolved, by key_hash: done when the snapshot loads, so no request builds one. */
function resolveKeys(snapshot: TenancySnapshot): Map<string, ResolvedKey> {
  const out = new Map<string, ResolvedKey>();
  for (const [hash, key] of snapshot.keysByHash) {
    const team = snapshot.teams.get(key.team_id);
    const project = key.project_id ? snapshot.projects.get(key.project_id) : undefined;
    const regionPins = regionPinsOf(key, project, team);
    out.set(hash, regionPins ? { key, team, project, regionPins } : { key, team, project });
  }
  return out;
}

/** The in-memory tenancy snapshot and its refresher. */
export class TenancyCache {
  private current: TenancySnapshot = EMPTY;
  /** The current snapshot's live keys, resolved (resolveKeys). */
  private resolved = new Map<string, ResolvedKey>();
  /**
   * Secrets already matched in this snapshot → their key: hashing costs ~3 µs a request, a map
   * lookup nothing. Only live keys' secrets are kept (never unknown ones, so guessing cannot fill
   * it), it is bounded, and it is dropped with the snapshot, so a revocation still applies at once.
   */
  private recent = new Map<string, ResolvedKey>();
  private timer?: NodeJS.Timeout;
  private chain: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private failing = false;

  constructor(
    private readonly store: TenancyStore,
    private readonly refreshMs: number,
    private readonly logger: Logger,
  ) {}

  /** Loads the first snapshot (start fails if the database cannot be read) and starts polling. */
  async start(): Promise<void> {
    this.install(await this.store.snapshot());
    this.timer = setInterval(() => {
      // A slow database must not pile up polls.
      if (this.inFlight === 0) void this.refresh();
    }, this.refreshMs);
    this.timer.unref();
  }

  /** The snapshot in force. */
  get snapshot(): TenancySnapshot {
    return this.current;
  }

  /** Whether any virtual key exists (a gateway without keys skips hashing entirely). */
  get hasKeys(): boolean {
    return this.current.keysByHash.size > 0;
  }

  /** The live key a secret belongs to, with its team and project; undefined when unknown or revoked. */
  lookup(secret: string): ResolvedKey | undefined {
    const snapshot = this.current;
    if (snapshot.keysByHash.size === 0) return undefined;
    const known = this.recent.get(secret);
    if (known) return known;
    const resolved = this.resolved.get(hashKey(secret));
    if (!resolved) return undefined;
    if (this.recent.size >= RECENT_SECRETS) this.recent.clear();
    this.recent.set(secret, resolved);
    return resolved;
  }

  /**
   * Checks the epoch and reloads when it moved (also called after admin writes on this replica).
   * Calls run one after another, so a call made after a write always reads after it.
   */
  refresh(): Promise<void> {
    this.inFlight++;
    this.chain = this.chain
      .then(() => this.reloadIfChanged())
      .finally(() => {
        this.inFlight--;
      });
    return this.chain;
  }

  private async reloadIfChanged(): Promise<void> {
    try {
      const epoch = await this.store.epoch();
      if (epoch !== this.current.epoch) {
        this.install(await this.store.snapshot());
      }
      if (this.failing) this.logger.info({}, 'tenancy refresh recovered');
      this.failing = false;
    } catch (err) {
      // Said once per outage, not once per poll.
      if (!this.failing) this.logger.warn({ err }, 'tenancy refresh failed: serving the last snapshot until the database answers');
      this.failing = true;
    }
  }

  /** Swaps a snapshot in with its resolved keys; the remembered secrets belong to the old one. */
  private install(snapshot: TenancySnapshot): void {
    this.resolved = resolveKeys(snapshot);
    this.current = snapshot;
    this.recent = new Map();
  }

  /** Stops polling. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.chain;
  }
}
