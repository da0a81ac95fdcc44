/**
 * Issue 7, alerts end to end: a key's budget with alert_at [0.5, 1] crossed by real requests
 * through the gateway sends one signed webhook per threshold (verified the way a receiver would),
 * records each delivery in the database, and sends nothing twice.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../src/governance/alerts/webhook-signature.js';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { adminCall, chat, createKey, PRICED_MODELS, pricedProvider, USD_PER_TOKEN, waitFor } from './helpers.js';

const ADMIN_KEY = `admin-${randomBytes(12).toString('hex')}`;
const SECRET = `whsec-${randomBytes(16).toString('hex')}`;

interface Received {
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
}

let stack: TestStack;
let receiver: Server;
let dir: string;
const received: Received[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-alerts-'));
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined);
      received.push({ body, timestamp: header('x-switchboard-timestamp'), signature: header('x-switchboard-signature') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as AddressInfo).port;
  stack = await startStack({
    providers: [pricedProvider()],
    models: PRICED_MODELS,
    extra: {
      admin_key: ADMIN_KEY,
      alerts: [{ type: 'webhook', url: `http://127.0.0.1:${port}/hooks/switchboard`, secret: SECRET }],
      governance: { ledger_flush_ms: 50, spill_file: join(dir, 'spill.jsonl') },
    },
  });
});

afterAll(async () => {
  await stack?.close();
  await new Promise<void>((resolve) => receiver?.close(() => resolve()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('budget alerts through the gateway', () => {
  it('sends one signed webhook per threshold crossed, and records it', async () => {
    // $0.010: ten output tokens.
    const { id, key } = await createKey(stack.url, ADMIN_KEY, { name: 'alerting', budget: { usd: 10 * USD_PER_TOKEN, period: 'month', alert_at: [0.5, 1] } });
    expect((await chat(stack.url, key, { maxTokens: 3 })).status).toBe(200);
    expect(received).toHaveLength(0);
    expect((await chat(stack.url, key, { maxTokens: 3, stream: true })).status).toBe(200);
    expect((await chat(stack.url, key, { maxTokens: 4 })).status).toBe(200);
    expect((await chat(stack.url, key, { maxTokens: 1 })).status).toBe(402);

    await waitFor('two alerts', async () => (received.length >= 2 ? received : undefined));
    const events = received.map((r) => {
      expect(verifyWebhook(SECRET, { timestamp: r.timestamp, signature: r.signature }, r.body, Date.now())).toEqual({ ok: true });
      return JSON.parse(r.body) as Record<string, unknown>;
    });
    expect(events.map((e) => e.threshold).sort()).toEqual([0.5, 1]);
    for (const event of events) {
      expect(event).toMatchObject({ type: 'budget.threshold_crossed', scope_kind: 'key', scope_id: id, scope_name: 'alerting', unit: 'usd', cap: 0.01 });
      expect(String(event.period)).toMatch(/^month:\d{4}-\d{2}$/);
    }
    expect(events.find((e) => e.threshold === 1)!.spent).toBeCloseTo(0.01, 9);
    expect(JSON.stringify(received)).not.toContain(key);

    const listed = await waitFor('recorded deliveries', async () => {
      const answer = await adminCall(stack.url, ADMIN_KEY, 'GET', '/alerts');
      const rows = (answer.json?.data ?? []) as Array<{ deliveries: unknown }>;
      return rows.length === 2 && rows.every((row) => JSON.stringify(row.deliveries).includes('"ok":true')) ? rows : undefined;
    });
    expect(listed).toHaveLength(2);
    expect(JSON.stringify(listed)).not.toContain(SECRET);

    // Nothing more is sent for thresholds already crossed in this period.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toHaveLength(2);
  });
});
