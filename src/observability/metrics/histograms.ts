/**
 * Explicit-bucket histograms kept by the gateway itself and handed to the OpenTelemetry readers
 * as a MetricProducer. A record is a short bucket scan and four additions on a cell built once
 * per label set; the SDK's own Histogram.record hashes its attribute object on every call
 * (sorting and JSON-encoding the keys, about 1.5 µs each), which on every request would cost
 * more than the rest of the observer together. The readers (Prometheus, OTLP) see the same
 * cumulative data points the SDK would have produced.
 */
import { type Attributes, ValueType } from '@opentelemetry/api';
import { hrTime } from '@opentelemetry/core';
import { emptyResource } from '@opentelemetry/resources';
import { AggregationTemporality, type CollectionResult, DataPointType, type HistogramMetricData, type MetricProducer } from '@opentelemetry/sdk-metrics';
import { OVERFLOW_ATTRIBUTES } from './cells.js';

/** One label set's histogram: bucket counts (upper bounds inclusive, as OpenTelemetry's), sum, count, min and max. */
export class HistogramCell {
  readonly counts: number[];
  sum = 0;
  count = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;

  constructor(
    readonly attributes: Attributes,
    private readonly boundaries: readonly number[],
  ) {
    this.counts = new Array<number>(boundaries.length + 1).fill(0);
  }

  /** Adds one value. */
  record(value: number): void {
    const boundaries = this.boundaries;
    let i = 0;
    while (i < boundaries.length && value > boundaries[i]!) i++;
    this.counts[i]!++;
    this.sum += value;
    this.count++;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }
}

/** What a histogram is called and how it is bucketed. */
export interface HistogramSpec {
  name: string;
  unit: string;
  description: string;
  boundaries: readonly number[];
}

/** One histogram metric: its cells by label set, bounded. */
export class HistogramFamily {
  private readonly cells: HistogramCell[] = [];
  private overflow?: HistogramCell;

  constructor(
    readonly spec: HistogramSpec,
    private readonly maxCells: number,
  ) {}

  /** The cell label sets share once the family is full (reported only once it has values). */
  overflowCell(): HistogramCell {
    this.overflow ??= new HistogramCell(OVERFLOW_ATTRIBUTES, this.spec.boundaries);
    return this.overflow;
  }

  /** A new cell for a label set (the caller keeps it); the shared overflow cell once full. */
  cell(attributes: Attributes): HistogramCell {
    if (this.cells.length >= this.maxCells) return this.overflowCell();
    const cell = new HistogramCell(Object.freeze(attributes), this.spec.boundaries);
    this.cells.push(cell);
    return cell;
  }

  /** The metric data of every cell that has values, copied (an export may read it after the next record). */
  collect(startTime: ReturnType<typeof hrTime>, endTime: ReturnType<typeof hrTime>): HistogramMetricData {
    const all = this.overflow ? [...this.cells, this.overflow] : this.cells;
    const boundaries = [...this.spec.boundaries];
    return {
      descriptor: { name: this.spec.name, unit: this.spec.unit, description: this.spec.description, valueType: ValueType.DOUBLE },
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints: all
        .filter((cell) => cell.count > 0)
        .map((cell) => ({
          startTime,
          endTime,
          attributes: cell.attributes,
          value: { buckets: { boundaries, counts: [...cell.counts] }, sum: cell.sum, count: cell.count, min: cell.min, max: cell.max },
        })),
    };
  }

  /** Label sets held (tests: the bound holds). */
  get size(): number {
    return this.cells.length;
  }
}

/** A MetricProducer over these families, for the readers' `metricProducers` (their resource is the SDK's). */
export function histogramProducer(families: readonly HistogramFamily[], scopeName: string): MetricProducer {
  const startTime = hrTime();
  return {
    async collect(): Promise<CollectionResult> {
      const endTime = hrTime();
      return {
        resourceMetrics: {
          // The reader keeps the SDK's resource and ignores this one.
          resource: emptyResource(),
          scopeMetrics: [{ scope: { name: scopeName }, metrics: families.map((family) => family.collect(startTime, endTime)) }],
        },
        errors: [],
      };
    },
  };
}
