/** The gateway-kept histograms: OpenTelemetry's bucket rule (upper bounds inclusive), the bound on label sets, and the data points a reader gets. */
import { describe, expect, it } from 'vitest';
import { HistogramCell, HistogramFamily, histogramProducer } from './histograms.js';

describe('HistogramCell', () => {
  it('counts a value equal to a boundary in that boundary’s bucket, and past the last in the overflow bucket', () => {
    const cell = new HistogramCell({}, [1, 4, 16]);
    for (const v of [0, 1, 1.5, 4, 16, 17, 1000]) cell.record(v);
    expect(cell.counts).toEqual([2, 2, 1, 2]);
    expect(cell).toMatchObject({ count: 7, sum: 1039.5, min: 0, max: 1000 });
  });
});

describe('HistogramFamily', () => {
  it('keeps at most maxCells label sets and shares one overflow cell past it', async () => {
    const family = new HistogramFamily({ name: 'h', unit: 's', description: 'd', boundaries: [1] }, 2);
    const cells = ['a', 'b', 'c', 'd'].map((team) => family.cell({ team }));
    for (const cell of cells) cell.record(0.5);
    expect(family.size).toBe(2);
    expect(cells[2]).toBe(cells[3]);
    const { resourceMetrics } = await histogramProducer([family], 'test').collect();
    const points = resourceMetrics.scopeMetrics[0]!.metrics[0]!.dataPoints;
    expect(points.map((p) => [p.attributes, (p.value as { count: number }).count])).toEqual([
      [{ team: 'a' }, 1],
      [{ team: 'b' }, 1],
      [{ 'otel.metric.overflow': true }, 2],
    ]);
  });

  it('hands readers a copy of the counts, and leaves out label sets without values', async () => {
    const family = new HistogramFamily({ name: 'h', unit: 's', description: 'd', boundaries: [1] }, 10);
    const used = family.cell({ team: 'a' });
    family.cell({ team: 'idle' });
    used.record(2);
    const producer = histogramProducer([family], 'test');
    const first = (await producer.collect()).resourceMetrics.scopeMetrics[0]!.metrics[0]!.dataPoints;
    used.record(2);
    expect(first).toHaveLength(1);
    expect((first[0]!.value as { buckets: { counts: number[] } }).buckets.counts).toEqual([0, 1]);
  });
});
