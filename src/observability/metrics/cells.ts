/**
 * Bounded per-label-set state kept by the metrics observer, so that the request path does a map
 * lookup and an addition instead of handing the SDK a fresh attribute object to hash:
 * - CounterCells: the running total of one counter per label set, reported through an
 *   observable counter at collection time (Prometheus scrape or OTLP export).
 * - AttributeCache: one frozen attribute object per label set, for histogram records.
 * Both hold at most `max` label sets; past it, new ones share one overflow set
 * (`otel.metric.overflow: true`, as the SDK's own cardinality limit does), so a flood of new
 * label values costs a bounded amount of memory and is still counted.
 */
import type { Attributes, ObservableResult } from '@opentelemetry/api';

/** The attribute set new label sets share once a cache is full. */
export const OVERFLOW_ATTRIBUTES: Attributes = Object.freeze({ 'otel.metric.overflow': true });

/** One counter's running total for one label set. */
export interface CounterCell {
  readonly attributes: Attributes;
  value: number;
}

/** The running totals of one counter, by label-set key. */
export class CounterCells {
  private readonly cells = new Map<string, CounterCell>();
  private overflow?: CounterCell;

  constructor(private readonly max: number) {}

  /** The cell for `key`, or undefined when there is none yet (the caller builds the attributes and calls add). */
  get(key: string): CounterCell | undefined {
    return this.cells.get(key);
  }

  /** Creates the cell for `key` with these attributes (the overflow cell when full). */
  add(key: string, attributes: Attributes): CounterCell {
    if (this.cells.size >= this.max) {
      this.overflow ??= { attributes: OVERFLOW_ATTRIBUTES, value: 0 };
      return this.overflow;
    }
    const cell: CounterCell = { attributes: Object.freeze(attributes), value: 0 };
    this.cells.set(key, cell);
    return cell;
  }

  /** Reports every cell's total (an observable counter's callback). */
  observe(result: ObservableResult): void {
    for (const cell of this.cells.values()) result.observe(cell.value, cell.attributes);
    if (this.overflow) result.observe(this.overflow.value, this.overflow.attributes);
  }

  /** Label sets held (tests: the bound holds). */
  get size(): number {
    return this.cells.size;
  }
}

/** Built attribute objects by label-set key, bounded like CounterCells. */
export class AttributeCache<T> {
  private readonly entries = new Map<string, T>();

  constructor(
    private readonly max: number,
    private readonly overflow: T,
  ) {}

  /** The entry for `key`, or undefined. */
  get(key: string): T | undefined {
    return this.entries.get(key);
  }

  /** Keeps `value` under `key` and returns it, or returns the overflow entry when full. */
  add(key: string, value: T): T {
    if (this.entries.size >= this.max) return this.overflow;
    this.entries.set(key, value);
    return value;
  }

  /** Label sets held. */
  get size(): number {
    return this.entries.size;
  }
}
