/**
 * A gateway for the dashboard's browser test and screenshots: simulator providers, an admin key,
 * two teams with budgets, projects and keys of every role, and traffic that covers successes,
 * streams (time to first token), client and server errors and a fallback with two attempts.
 * Production code never imports this.
 */
import { startStack, type TestStack } from './stack.js';

/** The demo's admin key (owner). */
export const DEMO_ADMIN_KEY = 'sk-admin-dashboard-demo-0123456789';

/** A created key: its id, name and secret. */
export interface DemoKey {
  id: string;
  name: string;
  secret: string;
}

/** The running demo and what it created. */
export interface DashboardDemo {
  stack: TestStack;
  url: string;
  teams: { research: { id: string; name: string }; support: { id: string; name: string } };
  keys: { researchApp: DemoKey; supportBot: DemoKey; spare: DemoKey; researchAdmin: DemoKey; researchViewer: DemoKey };
  /** Calls the admin API as the owner (or `key`); throws on a non-2xx answer. */
  admin<T>(method: string, path: string, body?: unknown, key?: string): Promise<T>;
  /** Sends one chat request with a key; answers the HTTP status. */
  chat(key: string, model: string, content: string, options?: { stream?: boolean; user?: string }): Promise<number>;
  close(): Promise<void>;
}

/** Starts the demo gateway (empty: call sendDemoTraffic for requests). */
export async function startDashboardDemo(options: { port?: number; supportTeamName?: string } = {}): Promise<DashboardDemo> {
  const stack = await startStack({
    providers: [
      { id: 'openai', type: 'openai', api_key: 'sk-sim', base_url: '${SIM}/v1' },
      { id: 'anthropic', type: 'anthropic', api_key: 'sk-sim', base_url: '${SIM}' },
      // Always fails with 503: the first target of 'resilient', so its requests fall back.
      { id: 'openai-eu', type: 'openai', api_key: 'sk-sim', base_url: '${SIM}/v1', headers: { 'x-sim-scenario': 'fault=503 latency_ms=40' } },
    ],
    models: [
      { name: 'gpt-4o-mini', targets: [{ provider: 'openai', model: 'gpt-4o-mini' }] },
      { name: 'claude-haiku', targets: [{ provider: 'anthropic', model: 'claude-3-5-haiku-20241022' }] },
      {
        name: 'resilient',
        targets: [
          { provider: 'openai-eu', model: 'gpt-4o-mini' },
          { provider: 'anthropic', model: 'claude-3-5-haiku-20241022' },
        ],
      },
    ],
    extra: {
      admin_key: DEMO_ADMIN_KEY,
      request_log: { enabled: true, flush_interval_ms: 50, max_batch: 100, bodies: 'full' },
      ...(options.port !== undefined ? { server: { host: '127.0.0.1', port: options.port } } : {}),
    },
  });
  const admin = async <T>(method: string, path: string, body?: unknown, key = DEMO_ADMIN_KEY): Promise<T> => {
    const res = await fetch(`${stack.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  };
  const research = await admin<{ id: string; name: string }>('POST', '/admin/v1/teams', { name: 'Research', budget: { usd: 0.01, period: 'month' } });
  const support = await admin<{ id: string; name: string }>('POST', '/admin/v1/teams', {
    name: options.supportTeamName ?? 'Support',
    budget: { usd: 0.004, period: 'month' },
  });
  const project = (team: string, name: string, usd: number) =>
    admin<{ id: string }>('POST', '/admin/v1/projects', { team_id: team, name, budget: { usd, period: 'month' } });
  const paper = await project(research.id, 'paper-summaries', 0.006);
  await project(research.id, 'eval-harness', 0.002);
  const helpdesk = await project(support.id, 'helpdesk', 0.003);
  const key = async (body: Record<string, unknown>): Promise<DemoKey> => {
    const k = await admin<{ id: string; name: string; key: string }>('POST', '/admin/v1/keys', body);
    return { id: k.id, name: k.name, secret: k.key };
  };
  const keys = {
    researchApp: await key({ project_id: paper.id, name: 'research-app' }),
    supportBot: await key({ project_id: helpdesk.id, name: 'support-bot' }),
    spare: await key({ project_id: paper.id, name: 'spare-key' }),
    researchAdmin: await key({ team_id: research.id, name: 'research-admin', role: 'team_admin' }),
    researchViewer: await key({ team_id: research.id, name: 'research-viewer', role: 'viewer' }),
  };
  const chat: DashboardDemo['chat'] = async (k, model, content, opts = {}) => {
    const res = await fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${k}`, 'content-type': 'application/json' },
      // A small max_tokens keeps each request's worst-case cost (what budgets reserve) small.
      body: JSON.stringify({ model, max_tokens: 64, stream: opts.stream ?? false, user: opts.user, messages: [{ role: 'user', content }] }),
    });
    await res.arrayBuffer();
    return res.status;
  };
  return { stack, url: stack.url, teams: { research, support }, keys, admin, chat, close: () => stack.close() };
}

/** Sends the demo's traffic (about 40 requests) and waits until the request log holds it. */
export async function sendDemoTraffic(demo: DashboardDemo): Promise<void> {
  const { researchApp, supportBot } = demo.keys;
  const jobs: Promise<number>[] = [];
  for (let i = 0; i < 12; i++) {
    jobs.push(demo.chat(researchApp.secret, 'gpt-4o-mini', `Summarise paper ${i} in three sentences, please.`, { user: `alice-${i % 3}` }));
  }
  for (let i = 0; i < 8; i++) {
    jobs.push(demo.chat(researchApp.secret, 'claude-haiku', `Draft an abstract for study ${i} [[sim ttft_ms=${30 + i * 15} token_ms=2]]`, { stream: true }));
  }
  for (let i = 0; i < 10; i++) {
    jobs.push(
      demo.chat(supportBot.secret, i % 2 ? 'claude-haiku' : 'gpt-4o-mini', `Customer ticket ${i}: my order has not arrived [[sim latency_ms=${20 + i * 8}]]`),
    );
  }
  for (let i = 0; i < 3; i++) jobs.push(demo.chat(researchApp.secret, 'resilient', `Translate note ${i} to French`));
  jobs.push(demo.chat(supportBot.secret, 'gpt-4o-mini', 'Too many at once [[sim fault=429]]'));
  jobs.push(demo.chat(supportBot.secret, 'gpt-4o-mini', 'Upstream broke [[sim fault=500]]'));
  jobs.push(demo.chat(researchApp.secret, 'no-such-model', 'Which model is this?'));
  jobs.push(demo.chat(supportBot.secret, 'claude-haiku', 'Quick reply [[sim fault=400]]'));
  await Promise.all(jobs);
  await demo.stack.gateway.requestLog.flush();
}
