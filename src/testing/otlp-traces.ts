/**
 * Test-only OTLP trace receiving: a decoder for ExportTraceServiceRequest bodies, protobuf (a
 * small wire-format reader for the fields tests check) or OTLP/JSON, into one plain shape, and an
 * HTTP receiver on loopback that keeps every body it was sent. @opentelemetry/otlp-transformer
 * only serializes, so the protobuf side is read here by field number
 * (opentelemetry-proto trace/v1/trace.proto, common/v1/common.proto).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An attribute value with its OTLP type, so tests can check types as well as values. */
export type AnyValue =
  | { type: 'string'; value: string }
  | { type: 'bool'; value: boolean }
  | { type: 'int'; value: number }
  | { type: 'double'; value: number }
  | { type: 'array'; value: AnyValue[] }
  | { type: 'bytes'; value: Buffer }
  | { type: 'kvlist'; value: Record<string, AnyValue> };

/** One exported span event. */
export interface DecodedEvent {
  name: string;
  timeUnixNano: bigint;
  attributes: Record<string, AnyValue>;
}

/** One exported span. */
export interface DecodedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState: string;
  name: string;
  /** 1 internal, 2 server, 3 client (SpanKind in the proto, which starts at 1). */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Record<string, AnyValue>;
  events: DecodedEvent[];
  /** 0 unset, 1 ok, 2 error. */
  statusCode: number;
  resource: Record<string, AnyValue>;
}

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = this.buf[this.pos++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  }

  fixed64(): bigint {
    const value = this.buf.readBigUInt64LE(this.pos);
    this.pos += 8;
    return value;
  }

  bytes(): Buffer {
    const length = Number(this.varint());
    const out = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }

  /** Calls `field` for each field; unknown ones are skipped by returning false. */
  fields(field: (number: number, wire: number) => boolean): void {
    while (!this.done) {
      const tag = Number(this.varint());
      const wire = tag & 7;
      if (!field(tag >>> 3, wire)) this.skip(wire);
    }
  }
}

function anyValue(buf: Buffer): AnyValue {
  const r = new Reader(buf);
  let value: AnyValue = { type: 'string', value: '' };
  r.fields((n) => {
    if (n === 1) value = { type: 'string', value: r.bytes().toString('utf8') };
    else if (n === 2) value = { type: 'bool', value: r.varint() !== 0n };
    else if (n === 3) value = { type: 'int', value: Number(BigInt.asIntN(64, r.varint())) };
    else if (n === 4) {
      value = { type: 'double', value: r.buf.readDoubleLE(r.pos) };
      r.pos += 8;
    } else if (n === 5) value = { type: 'array', value: repeated(r.bytes(), 1).map(anyValue) };
    else if (n === 6) value = { type: 'kvlist', value: keyValues(repeated(r.bytes(), 1)) };
    else if (n === 7) value = { type: 'bytes', value: Buffer.from(r.bytes()) };
    else return false;
    return true;
  });
  return value;
}

/** The length-delimited fields numbered `field` of a message. */
function repeated(buf: Buffer, field: number): Buffer[] {
  const out: Buffer[] = [];
  const r = new Reader(buf);
  r.fields((n, wire) => {
    if (n !== field || wire !== 2) return false;
    out.push(r.bytes());
    return true;
  });
  return out;
}

function keyValues(list: Buffer[]): Record<string, AnyValue> {
  const out: Record<string, AnyValue> = {};
  for (const buf of list) {
    const r = new Reader(buf);
    let key = '';
    let value: AnyValue = { type: 'string', value: '' };
    r.fields((n) => {
      if (n === 1) key = r.bytes().toString('utf8');
      else if (n === 2) value = anyValue(r.bytes());
      else return false;
      return true;
    });
    out[key] = value;
  }
  return out;
}

function decodeEvent(buf: Buffer): DecodedEvent {
  const r = new Reader(buf);
  const event: DecodedEvent = { name: '', timeUnixNano: 0n, attributes: {} };
  const attrs: Buffer[] = [];
  r.fields((n) => {
    if (n === 1) event.timeUnixNano = r.fixed64();
    else if (n === 2) event.name = r.bytes().toString('utf8');
    else if (n === 3) attrs.push(r.bytes());
    else return false;
    return true;
  });
  event.attributes = keyValues(attrs);
  return event;
}

function statusCode(buf: Buffer): number {
  let code = 0;
  const r = new Reader(buf);
  r.fields((n) => {
    if (n !== 3) return false;
    code = Number(r.varint());
    return true;
  });
  return code;
}

function decodeSpan(buf: Buffer, resource: Record<string, AnyValue>): DecodedSpan {
  const r = new Reader(buf);
  const span: DecodedSpan = {
    traceId: '',
    spanId: '',
    parentSpanId: '',
    traceState: '',
    name: '',
    kind: 0,
    startTimeUnixNano: 0n,
    endTimeUnixNano: 0n,
    attributes: {},
    events: [],
    statusCode: 0,
    resource,
  };
  const attrs: Buffer[] = [];
  r.fields((n) => {
    if (n === 1) span.traceId = r.bytes().toString('hex');
    else if (n === 2) span.spanId = r.bytes().toString('hex');
    else if (n === 3) span.traceState = r.bytes().toString('utf8');
    else if (n === 4) span.parentSpanId = r.bytes().toString('hex');
    else if (n === 5) span.name = r.bytes().toString('utf8');
    else if (n === 6) span.kind = Number(r.varint());
    else if (n === 7) span.startTimeUnixNano = r.fixed64();
    else if (n === 8) span.endTimeUnixNano = r.fixed64();
    else if (n === 9) attrs.push(r.bytes());
    else if (n === 11) span.events.push(decodeEvent(r.bytes()));
    else if (n === 15) span.statusCode = statusCode(r.bytes());
    else return false;
    return true;
  });
  span.attributes = keyValues(attrs);
  return span;
}

