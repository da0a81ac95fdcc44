/**
 * A budget alert: what crossed, its once-only id, and the JSON event a webhook receives. The id is
 * built from the budget, the period, the unit and the threshold, so every replica that sees the
 * same crossing computes the same id and the alert store lets only one of them send it.
 */
import type { BudgetScope } from '../store-contract.js';
import type { AlertTarget } from '../types.js';
import type { BudgetUnit } from './thresholds.js';

/** One threshold of one budget crossed in one period. */
export interface BudgetAlert {
  /** The budget's owner: a key, project, team or end user (id `OWNER_ID:END_USER`). */
  scope: Pick<BudgetScope, 'kind' | 'id'>;
  team_id: string;
  /** Display names when known: the scope's (key, project, team or user name) and its team's. */
  scope_name?: string | null;
  team_name?: string | null;
  unit: BudgetUnit;
  cap: number;
  /** Spend in the period after the settlement that crossed the threshold. */
  spent: number;
  /** The fraction of cap crossed, from the budget's alert_at. */
  threshold: number;
  /** From periodOf: 'day:2026-12-06', 'week:2026-11-30', 'month:2026-12' or 'total'. */
  period_id: string;
}

/** The webhook event type of a crossed threshold. */
export const THRESHOLD_EVENT_TYPE = 'budget.threshold_crossed';

/** The JSON body a webhook receives (and the payload recorded with the claim). */
export interface AlertEvent {
  type: typeof THRESHOLD_EVENT_TYPE;
  id: string;
  /** ISO 8601, when the alert was claimed. */
  time: string;
  scope_kind: BudgetScope['kind'];
  scope_id: string;
  scope_name: string | null;
  team_id: string;
  team_name: string | null;
  unit: BudgetUnit;
  cap: number;
  spent: number;
  threshold: number;
  period: string;
}

/** The once-only id: `${kind}:${id}:${periodId}:${unit}:${threshold}`, e.g. `key:k_1:month:2026-12:usd:0.8`. */
export function alertId(alert: BudgetAlert): string {
  return `${alert.scope.kind}:${alert.scope.id}:${alert.period_id}:${alert.unit}:${alert.threshold}`;
}

/** The event for an alert claimed at `now`. */
export function alertEvent(alert: BudgetAlert, now: number): AlertEvent {
  return {
    type: THRESHOLD_EVENT_TYPE,
    id: alertId(alert),
    time: new Date(now).toISOString(),
    scope_kind: alert.scope.kind,
    scope_id: alert.scope.id,
    scope_name: alert.scope_name ?? null,
    team_id: alert.team_id,
    team_name: alert.team_name ?? null,
    unit: alert.unit,
    cap: alert.cap,
    spent: alert.spent,
    threshold: alert.threshold,
    period: alert.period_id,
  };
}

/**
 * How a target is named in logs and delivery records: its type, host and place in the config,
 * never its URL (a Slack webhook URL is a secret; other URLs may carry tokens too).
 */
export function targetLabel(target: AlertTarget, source: string, index: number): string {
  return `${target.type} ${hostOf(target.url)} (${source}[${index}])`;
}

/** The host of a URL, or '?' when it does not parse. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '?';
  }
}
