/**
 * Counting what never reaches the backend: spans the batch processor refuses because its queue is
 * full, and spans of exports that failed (endpoint down, timeout, rejected). The SDK's processor
 * keeps the first count only for a log line, so two thin wrappers keep both.
 */
import type { Context } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace';

/** The running counts: spans waiting in the processor's queue and spans lost. */
export class DropCounter {
  queued = 0;
  dropped = 0;
}

/** An exporter that counts the spans of failed exports as dropped and frees their queue places. */
export class CountingExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly counts: DropCounter,
    /** Told of each failed export (for a rate-limited log line). */
    private readonly onFailure?: (error: Error | undefined) => void,
  ) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    // The processor hands spans over synchronously as it takes them off its queue.
    this.counts.queued = Math.max(0, this.counts.queued - spans.length);
    this.inner.export(spans, (result) => {
      if (result.code !== ExportResultCode.SUCCESS) {
        this.counts.dropped += spans.length;
        this.onFailure?.(result.error);
      }
      done(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/** Wraps the batch processor: a span ended while its queue is full is counted (the processor drops it). */
export class CountingProcessor implements SpanProcessor {
  constructor(
    private readonly inner: SpanProcessor,
    private readonly counts: DropCounter,
    private readonly maxQueueSize: number,
  ) {}

  onStart(span: Span, parent: Context): void {
    this.inner.onStart(span, parent);
  }

  onEnd(span: ReadableSpan): void {
    if (this.counts.queued >= this.maxQueueSize) this.counts.dropped++;
    else this.counts.queued++;
    this.inner.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}
