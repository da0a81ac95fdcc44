/** The observable instruments: read from their sources only at collection time, user budgets only with end-user labels, and gauges other features register. */
import { MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { type BudgetUse, type GaugeSources, registerBuiltInGauges, registerGauge } from './gauges.js';
import { METRIC } from './instruments.js';

class MemoryReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

function values(metrics: ResourceMetrics, name: string) {
  const metric = metrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name);
  return (metric?.dataPoints ?? []).map((p) => ({ attributes: p.attributes, value: p.value }));
}

const budgets: BudgetUse[] = [
  { scope: 'team', id: 'team_a', period: 'month', unit: 'usd', ratio: 0.25 },
  { scope: 'user', id: 'team_a:alice', period: 'day', unit: 'tokens', ratio: 0.5 },
];

function setup(endUserLabels: boolean) {
  const reader = new MemoryReader();
  const meter = new MeterProvider({ readers: [reader] }).getMeter('test');
  let reads = 0;
  const sources: GaugeSources = {
    requestLogQueued: () => {
      reads++;
      return 7;
    },
    requestLogDropped: () => 2,
    droppedSpans: () => 0,
    budgets: () => budgets,
    breakers: () => [{ target: 'sim/gpt-x', state: 'open' }],
  };
  registerBuiltInGauges(meter, sources, { endUserLabels });
  return { meter, reader, reads: () => reads };
}

describe('built-in gauges', () => {
  it('reads the sources at collection time only', async () => {
    const { reader, reads } = setup(false);
    expect(reads()).toBe(0);
    const { resourceMetrics } = await reader.collect();
    expect(reads()).toBe(1);
    expect(values(resourceMetrics, METRIC.requestLogQueued)).toEqual([{ attributes: {}, value: 7 }]);
    expect(values(resourceMetrics, METRIC.requestLogDropped)).toEqual([{ attributes: {}, value: 2 }]);
    expect(values(resourceMetrics, METRIC.breakersOpen)).toEqual([
      { attributes: { 'switchboard.target': 'sim/gpt-x', 'switchboard.breaker.state': 'open' }, value: 1 },
    ]);
  });

  it('shows user budgets only with end-user labels', async () => {
    const without = (await setup(false).reader.collect()).resourceMetrics;
    expect(values(without, METRIC.budgetUse)).toEqual([
      {
        attributes: {
          'switchboard.budget.scope': 'team',
          'switchboard.budget.id': 'team_a',
          'switchboard.budget.period': 'month',
          'switchboard.budget.unit': 'usd',
        },
        value: 0.25,
      },
    ]);
    const withUsers = (await setup(true).reader.collect()).resourceMetrics;
    expect(values(withUsers, METRIC.budgetUse).map((v) => v.attributes['switchboard.budget.id'])).toEqual(['team_a', 'team_a:alice']);
  });

  it('takes gauges registered by other features', async () => {
    const { meter, reader } = setup(false);
    registerGauge(meter, {
      name: 'switchboard.cache.entries',
      unit: '{entry}',
      description: 'Entries in the cache.',
      observe: () => [{ value: 42, attributes: { kind: 'exact' } }],
    });
    const { resourceMetrics } = await reader.collect();
    expect(values(resourceMetrics, 'switchboard.cache.entries')).toEqual([{ attributes: { kind: 'exact' }, value: 42 }]);
  });
});