/** Decodes a protobuf ExportTraceServiceRequest into its spans. */
export function decodeProtobufTraces(body: Buffer): DecodedSpan[] {
  const spans: DecodedSpan[] = [];
  for (const resourceSpans of repeated(body, 1)) {
    const resourceBuf = repeated(resourceSpans, 1)[0];
    const resource = resourceBuf ? keyValues(repeated(resourceBuf, 1)) : {};
    for (const scopeSpans of repeated(resourceSpans, 2)) for (const span of repeated(scopeSpans, 2)) spans.push(decodeSpan(span, resource));
  }
  return spans;
}

interface JsonAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: JsonAnyValue[] };
  kvlistValue?: { values?: JsonKeyValue[] };
  bytesValue?: string;
}
interface JsonKeyValue {
  key: string;
  value: JsonAnyValue;
}

function jsonValue(v: JsonAnyValue): AnyValue {
  if (v.stringValue !== undefined) return { type: 'string', value: v.stringValue };
  if (v.boolValue !== undefined) return { type: 'bool', value: v.boolValue };
  if (v.intValue !== undefined) return { type: 'int', value: Number(v.intValue) };
  if (v.doubleValue !== undefined) return { type: 'double', value: v.doubleValue };
  if (v.arrayValue) return { type: 'array', value: (v.arrayValue.values ?? []).map(jsonValue) };
  if (v.kvlistValue) return { type: 'kvlist', value: jsonKeyValues(v.kvlistValue.values) };
  if (v.bytesValue !== undefined) return { type: 'bytes', value: Buffer.from(v.bytesValue, 'base64') };
  return { type: 'string', value: '' };
}

function jsonKeyValues(list: JsonKeyValue[] | undefined): Record<string, AnyValue> {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, jsonValue(kv.value)]));
}

/** Decodes an OTLP/JSON ExportTraceServiceRequest (ids in hex, as OTLP/JSON writes them) into its spans. */
export function decodeJsonTraces(body: Buffer): DecodedSpan[] {
  // biome-ignore lint/suspicious/noExplicitAny: the OTLP/JSON document is read field by field below.
  const doc = JSON.parse(body.toString('utf8')) as any;
  const spans: DecodedSpan[] = [];
  for (const rs of doc.resourceSpans ?? []) {
    const resource = jsonKeyValues(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? [])
      for (const s of ss.spans ?? [])
        spans.push({
          traceId: s.traceId ?? '',
          spanId: s.spanId ?? '',
          parentSpanId: s.parentSpanId ?? '',
          traceState: s.traceState ?? '',
          name: s.name,
          kind: s.kind ?? 0,
          startTimeUnixNano: BigInt(s.startTimeUnixNano ?? 0),
          endTimeUnixNano: BigInt(s.endTimeUnixNano ?? 0),
          attributes: jsonKeyValues(s.attributes),
          events: (s.events ?? []).map((e: { name: string; timeUnixNano?: string; attributes?: JsonKeyValue[] }) => ({
            name: e.name,
            timeUnixNano: BigInt(e.timeUnixNano ?? 0),
            attributes: jsonKeyValues(e.attributes),
          })),
          statusCode: s.status?.code ?? 0,
          resource,
        });
  }
  return spans;
}

/** One export the receiver got: its content type, raw bytes and spans. */
export interface ReceivedExport {
  contentType: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  spans: DecodedSpan[];
}

/** A loopback OTLP/HTTP trace receiver. */
export interface OtlpReceiver {
  /** Base URL, e.g. http://127.0.0.1:PORT (the exporter appends /v1/traces). */
  url: string;
  exports: ReceivedExport[];
  /** Every span received so far. */
  spans(): DecodedSpan[];
  /** Resolves once `predicate` holds for the spans received (checked on each export). */
  waitFor(predicate: (spans: DecodedSpan[]) => boolean): Promise<DecodedSpan[]>;
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1 (port 0) answering POST /v1/traces with 200 and an empty response. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const exports: ReceivedExport[] = [];
  const waiters: { predicate: (spans: DecodedSpan[]) => boolean; resolve: (spans: DecodedSpan[]) => void }[] = [];
  const all = () => exports.flatMap((e) => e.spans);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const contentType = req.headers['content-type'] ?? '';
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      const spans = contentType.includes('json') ? decodeJsonTraces(body) : decodeProtobufTraces(body);
      exports.push({ contentType, headers: req.headers, body, spans });
      if (contentType.includes('json')) res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      else res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      const now = all();
      for (let i = waiters.length - 1; i >= 0; i--) {
        const waiter = waiters[i]!;
        if (waiter.predicate(now)) {
          waiters.splice(i, 1);
          waiter.resolve(now);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exports,
    spans: all,
    waitFor(predicate) {
      const now = all();
      if (predicate(now)) return Promise.resolve(now);
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A span attribute's plain value (tests compare values; `.type` checks the OTLP type). */
export function attr(span: DecodedSpan, key: string): unknown {
  const value = span.attributes[key];
  if (!value) return undefined;
  return value.type === 'array' ? value.value.map((v) => v.value) : value.value;
}
