/**
 * Observable instruments read at collection time (a scrape or an export), never on the request
 * path: the request log's queue and drops, dropped spans, budget use, open breakers, and the
 * gauges other features register (registerGauge).
 */
import type { Attributes, Meter } from '@opentelemetry/api';
import { METRIC } from './instruments.js';

/** One budget's use, as governance last saw it settle. */
export interface BudgetUse {
  scope: 'team' | 'project' | 'key' | 'user';
  /** The scope's id (team, project or key id; `OWNER_ID:END_USER` for a user budget). */
  id: string;
  period: string;
  unit: 'usd' | 'tokens';
  /** Settled spend over the cap (1 = used up). */
  ratio: number;
}

/** One circuit breaker that is not closed. */
export interface OpenBreaker {
  /** The target's PROVIDER_ID/MODEL. */
  target: string;
  state: 'open' | 'half_open';
}

/** Read at collection time: the counts the gateway's parts keep. */
export interface GaugeSources {
  requestLogQueued(): number;
  requestLogDropped(): number;
  droppedSpans(): number;
  /** Budgets and their use (governance); empty when none settled yet. */
  budgets?(): Iterable<BudgetUse>;
  /** Breakers not closed (routing). */
  breakers?(): Iterable<OpenBreaker>;
}

/** A gauge another feature registers: its name (`switchboard.*`), unit, description, and the values it reports. */
export interface GaugeRegistration {
  name: string;
  unit?: string;
  description: string;
  /** Called at each collection: the current values, each with its (bounded) labels. */
  observe(): Iterable<{ value: number; attributes?: Attributes }>;
}

/** Registers the built-in observable instruments on the meter. */
export function registerBuiltInGauges(meter: Meter, sources: GaugeSources, options: { endUserLabels: boolean }): void {
  meter
    .createObservableGauge(METRIC.requestLogQueued, { unit: '{record}', description: 'Request-log records waiting to be written.' })
    .addCallback((result) => result.observe(sources.requestLogQueued()));
  meter
    .createObservableCounter(METRIC.requestLogDropped, { unit: '{record}', description: 'Request-log records dropped because the writer could not keep up.' })
    .addCallback((result) => result.observe(sources.requestLogDropped()));
  meter
    .createObservableCounter(METRIC.droppedSpans, { unit: '{span}', description: 'Spans dropped: the export queue was full or an export failed.' })
    .addCallback((result) => result.observe(sources.droppedSpans()));
  const budgets = sources.budgets;
  if (budgets) {
    meter
      .createObservableGauge(METRIC.budgetUse, { unit: '1', description: 'Settled spend over the cap of each budget in its current period (1 = used up).' })
      .addCallback((result) => {
        for (const use of budgets()) {
          if (use.scope === 'user' && !options.endUserLabels) continue;
          result.observe(use.ratio, {
            'switchboard.budget.scope': use.scope,
            'switchboard.budget.id': use.id,
            'switchboard.budget.period': use.period,
            'switchboard.budget.unit': use.unit,
          });
        }
      });
  }
  const breakers = sources.breakers;
  if (breakers) {
    meter
      .createObservableGauge(METRIC.breakersOpen, { unit: '{breaker}', description: 'Circuit breakers not closed, per target (1 while open or half-open).' })
      .addCallback((result) => {
        for (const breaker of breakers()) result.observe(1, { 'switchboard.target': breaker.target, 'switchboard.breaker.state': breaker.state });
      });
  }
}

/** Registers a feature's gauge (cache hits ratio, guardrail queue...): read only at collection time. */
export function registerGauge(meter: Meter, gauge: GaugeRegistration): void {
  meter.createObservableGauge(gauge.name, { unit: gauge.unit, description: gauge.description }).addCallback((result) => {
    for (const { value, attributes } of gauge.observe()) result.observe(value, attributes);
  });
}
