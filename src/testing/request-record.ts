/** A request-log record for tests of the request log's stores, admin routes and CLI: a plain successful chat call unless `over` says otherwise. */
import type { RequestRecord } from '../observability/request-record.js';

/** The record of a successful non-streamed chat call to alias `fast`, served by provider `sim` (sim-small), with `over` applied. */
export function testRequestRecord(id: string, time: number, over: Partial<RequestRecord> = {}): RequestRecord {
  return {
    id,
    time,
    operation: 'chat',
    ingress: 'openai',
    stream: false,
    modelRequested: 'fast',
    provider: 'sim',
    providerType: 'openai',
    modelServed: 'sim-small',
    status: 200,
    attempts: 1,
    gatewayMs: 1,
    totalMs: 100,
    ...over,
  };
}
