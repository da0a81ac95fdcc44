/**
 * The done-when test of stored prompts: a prompt pushed and labelled, called through all three
 * ingress formats with the official SDKs, seen by the upstream (the simulator) as rendered
 * messages, named in the headers and the request log, then moved to v2 and rolled back by moving
 * the label; and the errors each ingress answers in its own format.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PromptTemplate } from '../../src/prompts/types.js';
import { startStack, type TestStack } from '../../src/testing/stack.js';

let stack: TestStack;
let openai: OpenAI;
let anthropic: Anthropic;

const ACTOR = { key_id: 'admin_key', role: 'owner' };

const template = (v: number, model: string): PromptTemplate => ({
  messages: [
    { role: 'system', content: `You are the v${v} support bot of {{company}}.` },
    { role: 'user', content: 'My tier is {{tier}}.' },
  ],
  variables: { company: { type: 'string' }, tier: { type: 'string', enum: ['gold', 'silver'], default: 'silver' } },
  model,
  params: { temperature: 0.3 },
});

/** Pushes a version (through the registry the admin API writes to) and returns its number. */
async function push(t: PromptTemplate): Promise<number> {
  const { version } = await stack.gateway.prompts.store.push(ACTOR, 'global', 'support', { template: t, message: 'test', author: 'ci' });
  return version.version;
}

async function label(version: number): Promise<void> {
  await stack.gateway.prompts.store.setLabel(ACTOR, 'global', 'support', 'production', version);
}

const VARIABLES = { company: 'Acme' };

/** One call per ingress; each returns the prompt version header, the request id, the upstream body and the reply. */
async function callAll(): Promise<{ ingress: string; version: string | null; id: string; upstream: string; model: unknown; reply: string }[]> {
  const out = [];
  {
    const { data, response } = await openai.chat.completions
      .create({ messages: [{ role: 'user', content: 'Where is my order?' }], prompt: { id: 'support', variables: VARIABLES } } as never)
      .withResponse();
    const body = stack.simulator.received.last(/chat\/completions$/)!.body as Record<string, unknown>;
    out.push({
      ingress: 'chat',
      version: response.headers.get('x-switchboard-prompt-version'),
      id: response.headers.get('x-request-id')!,
      upstream: JSON.stringify(body.messages),
      model: body.model,
      reply: (data as OpenAI.ChatCompletion).choices[0]!.message.content!,
    });
    expect(response.headers.get('x-switchboard-prompt')).toBe('support');
    expect(body).not.toHaveProperty('prompt');
    expect(body.temperature).toBe(0.3);
  }
  {
    const { data, response } = await anthropic.messages
      .create({ max_tokens: 100, messages: [{ role: 'user', content: 'Where is my order?' }], prompt: { id: 'support', variables: VARIABLES } } as never)
      .withResponse();
    const body = stack.simulator.received.last(/chat\/completions$/)!.body as Record<string, unknown>;
    out.push({
      ingress: 'messages',
      version: response.headers.get('x-switchboard-prompt-version'),
      id: response.headers.get('x-request-id')!,
      upstream: JSON.stringify(body.messages),
      model: body.model,
      reply: ((data as Anthropic.Message).content[0] as Anthropic.TextBlock).text,
    });
    expect(body).not.toHaveProperty('prompt');
  }
  {
    const { data, response } = await openai.responses.create({ prompt: { id: 'support', variables: VARIABLES }, input: 'Where is my order?' }).withResponse();
    const body = stack.simulator.received.last(/responses$/)!.body as Record<string, unknown>;
    out.push({
      ingress: 'responses',
      version: response.headers.get('x-switchboard-prompt-version'),
      id: response.headers.get('x-request-id')!,
      upstream: JSON.stringify([body.instructions ?? null, body.input]),
      model: body.model,
      reply: data.output_text,
    });
    expect(body).not.toHaveProperty('prompt');
    expect(data.prompt).toMatchObject({ id: 'support', variables: VARIABLES });
  }
  return out;
}

/** The request ids the log holds for a prompt version (through the admin API's search). */
async function loggedIds(version: number): Promise<string[]> {
  await stack.gateway.requestLog.flush();
  const res = await fetch(`${stack.url}/admin/v1/requests?prompt=support&prompt_version=${version}&limit=200`);
  expect(res.status).toBe(200);
  const page = (await res.json()) as { data: { id: string }[] };
  return page.data.map((row) => row.id);
}

function expectVersion(calls: Awaited<ReturnType<typeof callAll>>, v: number, model: string): void {
  for (const call of calls) {
    expect(call.version, call.ingress).toBe(String(v));
    expect(call.upstream, call.ingress).toContain(`You are the v${v} support bot of Acme.`);
    expect(call.upstream, call.ingress).toContain('My tier is silver.');
    // The template's messages come first, the client's after them.
    expect(call.upstream.indexOf(`v${v} support bot`), call.ingress).toBeLessThan(call.upstream.indexOf('Where is my order?'));
    expect(call.model, call.ingress).toBe(model);
    expect(call.reply, call.ingress).toContain('Where is my order?');
  }
}

beforeAll(async () => {
  stack = await startStack({
    providers: [{ id: 'sim', type: 'openai', api_key: 'sim-key', base_url: '${SIM}/v1' }],
    models: [
      { name: 'small', targets: [{ provider: 'sim', model: 'sim-small' }] },
      { name: 'big', targets: [{ provider: 'sim', model: 'sim-big' }] },
    ],
  });
  openai = new OpenAI({ apiKey: 'any', baseURL: `${stack.url}/v1`, maxRetries: 0 });
  anthropic = new Anthropic({ apiKey: 'any', baseURL: stack.url, maxRetries: 0 });
  const v1 = await push(template(1, 'small'));
  await label(v1);
});
afterAll(async () => stack?.close());

