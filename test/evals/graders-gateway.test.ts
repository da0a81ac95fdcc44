/**
 * The model-backed graders through a real gateway and the simulator: embedding similarity through
 * an embeddings alias (the simulator's lexical model: shared words, similar vectors) and the LLM
 * judge through a chat alias (the rubric carries a simulator directive that scripts the judge's
 * answer). Their calls' tokens and cost land in the graders' tally; an unreachable gateway stops.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvalStopError } from '../../src/evals/errors.js';
import { chatCompletion, embeddings, type GatewayConnection, RowCallError } from '../../src/evals/gateway-client.js';
import { gradeEmbedding } from '../../src/evals/graders/embedding.js';
import { type GraderServices, graderSpecSchema } from '../../src/evals/graders/index.js';
import { gradeLlmJudge } from '../../src/evals/graders/llm-judge.js';
import { emptyTally } from '../../src/evals/usage.js';
import { closedPort } from '../../src/testing/closed-port.js';
import { startStack, type TestStack } from '../../src/testing/stack.js';

let stack: TestStack;
let conn: GatewayConnection;
const tally = emptyTally();
let services: GraderServices;

beforeAll(async () => {
  stack = await startStack({
    providers: [{ id: 'sim', type: 'openai', api_key: 'sk-sim', base_url: '${SIM}/v1' }],
    models: [
      { name: 'judge', targets: [{ provider: 'sim', model: 'gpt-4o-mini' }] },
      { name: 'embed', targets: [{ provider: 'sim', model: 'text-embedding-lexical' }] },
    ],
  });
  conn = { url: stack.url, timeoutMs: 30_000 };
  services = {
    chat: (model, messages, params) => chatCompletion(conn, { model, messages, ...params }, tally),
    embed: (model, inputs) => embeddings(conn, model, inputs, tally),
  };
});
afterAll(async () => stack?.close());

// biome-ignore lint/suspicious/noExplicitAny: narrowed by the type each test writes.
const spec = (raw: Record<string, unknown>): any => graderSpecSchema.parse(raw);
const row = (output: string, expected?: unknown) => ({ output, expected, variables: { country: 'France' } });

describe('embedding grader through the gateway', () => {
  it('scores a paraphrase above an unrelated answer', async () => {
    const s = spec({ type: 'embedding', model: 'embed', threshold: 0.5 });
    const close = await gradeEmbedding(s, row('the capital of france is paris', 'paris is the capital of france'), services);
    const far = await gradeEmbedding(s, row('bananas grow on trees', 'paris is the capital of france'), services);
    expect(close.pass).toBe(true);
    expect(close.score).toBeGreaterThan(far.score);
    expect(far.pass).toBe(false);
    expect(far.reason).toMatch(/^cosine -?\d\.\d{3} < 0\.5$/);
  });
});

describe('llm_judge grader through the gateway', () => {
  it('normalizes the score the judge answers in JSON', async () => {
    const s = spec({ type: 'llm_judge', model: 'judge', max_score: 10, rubric: 'Names the capital. [[sim reply={"score":8,"reason":"right_city"}]]' });
    expect(await gradeLlmJudge(s, row('Paris', 'Paris'), services)).toEqual({ score: 0.8, pass: true, reason: 'judge 8/10: right city' });
    const last = stack.simulator.received.last(/chat\/completions$/)?.body as { messages: Array<{ role: string; content: string }>; temperature: number };
    expect(last.temperature).toBe(0);
    expect(last.messages[0]!.content).toContain('number from 0 to 10');
    expect(last.messages[1]!.content).toContain('ANSWER TO GRADE:\nParis');
  });
  it('grades 0 with a reason when the judge answers no score', async () => {
    const s = spec({ type: 'llm_judge', model: 'judge', rubric: 'Names the capital.' });
    const graded = await gradeLlmJudge(s, row('Paris'), services);
    expect(graded).toMatchObject({ score: 0, pass: false });
    expect(graded.reason).toMatch(/^the judge's answer holds no score: "Simulated reply to:/);
  });
  it('counts the graders calls', () => {
    expect(tally.calls).toBeGreaterThanOrEqual(4);
    expect(tally.inputTokens).toBeGreaterThan(0);
  });
});

describe('gateway failures', () => {
  it('an upstream error fails the row; an unknown alias too', async () => {
    const failing = chatCompletion(conn, { model: 'judge', messages: [{ role: 'user', content: 'x [[sim fault=500]]' }] }, emptyTally());
    await expect(failing).rejects.toBeInstanceOf(RowCallError);
    await expect(chatCompletion(conn, { model: 'nope', messages: [{ role: 'user', content: 'x' }] }, emptyTally())).rejects.toThrow(/HTTP 404/);
  });
  it('an unreachable gateway stops the run', async () => {
    const port = await closedPort();
    const call = chatCompletion({ url: `http://127.0.0.1:${port}`, timeoutMs: 5000 }, { model: 'judge', messages: [] }, emptyTally());
    await expect(call).rejects.toBeInstanceOf(EvalStopError);
    await expect(call).rejects.toThrow(/cannot reach the gateway at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
  });
});
