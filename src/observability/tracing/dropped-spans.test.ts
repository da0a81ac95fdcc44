import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { type Config, configSchema } from '../../config/schema.js';
import { startExportPipeline } from './export-pipeline.js';
import type { TraceSettings } from './otel-env.js';

const settings: TraceSettings = {
  url: 'http://127.0.0.1:1/v1/traces',
  protocol: 'http/protobuf',
  headers: {},
  timeoutMs: 1000,
  serviceName: 'test',
  resourceAttributes: {},
  sampler: { kind: 'always_on', ratio: 1 },
};

function traces(over: Record<string, unknown>): Config['observability']['traces'] {
  return configSchema.parse({ providers: [{ id: 'oa', type: 'openai', api_key: 'k' }], observability: { traces: over } }).observability.traces;
}

/** An exporter that answers each export with `code`, or holds it until released. */
class FakeExporter implements SpanExporter {
  readonly held: ((result: ExportResult) => void)[] = [];
  exported = 0;
  constructor(private readonly code?: ExportResultCode) {}
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.exported += spans.length;
    if (this.code === undefined) this.held.push(done);
    else done({ code: this.code });
  }
  async shutdown(): Promise<void> {}
}

describe('dropped spans', () => {
  it('counts spans refused by a full queue', async () => {
    const exporter = new FakeExporter();
    const pipeline = startExportPipeline(settings, traces({ max_queue_size: 2, max_export_batch_size: 2, schedule_delay_ms: 60_000 }), exporter);
    // Two spans fill the queue and leave in one (held) export; the next two fill it again; one more has no room.
    for (let i = 0; i < 5; i++) pipeline.tracer.startSpan(`s${i}`).end();
    expect(exporter.exported).toBe(2);
    expect(pipeline.counts.dropped).toBe(1);
    expect(pipeline.counts.queued).toBe(2);
    for (const done of exporter.held) done({ code: ExportResultCode.SUCCESS });
  });

  it('counts the spans of failed exports, and none of successful ones', async () => {
    const failing = new FakeExporter(ExportResultCode.FAILED);
    const pipeline = startExportPipeline(settings, traces({ schedule_delay_ms: 60_000 }), failing);
    for (let i = 0; i < 3; i++) pipeline.tracer.startSpan(`s${i}`).end();
    await pipeline.flush().catch(() => {});
    expect(pipeline.counts.dropped).toBe(3);
    expect(pipeline.counts.queued).toBe(0);

    const working = new FakeExporter(ExportResultCode.SUCCESS);
    const ok = startExportPipeline(settings, traces({ schedule_delay_ms: 60_000 }), working);
    for (let i = 0; i < 3; i++) ok.tracer.startSpan(`s${i}`).end();
    await ok.flush();
    expect(working.exported).toBe(3);
    expect(ok.counts.dropped).toBe(0);
  });
});