describe('a stored prompt from push to rollback', () => {
  it('is called through chat completions, messages and responses, labelled v1 → v2 → rolled back to v1', async () => {
    const first = await callAll();
    expectVersion(first, 1, 'sim-small');
    const v2 = await push(template(2, 'big'));
    expect(v2).toBe(2);
    // Pushed but not labelled: callers still get production (v1).
    expectVersion(await callAll(), 1, 'sim-small');
    await label(2);
    const second = await callAll();
    expectVersion(second, 2, 'sim-big');
    await label(1);
    const rolledBack = await callAll();
    expectVersion(rolledBack, 1, 'sim-small');

    const v1Logged = await loggedIds(1);
    for (const call of [...first, ...rolledBack]) expect(v1Logged).toContain(call.id);
    const v2Logged = await loggedIds(2);
    expect(v2Logged.sort()).toEqual(second.map((c) => c.id).sort());
  });

  it('takes an explicit version or label over the production label', async () => {
    const { response } = await openai.chat.completions
      .create({ model: 'small', messages: [{ role: 'user', content: 'hi' }], prompt: { id: 'support', version: '2', variables: VARIABLES } } as never)
      .withResponse();
    expect(response.headers.get('x-switchboard-prompt-version')).toBe('2');
    expect(stack.simulator.received.last(/chat\/completions$/)!.body).toMatchObject({ model: 'sim-small' });
  });

  it('works on a streamed call too', async () => {
    const { data: stream, response } = await openai.responses
      .create({ prompt: { id: 'support', version: 'production', variables: VARIABLES }, input: 'Streamed question', stream: true })
      .withResponse();
    let text = '';
    for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta;
    expect(text).toContain('Streamed question');
    expect(response.headers.get('x-switchboard-prompt-version')).toBe('1');
    expect(JSON.stringify(stack.simulator.received.last(/responses$/)!.body)).toContain('You are the v1 support bot of Acme.');
  });
});

describe('prompt errors in each ingress format', () => {
  const missing = { id: 'support', variables: { tier: 'gold' } };

  it('answers 400 prompt_variable_missing naming the variable', async () => {
    const chat = await openai.chat.completions.create({ messages: [{ role: 'user', content: 'x' }], prompt: missing } as never).catch((e: unknown) => e);
    expect(chat).toBeInstanceOf(OpenAI.APIError);
    expect(chat).toMatchObject({ status: 400, code: 'prompt_variable_missing', param: 'prompt.variables.company' });

    const responses = await openai.responses.create({ prompt: missing, input: 'x' }).catch((e: unknown) => e);
    expect(responses).toBeInstanceOf(OpenAI.APIError);
    expect(responses).toMatchObject({ status: 400, code: 'prompt_variable_missing', param: 'prompt.variables.company' });

    const messages = await anthropic.messages
      .create({ max_tokens: 10, messages: [{ role: 'user', content: 'x' }], prompt: missing } as never)
      .catch((e: unknown) => e);
    expect(messages).toBeInstanceOf(Anthropic.APIError);
    expect((messages as InstanceType<typeof Anthropic.APIError>).status).toBe(400);
    expect((messages as InstanceType<typeof Anthropic.APIError>).error).toEqual({
      type: 'error',
      error: {
        type: 'invalid_request_error',
        message: expect.stringContaining("'company'"),
        code: 'prompt_variable_missing',
        param: 'prompt.variables.company',
      },
    });
  });

  it('answers 404 prompt_not_found for an unknown prompt and 400 prompt_variable_invalid for a mistyped one', async () => {
    const unknown = await openai.chat.completions
      .create({ messages: [{ role: 'user', content: 'x' }], prompt: { id: 'nope' } } as never)
      .catch((e: unknown) => e);
    expect(unknown).toMatchObject({ status: 404, code: 'prompt_not_found', param: 'prompt.id' });
    const unknownMessages = await anthropic.messages.create({ max_tokens: 10, messages: [], prompt: { id: 'nope' } } as never).catch((e: unknown) => e);
    expect(unknownMessages).toMatchObject({ status: 404, error: { error: { type: 'not_found_error', code: 'prompt_not_found' } } });
    const version = await openai.responses.create({ prompt: { id: 'support', version: '99', variables: VARIABLES }, input: 'x' }).catch((e: unknown) => e);
    expect(version).toMatchObject({ status: 404, code: 'prompt_version_not_found', param: 'prompt.version' });

    const typed = await openai.chat.completions
      .create({ messages: [{ role: 'user', content: 'x' }], prompt: { id: 'support', variables: { company: 42 } } } as never)
      .catch((e: unknown) => e);
    expect(typed).toMatchObject({ status: 400, code: 'prompt_variable_invalid', param: 'prompt.variables.company' });
    const notInEnum = await openai.responses
      .create({ prompt: { id: 'support', variables: { company: 'Acme', tier: 'platinum' } }, input: 'x' })
      .catch((e: unknown) => e);
    expect(notInEnum).toMatchObject({ status: 400, code: 'prompt_variable_invalid', param: 'prompt.variables.tier' });
    const undeclared = await openai.chat.completions
      .create({ messages: [{ role: 'user', content: 'x' }], prompt: { id: 'support', variables: { company: 'Acme', colour: 'red' } } } as never)
      .catch((e: unknown) => e);
    expect(undeclared).toMatchObject({ status: 400, code: 'prompt_variable_unknown', param: 'prompt.variables.colour' });
  });
});
