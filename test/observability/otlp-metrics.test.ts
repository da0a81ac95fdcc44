/**
 * The OTLP push of metrics: a receiver on loopback gets the same instruments /metrics shows,
 * as OTLP/HTTP JSON (decoded and checked here) and as protobuf (content type and metric names
 * in the body), with the headers the config sets.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { chat, PRICED_MODELS, pricedProvider, waitFor } from '../governance/helpers.js';

interface Received {
  path: string;
  type: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

let receiver: Server;
const received: Received[] = [];
const stacks: TestStack[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', type: req.headers['content-type'] ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/json' });
      res.end(req.headers['content-type']?.includes('json') ? '{}' : '');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  for (const stack of stacks) await stack.close();
  await new Promise((resolve) => receiver.close(resolve));
});

async function gateway(protocol: 'http/json' | 'http/protobuf'): Promise<TestStack> {
  // One base path per gateway: both keep pushing while the other test runs.
  const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/${protocol.replace('/', '-')}`;
  const stack = await startStack({
    providers: [pricedProvider()],
    models: PRICED_MODELS,
    extra: { observability: { otlp: { endpoint, protocol, headers: { 'x-backend-key': 'k-123' } }, metrics: { otlp_interval_ms: 200 } } },
  });
  stacks.push(stack);
  return stack;
}

interface OtlpJson {
  resourceMetrics?: Array<{ scopeMetrics: Array<{ metrics: Array<{ name: string }> }> }>;
}

function metricNames(body: OtlpJson): string[] {
  return (body.resourceMetrics ?? []).flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics.map((m) => m.name)));
}

describe('OTLP metrics push', () => {
  it('sends the GenAI and gateway metrics as OTLP/HTTP JSON with the configured headers', async () => {
    const stack = await gateway('http/json');
    expect((await chat(stack.url, 'unused', { maxTokens: 3 })).status).toBe(200);
    const push = await waitFor('an OTLP JSON export with the request', async () =>
      // An export's counters and histograms are read a moment apart: wait for one holding both.
      received.find((r) => {
        if (r.path !== '/http-json/v1/metrics') return false;
        const names = metricNames(JSON.parse(r.body.toString()));
        return names.includes('gen_ai.client.operation.duration') && names.includes('switchboard.requests');
      }),
    );
    expect(push.type).toContain('application/json');
    expect(push.headers['x-backend-key']).toBe('k-123');
    const body = JSON.parse(push.body.toString());
    expect(metricNames(body), JSON.stringify(metricNames(body))).toEqual(
      expect.arrayContaining(['gen_ai.client.token.usage', 'switchboard.requests', 'switchboard.spend.usd']),
    );
    const service = body.resourceMetrics[0].resource.attributes.find((a: { key: string }) => a.key === 'service.name');
    expect(service.value.stringValue).toBe('switchboard');
  });

  it('sends protobuf with protocol http/protobuf', async () => {
    const stack = await gateway('http/protobuf');
    expect((await chat(stack.url, 'unused', { maxTokens: 3 })).status).toBe(200);
    const push = await waitFor('an OTLP protobuf export with the request', async () =>
      received.find(
        (r) => r.path === '/http-protobuf/v1/metrics' && r.body.includes('gen_ai.client.operation.duration') && r.body.includes('switchboard.requests'),
      ),
    );
    expect(push.type).toBe('application/x-protobuf');
    expect(push.body.includes('switchboard.spend.usd')).toBe(true);
  });
});
