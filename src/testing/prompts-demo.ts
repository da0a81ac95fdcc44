/**
 * A gateway for the dashboard's prompt and experiment pages (browser test and screenshots):
 * simulator providers, an admin key, a prompt with three versions and a label history (set,
 * moved, rolled back), and an experiment between two versions of another prompt driven by real
 * traffic (version 1 carries a fault directive, so its error rate is 1 and version 2 wins), plus
 * one experiment without traffic. Production code never imports this.
 */
import type { PromptTemplate } from '../prompts/types.js';
import { startStack, type TestStack } from './stack.js';

/** The demo's admin key (owner). */
export const PROMPTS_DEMO_ADMIN_KEY = 'sk-admin-prompts-demo-0123456789';

/** A message text that would run script if the dashboard ever inserted data as HTML. */
export const HOSTILE_TEXT = '<img src=x onerror="window.__xss=1">';

/** The running demo and what it created. */
export interface PromptsDemo {
  stack: TestStack;
  url: string;
  /** The prompt with versions and label history. */
  promptId: string;
  /** The prompt the experiment splits. */
  experimentPromptId: string;
  /** The experiment with traffic (a winner) and the one without. */
  experiments: { decided: { id: string; name: string }; idle: { id: string; name: string } };
  /** Calls the admin API as the owner (or `key`); throws on a non-2xx answer. */
  admin<T>(method: string, path: string, body?: unknown, key?: string): Promise<T>;
  close(): Promise<void>;
}

function template(system: string, extra: Partial<PromptTemplate> = {}): PromptTemplate {
  return {
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: 'Summarise {{document}} in {{ sentences }} sentences.' },
    ],
    variables: { document: { type: 'string', description: 'The text to summarise' }, sentences: { type: 'integer', default: 3 } },
    model: 'summaries',
    params: { temperature: 0.2 },
    ...extra,
  };
}

/** Starts the demo and sends the experiment's traffic (60 requests). */
export async function startPromptsDemo(options: { port?: number } = {}): Promise<PromptsDemo> {
  const stack = await startStack({
    providers: [{ id: 'sim', type: 'openai', api_key: 'sk-sim', base_url: '${SIM}/v1' }],
    // One attempt and no breaker: version 1's failures stay its own and never hold back version 2.
    models: [{ name: 'summaries', targets: [{ provider: 'sim', model: 'gpt-4o-mini' }], retries: { max_attempts: 1 }, breaker: false }],
    extra: {
      admin_key: PROMPTS_DEMO_ADMIN_KEY,
      ...(options.port !== undefined ? { server: { host: '127.0.0.1', port: options.port } } : {}),
    },
  });
  const admin = async <T>(method: string, path: string, body?: unknown, key = PROMPTS_DEMO_ADMIN_KEY): Promise<T> => {
    const res = await fetch(`${stack.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  };
  // Everything through the admin API, as an operator (or `switchboard prompts push`) would do it.
  const push = (id: string, t: PromptTemplate, message: string, description?: string) =>
    admin('POST', '/admin/v1/prompts', { id, template: t, message, author: 'ana@example.com', ...(description ? { description } : {}) });
  const label = (id: string, name: string, version: number, reason?: string) =>
    admin('PUT', `/admin/v1/prompts/${id}/labels/${name}`, { version, ...(reason ? { reason } : {}) });
  const promptId = 'summarise';
  await push(promptId, template('You are a summariser.'), 'First draft', 'Summaries for the research app');
  await push(promptId, template('You are a terse summariser.\nNever invent facts.'), 'Be terse, no invention');
  await push(
    promptId,
    template(`You are a terse, friendly summariser.\nNever invent facts.\nQuote titles as written, e.g. ${HOSTILE_TEXT}.`, {
      params: { temperature: 0.1, max_tokens: 300 },
    }),
    'Friendlier tone, quote titles',
  );
  await label(promptId, 'production', 1);
  await label(promptId, 'staging', 2);
  await label(promptId, 'production', 2, 'reviewed on staging');
  await label(promptId, 'staging', 3);
  await label(promptId, 'production', 3);
  await label(promptId, 'production', 2, 'rollback: titles came out garbled');

  const experimentPromptId = 'greeting';
  const greeting = (text: string): PromptTemplate => ({ messages: [{ role: 'user', content: text }], model: 'summaries', params: { max_tokens: 8 } });
  await push(experimentPromptId, greeting('Greet the customer. [[sim fault=500]]'), 'Current greeting');
  await push(experimentPromptId, greeting('Greet the customer warmly.'), 'Warmer greeting');
  await label(experimentPromptId, 'production', 1);

  const decided = await admin<{ id: string; name: string }>('POST', '/admin/v1/experiments', {
    name: 'warmer-greeting',
    target: { prompt: experimentPromptId },
    variants: [
      { name: 'current', weight: 1, prompt_version: 1 },
      { name: 'warmer', weight: 1, prompt_version: 2 },
    ],
    primary_metric: 'error_rate',
    guard_metrics: ['latency_ms', 'cost_usd'],
    min_samples: 10,
  });
  const idle = await admin<{ id: string; name: string }>('POST', '/admin/v1/experiments', {
    name: 'model-swap',
    target: { alias: 'summaries' },
    variants: [
      { name: 'mini', weight: 3, model: 'summaries' },
      { name: 'cooler', weight: 1, model: 'summaries', params: { temperature: 0 } },
    ],
    primary_metric: 'latency_ms',
  });
  const key = await admin<{ key: string }>('POST', '/admin/v1/keys', {
    team_id: (await admin<{ id: string }>('POST', '/admin/v1/teams', { name: 'Support' })).id,
    name: 'support-app',
  });
  for (let i = 0; i < 60; i++) {
    const res = await fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: { id: experimentPromptId }, user: `customer-${i}` }),
    });
    await res.arrayBuffer();
  }
  await stack.gateway.requestLog.flush();
  return {
    stack,
    url: stack.url,
    promptId,
    experimentPromptId,
    experiments: { decided: { id: decided.id, name: decided.name }, idle: { id: idle.id, name: idle.name } },
    admin,
    close: () => stack.close(),
  };
}
