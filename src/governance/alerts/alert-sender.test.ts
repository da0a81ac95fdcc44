/**
 * The alert sender against a real HTTP receiver (node:http on a local port), through the
 * transport's real HttpClient, with the real alert store on SQLite and PostgreSQL.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KyselyAlertStore } from '../../storage/governance/alert-store.js';
import { GOVERNANCE_DIALECTS, type GovernanceDatabase } from '../../testing/governance-storage.js';
import { HttpClient } from '../../transport/http-client.js';
import type { GovernanceLogger } from '../logger.js';
import type { AlertTarget } from '../types.js';
import type { BudgetAlert } from './alert.js';
import { AlertSender, type AlertSenderOptions } from './alert-sender.js';
import { verifyWebhook } from './webhook-signature.js';

const SECRET = 'whsec_0123456789abcdef_TOPSECRET';
const SLACK_TOKEN_PATH = '/services/T000SECRET/B000SECRET/XXXXslacktokenXXXX';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A receiver whose answers are scripted per path: a list of statuses (the last one repeats), or 'hang'. */
class Receiver {
  readonly received: Received[] = [];
  private readonly scripts = new Map<string, Array<number | 'hang'>>();
  private readonly hanging: ServerResponse[] = [];
  private server!: Server;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        const path = req.url ?? '/';
        this.received.push({ path, headers: req.headers, body });
        const script = this.scripts.get(path) ?? [200];
        const next = script.length > 1 ? script.shift()! : script[0]!;
        if (next === 'hang') {
          this.hanging.push(res);
          return;
        }
        // A 400 echoes what it got, as some receivers do: nothing secret may come back through it.
        const answer = next === 400 ? `invalid_payload ${path} ${SECRET}` : next === 200 ? 'ok' : 'oops';
        res.writeHead(next, next === 429 ? { 'retry-after': '0' } : {}).end(answer);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  script(path: string, statuses: Array<number | 'hang'>): void {
    this.scripts.set(path, statuses);
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A logger that keeps every line (fields and message) as text, to search for secrets. */
function recordingLogger(): GovernanceLogger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (fields: object, message: string) => lines.push(`${level} ${message} ${JSON.stringify(fields)}`);
  return { lines, error: keep('error'), warn: keep('warn'), info: keep('info') };
}

function alert(overrides: Partial<BudgetAlert> = {}): BudgetAlert {
  return {
    scope: { kind: 'key', id: 'key_ci' },
    team_id: 'team_acme',
    scope_name: 'ci-bot',
    team_name: 'Acme',
    unit: 'usd',
    cap: 50,
    spent: 40.125,
    threshold: 0.8,
    period_id: 'month:2026-12',
    ...overrides,
  };
}

const FAST = { maxAttempts: 4, baseDelayMs: 2, maxDelayMs: 10, timeoutMs: 2_000 };

describe.each(GOVERNANCE_DIALECTS)('AlertSender on %s', (dialect, openDatabase) => {
  let database: GovernanceDatabase;
  let store: KyselyAlertStore;
  let receiver: Receiver;
  let http: HttpClient;
  let senders: AlertSender[];

  const sender = (targets: AlertTarget[], options: Partial<AlertSenderOptions> = {}) => {
    const s = new AlertSender({ store, http, targets, retry: FAST, ...options });
    senders.push(s);
    return s;
  };
  const deliveries = async (id: string) => {
    const rows = await store.list({ limit: 1000 });
    const row = rows.find((r) => r.id === id);
    return row ? (JSON.parse(row.deliveries) as Array<{ target: string; ok: boolean; attempts: number; error: string | null }>) : undefined;
  };

  beforeAll(async () => {
    database = await openDatabase(`alerts_${dialect}`);
    http = new HttpClient();
  });
  afterAll(async () => {
    await http.close(100);
    await database.close();
  });
  beforeEach(async () => {
    await database.reset();
    store = new KyselyAlertStore(database.storage.db, database.storage.kind);
    receiver = new Receiver();
    await receiver.start();
    senders = [];
  });
  afterEach(async () => {
    for (const s of senders) await s.close(100);
    await receiver.stop();
  });

  it('signs a webhook so a receiver can verify it, and records the delivery', async () => {
    const s = sender([{ type: 'webhook', url: receiver.url('/hook'), secret: SECRET }]);
    s.notify(alert());
    await s.idle();
    const [got] = receiver.at('/hook');
    expect(got).toBeDefined();
    const timestamp = got!.headers['x-switchboard-timestamp'] as string;
    const signature = got!.headers['x-switchboard-signature'] as string;
    // What a receiver does, written out: HMAC over "timestamp.raw body", constant-time compare, fresh timestamp.
    const expected = `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${got!.body}`).digest('hex')}`;
    expect(timingSafeEqual(Buffer.from(signature), Buffer.from(expected))).toBe(true);
    expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(300);
    expect(verifyWebhook(SECRET, { timestamp, signature }, got!.body, Date.now())).toEqual({ ok: true });
    expect(got!.headers['content-type']).toBe('application/json');

    const body = JSON.parse(got!.body);
    expect(body).toMatchObject({
      type: 'budget.threshold_crossed',
      id: 'key:key_ci:month:2026-12:usd:0.8',
      scope_kind: 'key',
      scope_id: 'key_ci',
      scope_name: 'ci-bot',
      team_id: 'team_acme',
      team_name: 'Acme',
      unit: 'usd',
      cap: 50,
      spent: 40.125,
      threshold: 0.8,
      period: 'month:2026-12',
    });
    expect(Date.parse(body.time)).not.toBeNaN();
    expect(got!.headers['x-switchboard-event-id']).toBe(body.id);

    const [row] = await store.list({ team_id: 'team_acme' });
    expect(row?.id).toBe('key:key_ci:month:2026-12:usd:0.8');
    expect(JSON.parse(row!.payload)).toMatchObject({ type: 'budget.threshold_crossed', team_id: 'team_acme' });
    expect(await deliveries(body.id)).toMatchObject([{ target: `webhook 127.0.0.1:${receiver.port} (alerts[0])`, ok: true, attempts: 1, error: null }]);
  });

  it('a receiver rejects a tampered body, a wrong secret and an old timestamp', async () => {
    const s = sender([{ type: 'webhook', url: receiver.url('/hook'), secret: SECRET }]);
    s.notify(alert());
    await s.idle();
    const got = receiver.at('/hook')[0]!;
    const headers = { timestamp: got.headers['x-switchboard-timestamp'] as string, signature: got.headers['x-switchboard-signature'] as string };
    expect(verifyWebhook(SECRET, headers, got.body.replace('40.125', '1'), Date.now())).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyWebhook('another-secret-of-16+', headers, got.body, Date.now())).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyWebhook(SECRET, headers, got.body, Date.now() + 10 * 60_000)).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(verifyWebhook(SECRET, { ...headers, timestamp: '1e3' }, got.body, Date.now())).toEqual({ ok: false, reason: 'bad_timestamp' });
    expect(verifyWebhook(SECRET, { ...headers, signature: undefined }, got.body, Date.now())).toEqual({ ok: false, reason: 'missing_headers' });
  });

  it('posts a readable one-line Slack message', async () => {
    const s = sender([{ type: 'slack', url: receiver.url(SLACK_TOKEN_PATH) }]);
    s.notify(alert({ scope_name: 'ci <!channel> & bot' }));
    s.notify(
      alert({
        scope: { kind: 'team', id: 'team_acme' },
        scope_name: 'Acme',
        unit: 'tokens',
        cap: 1_500_000,
        spent: 1_500_017,
        threshold: 1,
        period_id: 'day:2026-12-06',
      }),
    );
    await s.idle();
    const texts = receiver.at(SLACK_TOKEN_PATH).map((r) => JSON.parse(r.body) as Record<string, unknown>);
    for (const body of texts) expect(Object.keys(body)).toEqual(['text']);
    expect(texts.map((b) => b.text).sort()).toEqual([
      'Budget alert: key "ci &lt;!channel&gt; &amp; bot" (key_ci) of team "Acme" (team_acme) has reached 80% of its $50.00 budget for month 2026-12: $40.13 spent.',
      'Budget alert: team "Acme" (team_acme) has reached 100% of its 1,500,000-token budget for day 2026-12-06: 1,500,017 tokens used.',
    ]);
  });

  it('retries after 500s and a 429, then records the success with its attempts', async () => {
    receiver.script('/hook', [500, 503, 429, 200]);
    const s = sender([{ type: 'webhook', url: receiver.url('/hook'), secret: SECRET }], { retry: { ...FAST, maxAttempts: 5 } });
    s.notify(alert());
    await s.idle();
    const got = receiver.at('/hook');
    expect(got).toHaveLength(4);
    // Each attempt is signed afresh, and all carry the same event.
    for (const r of got)
      expect(
        verifyWebhook(
          SECRET,
          { timestamp: r.headers['x-switchboard-timestamp'] as string, signature: r.headers['x-switchboard-signature'] as string },
          r.body,
          Date.now(),
        ),
      ).toEqual({ ok: true });
    expect(new Set(got.map((r) => JSON.parse(r.body).id)).size).toBe(1);
    expect(await deliveries(alert().scope.kind + ':key_ci:month:2026-12:usd:0.8')).toMatchObject([{ ok: true, attempts: 4, error: null }]);
  });

  it('gives up after the last attempt on persistent 5xx', async () => {
    receiver.script('/hook', [502]);
    const s = sender([{ type: 'webhook', url: receiver.url('/hook'), secret: SECRET }]);
    s.notify(alert());
    await s.idle();
    expect(receiver.at('/hook')).toHaveLength(FAST.maxAttempts);
    expect(await deliveries('key:key_ci:month:2026-12:usd:0.8')).toMatchObject([{ ok: false, attempts: 4, error: 'HTTP 502: oops' }]);
  });

  it('never retries a 400, and records why', async () => {
    receiver.script('/hook', [400]);
    const s = sender([{ type: 'webhook', url: receiver.url('/hook'), secret: SECRET }]);
    s.notify(alert());
    await s.idle();
    expect(receiver.at('/hook')).toHaveLength(1);
    const [delivery] = (await deliveries('key:key_ci:month:2026-12:usd:0.8'))!;
    expect(delivery).toMatchObject({ ok: false, attempts: 1 });
    expect(delivery!.error).toBe('HTTP 400: invalid_payload /hook <secret>');
  });

  it('retries a receiver that does not answer in time, and one that is not there', async () => {
    receiver.script('/slow', ['hang', 200]);
    const s = sender(
      [
        { type: 'webhook', url: receiver.url('/slow'), secret: SECRET },
        { type: 'slack', url: 'http://127.0.0.1:1/services/T/B/nobody-listens' },
      ],
      { retry: { ...FAST, maxAttempts: 2, timeoutMs: 150 } },
    );
    s.notify(alert());
    await s.idle();
    expect(receiver.at('/slow')).toHaveLength(2);
    const recorded = (await deliveries('key:key_ci:month:2026-12:usd:0.8'))!;
    expect(recorded).toHaveLength(2);
    expect(recorded.find((d) => d.target.startsWith('webhook'))).toMatchObject({ ok: true, attempts: 2 });
    expect(recorded.find((d) => d.target.startsWith('slack'))).toMatchObject({ ok: false, attempts: 2, error: 'network error (ECONNREFUSED)' });
  });

  it('quotes a refusing answer for a config target but not for a team’s own (a team admin must not read internal services through it)', async () => {
    receiver.script('/internal', [400]);
    const s = sender([{ type: 'slack', url: receiver.url('/internal') }], { teamTargets: () => [{ type: 'slack', url: receiver.url('/internal') }] });
    s.notify(alert());
    await s.idle();
    const recorded = (await deliveries('key:key_ci:month:2026-12:usd:0.8'))!;
    expect(recorded.find((d) => d.target.includes('(alerts[0])'))?.error).toMatch(/^HTTP 400: invalid_payload \/internal /);
    expect(recorded.find((d) => d.target.includes('team team_acme'))?.error).toBe('HTTP 400');
  });

  it('sends to the global targets and to the team’s own, not to another team’s', async () => {
    const teams: Record<string, AlertTarget[]> = {
      team_acme: [{ type: 'slack', url: receiver.url('/acme') }],
      team_other: [{ type: 'slack', url: receiver.url('/other') }],
    };
    const s = sender([{ type: 'slack', url: receiver.url('/global') }], { teamTargets: (id) => teams[id] });
    s.notify(alert());
    await s.idle();
    expect(receiver.at('/global')).toHaveLength(1);
    expect(receiver.at('/acme')).toHaveLength(1);
    expect(receiver.at('/other')).toHaveLength(0);
    const targets = (await deliveries('key:key_ci:month:2026-12:usd:0.8'))!.map((d) => d.target).sort();
    expect(targets).toEqual([`slack 127.0.0.1:${receiver.port} (alerts[0])`, `slack 127.0.0.1:${receiver.port} (team team_acme alerts[0])`]);
  });

  it('sends each threshold once per period: again in the next period, never twice in one', async () => {
    const s = sender([{ type: 'slack', url: receiver.url('/s') }]);
    s.notify(alert());
    await s.idle();
    s.notify(alert());
    s.notify(alert({ threshold: 1, spent: 50 }));
    s.notify(alert({ unit: 'tokens', cap: 1000, spent: 800 }));
    s.notify(alert({ period_id: 'month:2027-01' }));
    await s.idle();
    expect(receiver.at('/s')).toHaveLength(4);
    expect((await store.list({})).map((r) => r.id).sort()).toEqual([
      'key:key_ci:month:2026-12:tokens:0.8',
      'key:key_ci:month:2026-12:usd:0.8',
      'key:key_ci:month:2026-12:usd:1',
      'key:key_ci:month:2027-01:usd:0.8',
    ]);
  });

  it('two replicas notifying the same alert at once deliver it exactly once', async () => {
    const second = await database.second();
    const otherStore = new KyselyAlertStore(second.db, second.kind);
    const targets: AlertTarget[] = [{ type: 'webhook', url: receiver.url('/hook'), secret: SECRET }];
    const a = sender(targets);
    const b = sender(targets, { store: otherStore });
    for (let round = 0; round < 20; round++) {
      const crossing = alert({ period_id: `day:2026-12-${String(round + 1).padStart(2, '0')}` });
      a.notify(crossing);
      b.notify(crossing);
    }
    await Promise.all([a.idle(), b.idle()]);
    const ids = receiver.at('/hook').map((r) => JSON.parse(r.body).id as string);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
    for (const row of await store.list({})) expect(JSON.parse(row.deliveries)).toHaveLength(1);
  });

  it('never logs or records a webhook secret or a Slack URL, on success or failure', async () => {
    receiver.script('/hook', [400]);
    receiver.script(SLACK_TOKEN_PATH, [500, 200]);
    const logger = recordingLogger();
    const s = sender(
      [
        { type: 'webhook', url: receiver.url('/hook'), secret: SECRET },
        { type: 'slack', url: receiver.url(SLACK_TOKEN_PATH) },
        { type: 'slack', url: `http://127.0.0.1:1${SLACK_TOKEN_PATH}` },
      ],
      { logger },
    );
    s.notify(alert());
    await s.idle();
    expect(logger.lines.length).toBeGreaterThanOrEqual(4);
    const rows = JSON.stringify(await store.list({}));
    for (const text of [...logger.lines, rows]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('slacktoken');
      expect(text).not.toContain('T000SECRET');
    }
    expect(logger.lines.some((line) => line.includes(`127.0.0.1:${receiver.port}`))).toBe(true);
  });

  it('notify() returns at once and never throws, even when the database is gone', async () => {
    const gone = await openDatabase(`alerts_gone_${dialect}`);
    const goneStore = new KyselyAlertStore(gone.storage.db, gone.storage.kind);
    await gone.close();
    const logger = recordingLogger();
    const s = sender([{ type: 'slack', url: receiver.url('/s') }], { store: goneStore, logger });
    expect(() => s.notify(alert())).not.toThrow();
    await s.idle();
    // Not claimed, not sent: sending unclaimed could repeat the alert from every replica.
    expect(receiver.at('/s')).toHaveLength(0);
    expect(logger.lines.some((line) => line.startsWith('error could not record budget alert: not sent'))).toBe(true);
  });

  it('close() cuts retries short', async () => {
    receiver.script('/hook', [503]);
    const s = sender([{ type: 'webhook', url: receiver.url('/hook'), secret: SECRET }], {
      retry: { maxAttempts: 50, baseDelayMs: 60_000, maxDelayMs: 60_000, timeoutMs: 2_000 },
    });
    s.notify(alert());
    await new Promise<void>((resolve) => {
      const poll = () => (receiver.at('/hook').length > 0 ? resolve() : setTimeout(poll, 5));
      poll();
    });
    await s.close(10);
    expect(receiver.at('/hook')).toHaveLength(1);
    const [delivery] = (await deliveries('key:key_ci:month:2026-12:usd:0.8'))!;
    expect(delivery).toMatchObject({ ok: false, attempts: 1 });
    s.notify(alert({ threshold: 1 }));
    await s.idle();
    expect(receiver.at('/hook')).toHaveLength(1);
  });
});
