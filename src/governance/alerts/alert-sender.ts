/**
 * Sends budget alerts off the request path. notify() returns at once; in the background the alert
 * is claimed in the alert store (one row per alert id, so exactly one replica wins however many
 * saw the crossing), and only the winner delivers it to the config's `alerts:` targets and the
 * team's own, recording each target's outcome. Nothing here throws into the caller, and logs name
 * targets by host only: a Slack webhook URL and a webhook secret are credentials.
 */
import { setMaxListeners } from 'node:events';
import { type GovernanceLogger, SILENT_LOGGER, safeErrorText } from '../logger.js';
import type { AlertStore } from '../store-contract.js';
import type { AlertTarget } from '../types.js';
import { type AlertEvent, alertEvent, alertId, type BudgetAlert, targetLabel } from './alert.js';
import { type AlertHttpClient, DEFAULT_RETRY, type DeliveryOutcome, deliver, type RetryPolicy } from './deliver.js';

/** What the sender needs. */
export interface AlertSenderOptions {
  store: Pick<AlertStore, 'claim' | 'recordDelivery'>;
  /** The app passes its transport HttpClient. */
  http: AlertHttpClient;
  /** The config's `alerts:` list, for every team. */
  targets: readonly AlertTarget[];
  /** A team's own targets (from the tenancy snapshot), read when its alert is sent. */
  teamTargets?: (teamId: string) => readonly AlertTarget[] | undefined;
  logger?: GovernanceLogger;
  /** Applies to deliveries and to claiming (a database that is briefly away). */
  retry?: Partial<RetryPolicy>;
  /** Alerts being claimed or delivered at once; past it new ones are dropped and logged. Default 1000. */
  maxPending?: number;
  now?: () => number;
  /** For the jitter; tests may pin it. */
  random?: () => number;
}

/** Delivers each budget alert once, from whichever replica claims it first. */
export class AlertSender {
  private readonly store: AlertSenderOptions['store'];
  private readonly http: AlertHttpClient;
  private targets: readonly AlertTarget[];
  private readonly teamTargets: NonNullable<AlertSenderOptions['teamTargets']>;
  private readonly logger: GovernanceLogger;
  private readonly policy: RetryPolicy;
  private readonly maxPending: number;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly pending = new Set<Promise<void>>();
  private readonly shutdown = new AbortController();
  private dropped = 0;

  constructor(options: AlertSenderOptions) {
    this.store = options.store;
    this.http = options.http;
    this.targets = options.targets;
    this.teamTargets = options.teamTargets ?? (() => undefined);
    this.logger = options.logger ?? SILENT_LOGGER;
    this.policy = { ...DEFAULT_RETRY, ...options.retry };
    this.maxPending = options.maxPending ?? 1_000;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    // Every delivery in flight listens for shutdown; hundreds at once are expected, not a leak.
    setMaxListeners(0, this.shutdown.signal);
  }

  /** Replaces the global targets (config reload); alerts already being sent keep theirs. */
  setTargets(targets: readonly AlertTarget[]): void {
    this.targets = targets;
  }

  /** Queues an alert and returns at once; never throws. */
  notify(alert: BudgetAlert): void {
    try {
      if (this.shutdown.signal.aborted) {
        this.logger.warn({ alert: alertId(alert) }, 'budget alert after shutdown: not sent');
        return;
      }
      if (this.pending.size >= this.maxPending) {
        this.dropped++;
        this.logger.error({ alert: alertId(alert), dropped: this.dropped }, 'too many budget alerts in flight: alert dropped');
        return;
      }
      const task = this.send(alert).catch((err: unknown) => {
        // send() handles its own failures; this is the last guard so nothing escapes as an unhandled rejection.
        this.logger.error({ alert: alertId(alert), err: safeErrorText(err) }, 'budget alert failed');
      });
      this.pending.add(task);
      void task.finally(() => this.pending.delete(task));
    } catch (err) {
      this.logger.error({ err: safeErrorText(err) }, 'budget alert not queued');
    }
  }

  /** Resolves when every alert queued so far (and any queued meanwhile) is claimed and delivered or given up. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Stops taking alerts and waits up to graceMs for those in flight; then cuts their retries short. */
  async close(graceMs = 5_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([this.idle(), expired]);
    clearTimeout(timer);
    this.shutdown.abort();
    await this.idle();
  }

  private async send(alert: BudgetAlert): Promise<void> {
    const id = alertId(alert);
    const claimedAt = this.now();
    const event = alertEvent(alert, claimedAt);
    if (!(await this.claim(id, claimedAt, event))) return;
    const targets = [
      ...this.targets.map((target, i) => ({ target, label: targetLabel(target, 'alerts', i), operator: true })),
      ...(this.teamTargets(alert.team_id) ?? []).map((target, i) => ({
        target,
        label: targetLabel(target, `team ${alert.team_id} alerts`, i),
        operator: false,
      })),
    ];
    this.logger.info({ alert: id, targets: targets.length }, 'budget threshold crossed');
    await Promise.all(targets.map(({ target, label, operator }) => this.deliverOne(id, target, label, event, operator)));
  }

  /** Claims with retries: a database away for a moment should not cost the alert. */
  private async claim(id: string, now: number, event: AlertEvent): Promise<boolean> {
    const payload = JSON.stringify(event);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.store.claim(id, now, payload, event.team_id);
      } catch (err) {
        if (attempt >= this.policy.maxAttempts || this.shutdown.signal.aborted) {
          // Not sending is the safe side: sending unclaimed could repeat the alert from every replica.
          this.logger.error({ alert: id, attempts: attempt, err: safeErrorText(err) }, 'could not record budget alert: not sent');
          return false;
        }
        await this.backoff(attempt);
      }
    }
  }

  /** operator: a target from the config file, whose answers may be quoted in errors (not a team's). */
  private async deliverOne(id: string, target: AlertTarget, label: string, event: AlertEvent, operator: boolean): Promise<void> {
    let outcome: DeliveryOutcome;
    try {
      outcome = await deliver(this.http, target, event, this.policy, {
        signal: this.shutdown.signal,
        now: this.now,
        random: this.random,
        quoteAnswer: operator,
      });
    } catch (err) {
      outcome = { ok: false, attempts: 1, error: `internal error (${safeErrorText(err)})` };
    }
    if (outcome.ok) this.logger.info({ alert: id, target: label, attempts: outcome.attempts }, 'budget alert delivered');
    else this.logger.warn({ alert: id, target: label, attempts: outcome.attempts, error: outcome.error }, 'budget alert not delivered');
    try {
      await this.store.recordDelivery(id, label, outcome.ok, outcome.attempts, outcome.error, this.now());
    } catch (err) {
      this.logger.warn({ alert: id, target: label, err: safeErrorText(err) }, 'could not record budget alert delivery');
    }
  }

  private backoff(attempt: number): Promise<void> {
    const ceiling = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1));
    const delay = ceiling / 2 + this.random() * (ceiling / 2);
    const signal = this.shutdown.signal;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, delay);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
