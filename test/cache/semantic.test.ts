/**
 * The semantic cache end to end with the builtin embedder: a reworded question is a
 * `semantic-hit` with its similarity; a question that differs in order, negation, a number or
 * the asked-for format is not, however close; other parts of the request must match exactly;
 * and another tenant never gets a semantic hit on an entry it did not write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BUILTIN_THRESHOLD } from '../../src/cache/config-schema.js';
import type { Hook } from '../../src/pipeline/contract.js';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { post, upstreamCalls } from './helpers.js';

/** Sets the caller from a test header, as governance would from a key (each team one key). */
const callerFromHeader: Hook = {
  name: 'test-caller',
  run(ctx) {
    const team = ctx.requestHeaders['x-test-team'];
    if (typeof team === 'string') ctx.identity = { method: 'test', team, keyId: `key_${team}` };
    return undefined;
  },
};

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({
    providers: [{ id: 'openai', type: 'openai', api_key: 'sk-key', base_url: '${SIM}/v1' }],
    models: [{ name: 'gpt', targets: [{ provider: 'openai', model: 'gpt-4o-mini' }] }],
    extra: { cache: { mode: 'semantic' } },
    extraHooks: { authenticate: [callerFromHeader] },
  });
});
afterAll(async () => stack?.close());

/** Asks `question`; the simulator's directive (which counts upstream calls) ends the user turn, the same in every ask. */
function ask(question: string, id: string, team = 'alpha', extra: Record<string, unknown> = {}, system = '') {
  const body = {
    model: 'gpt',
    messages: [
      { role: 'system', content: `Be brief.${system}` },
      { role: 'user', content: `${question} [[sim id=${id}]]` },
    ],
    ...extra,
  };
  return post(stack, '/v1/chat/completions', body, { 'x-test-team': team });
}

async function stored(question: string, id: string, team = 'alpha', extra: Record<string, unknown> = {}) {
  const first = await ask(question, id, team, extra);
  expect(first.status).toBe(200);
  expect(first.cache).toBe('miss');
  await stack.gateway.cache!.flush();
  return first;
}

describe('semantic cache with the builtin embedder', () => {
  it('serves a reworded question from the cache, with its similarity', async () => {
    const first = await stored('Can you tell me what the capital of France is?', 'sem-reworded');
    const again = await ask('Tell me what the capital of France is.', 'sem-reworded');
    expect(again.cache).toBe('semantic-hit');
    expect(Number(again.headers.get('x-switchboard-cache-similarity'))).toBeGreaterThanOrEqual(DEFAULT_BUILTIN_THRESHOLD);
    expect(again.json.choices[0].message.content).toBe(first.json.choices[0].message.content);
    expect(upstreamCalls(stack, 'sem-reworded')).toBe(1);
    // Case, punctuation and spacing alone are the same question (an exact miss, a semantic hit at 1).
    const shouted = await ask('CAN YOU TELL ME WHAT THE CAPITAL OF FRANCE IS', 'sem-reworded');
    expect(shouted.cache).toBe('semantic-hit');
    expect(upstreamCalls(stack, 'sem-reworded')).toBe(1);
  });

  it.each([
    ['order', 'Show me the cheapest flights from Paris to Rome next week', 'Show me the cheapest flights from Rome to Paris next week'],
    ['negation', 'Is it safe to eat raw eggs during pregnancy?', 'Is it not safe to eat raw eggs during pregnancy?'],
    ['numbers', 'Give me 3 ideas for a birthday party for my son', 'Give me 4 ideas for a birthday party for my son'],
    ['format', 'Summarize the plot of Hamlet in JSON please', 'Summarize the plot of Hamlet as a table please'],
  ])('never answers a question that differs in %s', async (reason, question, nearMiss) => {
    const id = `sem-near-${reason}`;
    await stored(question, id);
    const other = await ask(nearMiss, id);
    expect(other.cache).toBe('miss');
    expect(upstreamCalls(stack, id)).toBe(2);
  });

  it('matches by meaning only when everything but the question is identical', async () => {
    await stored('Please summarize the plot of Macbeth', 'sem-context');
    const otherSystem = await ask('Summarize the plot of Macbeth', 'sem-context', 'alpha', {}, ' Answer in French.');
    expect(otherSystem.cache).toBe('miss');
    const otherTemperature = await ask('Summarize the plot of Macbeth', 'sem-context', 'alpha', { temperature: 0.2 });
    expect(otherTemperature.cache).toBe('miss');
    const same = await ask('Summarize the plot of Macbeth', 'sem-context');
    expect(same.cache).toBe('semantic-hit');
    expect(upstreamCalls(stack, 'sem-context')).toBe(3);
  });

  it('never gives one tenant a semantic hit on what another tenant stored', async () => {
    await stored('Can you tell me what the tallest mountain in Europe is?', 'sem-tenants', 'alpha');
    const beta = await ask('Tell me what the tallest mountain in Europe is.', 'sem-tenants', 'beta');
    expect(beta.cache).toBe('miss');
    const alpha = await ask('Tell me what the tallest mountain in Europe is.', 'sem-tenants', 'alpha');
    expect(alpha.cache).toBe('semantic-hit');
    expect(upstreamCalls(stack, 'sem-tenants')).toBe(2);
  });

  it('replays a semantic hit as a stream when the caller streams', async () => {
    const first = await stored('Can you tell me what the longest river in Africa is?', 'sem-stream');
    const again = await ask('Tell me what the longest river in Africa is.', 'sem-stream', 'alpha', { stream: true });
    expect(again.cache).toBe('semantic-hit');
    const text = again.text
      .split('\n')
      .filter((line) => line.startsWith('data: {'))
      .map((line) => JSON.parse(line.slice(6)).choices[0]?.delta?.content ?? '')
      .join('');
    expect(text).toBe(first.json.choices[0].message.content);
    expect(again.text.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });
});
