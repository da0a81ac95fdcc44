/**
 * fault=context_window and fault=content_filter in every family: each answers with its own real
 * "prompt too long" error, and reports a content filter the way it really does (a finish or stop
 * reason with partial content, or Azure's 400).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from './server.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});

/** Parsed wire bodies are probed ad hoc in assertions. */
// biome-ignore lint/suspicious/noExplicitAny: see above
type Wire = any;

const BEARER = { authorization: 'Bearer k', 'content-type': 'application/json' };
const ANTHROPIC = { 'x-api-key': 'k', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' };
const GEMINI = { 'x-goog-api-key': 'k', 'content-type': 'application/json' };
const PROMPT = 'one two three four five six';
const FULL = `Simulated reply to: ${PROMPT}`;

async function post(path: string, body: unknown, headers: Record<string, string>) {
  const res = await fetch(`${sim.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await res.text();
  let json: Wire;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** The JSON data of each SSE event in a body ([DONE] left out). */
function sseData(text: string): Wire[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: ') && !line.includes('[DONE]'))
    .map((line) => JSON.parse(line.slice(6)));
}

const chat = (spec: string, extra: Record<string, unknown> = {}) => ({
  model: 'gpt-4o',
  messages: [{ role: 'user', content: `${PROMPT} [[sim ${spec}]]` }],
  ...extra,
});
const messages = (spec: string, extra: Record<string, unknown> = {}) => ({
  model: 'claude-sonnet-4-5',
  max_tokens: 100,
  messages: [{ role: 'user', content: `${PROMPT} [[sim ${spec}]]` }],
  ...extra,
});
const gemini = (spec: string) => ({ contents: [{ role: 'user', parts: [{ text: `${PROMPT} [[sim ${spec}]]` }] }] });

describe('fault=context_window', () => {
  it("OpenAI Chat Completions: 400 context_length_exceeded on 'messages'", async () => {
    const res = await post('/v1/chat/completions', chat('fault=context_window'), BEARER);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' });
    expect(res.json.error.message).toMatch(/^This model's maximum context length is 128000 tokens\. However, your messages resulted in \d+ tokens\./);
  });

  it('keeps the code through a compatible flavor and Azure', async () => {
    const groq = await post('/groq/openai/v1/chat/completions', chat('fault=context_window'), BEARER);
    expect(groq.json.error.code).toBe('context_length_exceeded');
    const azure = await post('/azure/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21', chat('fault=context_window'), {
      'api-key': 'k',
      'content-type': 'application/json',
    });
    expect(azure.status).toBe(400);
    expect(azure.json.error.code).toBe('context_length_exceeded');
  });

  it("OpenAI Responses: 400 context_length_exceeded on 'input'", async () => {
    const res = await post('/v1/responses', { model: 'gpt-5', input: `${PROMPT} [[sim fault=context_window]]`, store: false }, BEARER);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({
      type: 'invalid_request_error',
      param: 'input',
      code: 'context_length_exceeded',
      message: 'Your input exceeds the context window of this model. Please adjust your input and try again.',
    });
  });

  it('Anthropic: 400 invalid_request_error "prompt is too long: N tokens > 200000 maximum"', async () => {
    const res = await post('/v1/messages', messages('fault=context_window'), ANTHROPIC);
    expect(res.status).toBe(400);
    expect(res.json.type).toBe('error');
    expect(res.json.error.type).toBe('invalid_request_error');
    expect(res.json.error.message).toMatch(/^prompt is too long: \d+ tokens > 200000 maximum$/);
    expect(res.headers.get('request-id')).toMatch(/^req_/);
  });

  it('Gemini: 400 INVALID_ARGUMENT "The input token count (N) exceeds the maximum number of tokens allowed (1048576)."', async () => {
    const res = await post('/v1beta/models/gemini-2.5-flash:generateContent', gemini('fault=context_window'), GEMINI);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe(400);
    expect(res.json.error.status).toBe('INVALID_ARGUMENT');
    expect(res.json.error.message).toMatch(/^The input token count \(\d+\) exceeds the maximum number of tokens allowed \(1048576\)\.$/);
  });

  it('Bedrock: 400 ValidationException "Input is too long for requested model."', async () => {
    const res = await post(
      `/model/${encodeURIComponent('anthropic.claude-3-haiku-20240307-v1:0')}/converse`,
      { messages: [{ role: 'user', content: [{ text: `${PROMPT} [[sim fault=context_window]]` }] }] },
      BEARER,
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('ValidationException');
    expect(res.json).toEqual({ message: 'Input is too long for requested model.' });
  });

  it('Cohere: 400 "too many tokens: …"', async () => {
    const res = await post('/v2/chat', { model: 'command-a-03-2025', messages: [{ role: 'user', content: `${PROMPT} [[sim fault=context_window]]` }] }, BEARER);
    expect(res.status).toBe(400);
    expect(res.json.message).toMatch(/^too many tokens: /);
  });
});

describe('fault=content_filter', () => {
  it('OpenAI: finish_reason content_filter with partial content, streamed and not', async () => {
    const res = await post('/v1/chat/completions', chat('fault=content_filter'), BEARER);
    expect(res.status).toBe(200);
    const choice = res.json.choices[0];
    expect(choice.finish_reason).toBe('content_filter');
    expect(FULL.startsWith(choice.message.content)).toBe(true);
    expect(choice.message.content.length).toBeLessThan(FULL.length);

    const streamed = await post('/v1/chat/completions', chat('fault=content_filter', { stream: true }), BEARER);
    const chunks = sseData(streamed.text);
    const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
    expect(text).toBe(choice.message.content);
    expect(chunks.at(-1).choices[0].finish_reason).toBe('content_filter');
    expect(streamed.text.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });

  it("Azure: the filtered prompt's 400 with code content_filter", async () => {
    const res = await post('/azure/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21', chat('fault=content_filter'), {
      'api-key': 'k',
      'content-type': 'application/json',
    });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'content_filter', param: 'prompt', status: 400 });
    expect(res.json.error.innererror.code).toBe('ResponsibleAIPolicyViolation');
  });

  it('OpenAI Responses: an incomplete response, reason content_filter', async () => {
    const res = await post('/v1/responses', { model: 'gpt-5', input: `${PROMPT} [[sim fault=content_filter]]`, store: false }, BEARER);
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('incomplete');
    expect(res.json.incomplete_details).toEqual({ reason: 'content_filter' });
    const streamed = await post('/v1/responses', { model: 'gpt-5', input: `${PROMPT} [[sim fault=content_filter]]`, store: false, stream: true }, BEARER);
    const last = sseData(streamed.text).at(-1);
    expect(last.type).toBe('response.incomplete');
    expect(last.response.incomplete_details).toEqual({ reason: 'content_filter' });
  });

  it('Anthropic: stop_reason refusal, streamed and not', async () => {
    const res = await post('/v1/messages', messages('fault=content_filter'), ANTHROPIC);
    expect(res.status).toBe(200);
    expect(res.json.stop_reason).toBe('refusal');
    const streamed = await post('/v1/messages', messages('fault=content_filter', { stream: true }), ANTHROPIC);
    const delta = sseData(streamed.text).find((e) => e.type === 'message_delta');
    expect(delta.delta.stop_reason).toBe('refusal');
  });

  it('Gemini: finishReason SAFETY with the rating that blocked it, streamed and not', async () => {
    const res = await post('/v1beta/models/gemini-2.5-flash:generateContent', gemini('fault=content_filter'), GEMINI);
    expect(res.status).toBe(200);
    const candidate = res.json.candidates[0];
    expect(candidate.finishReason).toBe('SAFETY');
    expect(candidate.safetyRatings.some((r: Wire) => r.blocked === true)).toBe(true);
    const streamed = await post('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', gemini('fault=content_filter'), GEMINI);
    expect(sseData(streamed.text).at(-1).candidates[0].finishReason).toBe('SAFETY');
  });

  it('Bedrock: stopReason content_filtered', async () => {
    const res = await post(
      `/model/${encodeURIComponent('anthropic.claude-3-haiku-20240307-v1:0')}/converse`,
      { messages: [{ role: 'user', content: [{ text: `${PROMPT} [[sim fault=content_filter]]` }] }] },
      BEARER,
    );
    expect(res.status).toBe(200);
    expect(res.json.stopReason).toBe('content_filtered');
  });

  it('a filter chosen by fail_times shapes the reply too (decided before the reply is planned)', async () => {
    const spec = 'fault=content_filter fail_times=1 id=filter-once';
    expect((await post('/v1/chat/completions', chat(spec), BEARER)).json.choices[0].finish_reason).toBe('content_filter');
    const second = await post('/v1/chat/completions', chat(spec), BEARER);
    expect(second.json.choices[0].finish_reason).toBe('stop');
    expect(second.json.choices[0].message.content).toBe(FULL);
  });
});
