/**
 * GET /admin/v1/targets: every configured alias's targets, then the direct PROVIDER/MODEL calls
 * the gateway has seen, each with its circuit breaker and running statistics. Owner only: it
 * names every provider, upstream model and region in the config, which team keys may not see.
 */
import type { RuntimePlan } from '../../config/compile.js';
import type { BreakerSnapshot } from '../../routing/breakers.js';
import type { TargetStatsSnapshot } from '../../routing/target-stats.js';
import { requireOwner } from '../auth.js';
import { type AdminHandler, json } from '../call.js';
import { AdminError } from '../errors.js';
import { iso } from '../serialize.js';

const CLOSED: BreakerSnapshot = { key: '', state: 'closed', consecutiveFailures: 0, errorRate: 0, samples: 0, openedAt: null, retryInMs: 0, remote: false };

function breakerOut(b: BreakerSnapshot | undefined) {
  const s = b ?? CLOSED;
  return {
    state: s.state,
    consecutive_failures: s.consecutiveFailures,
    error_rate: round(s.errorRate, 4),
    samples: s.samples,
    opened_at: iso(s.openedAt),
    retry_in_ms: Math.max(0, Math.ceil(s.retryInMs)),
    remote: s.remote,
  };
}

function statsOut(s: TargetStatsSnapshot | undefined) {
  return {
    latency_ms: s?.latencyMs == null ? null : round(s.latencyMs, 1),
    in_flight: s?.inFlight ?? 0,
    headroom: s?.headroom == null ? null : round(s.headroom, 4),
  };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** A direct call's row: its provider's region and tags, the routing defaults' breaker. */
function directRow(plan: RuntimePlan, key: string) {
  const slash = key.indexOf('/');
  const providerId = slash < 0 ? key : key.slice(0, slash);
  const provider = plan.providers.get(providerId);
  return {
    object: 'target' as const,
    alias: null,
    provider: providerId,
    model: slash < 0 ? '' : key.slice(slash + 1),
    key,
    region: provider?.region ?? null,
    tags: provider?.tags ?? [],
    weight: null,
    breaker_enabled: plan.config.routing.breaker !== false,
  };
}

const listTargets: AdminHandler = async ({ principal: p, deps, now }) => {
  requireOwner(p, 'reads target health');
  const view = deps.routing;
  if (!view) throw new AdminError('not_found', 'Target health is not available on this gateway.');
  const breakers = new Map(view.breakers.snapshot(now).map((b) => [b.key, b]));
  const stats = new Map(view.stats.snapshot(now).map((s) => [s.key, s]));
  const configured = new Set<string>();
  const data: unknown[] = [];
  for (const group of view.plan.groups.values()) {
    for (const t of group.targets) {
      configured.add(t.key);
      data.push({
        object: 'target',
        alias: group.name,
        provider: t.providerId,
        model: t.model,
        key: t.key,
        region: t.region ?? null,
        tags: t.tags,
        weight: t.weight,
        breaker_enabled: group.breaker !== null,
        breaker: breakerOut(breakers.get(t.key)),
        stats: statsOut(stats.get(t.key)),
      });
    }
  }
  const direct = new Set<string>();
  for (const key of breakers.keys()) if (!configured.has(key)) direct.add(key);
  for (const key of stats.keys()) if (!configured.has(key)) direct.add(key);
  for (const key of [...direct].sort()) data.push({ ...directRow(view.plan, key), breaker: breakerOut(breakers.get(key)), stats: statsOut(stats.get(key)) });
  return json(200, { object: 'list', data, has_more: false });
};

/** Handler of /admin/v1/targets. */
export const targetRoutes = { collection: { GET: listTargets } };
