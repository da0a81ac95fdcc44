/**
 * Usage in streams when the upstream reports it twice (Anthropic: input tokens at message_start,
 * the final count at message_delta): Anthropic clients see input tokens in their message_start,
 * OpenAI clients get exactly one usage chunk with the final count, and the log has the final count.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/storage/sqlite/request-log-store.js';
import { startStack, type TestStack } from '../../src/testing/stack.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({
    providers: [{ id: 'claude', type: 'anthropic', api_key: 'k', base_url: '${SIM}' }],
    models: [{ name: 'claude', targets: [{ provider: 'claude', model: 'claude-sonnet-4-5' }] }],
  });
});
afterAll(async () => stack?.close());

describe('streamed usage from Anthropic upstreams', () => {
  it("puts Anthropic's own input tokens in message_start for Anthropic-format clients, not an estimate", async () => {
    const response = await fetch(`${stack.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'count the input please' }] }),
    });
    expect(response.headers.get('x-switchboard-input-tokens-estimated')).toBeNull();
    const events = (await response.text())
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice(6)));
    expect(events[0].type).toBe('message_start');
    expect(events[0].message.usage.input_tokens).toBeGreaterThan(0);
    const delta = events.find((e) => e.type === 'message_delta');
    expect(delta.usage.output_tokens).toBeGreaterThan(0);
    expect(delta.usage.input_tokens).toBe(events[0].message.usage.input_tokens);
  });

  it('sends OpenAI clients one usage chunk with the final count, and logs the final count', async () => {
    const client = new OpenAI({ apiKey: 'any', baseURL: `${stack.url}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'claude',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'one two three' }],
    });
    const usages: OpenAI.CompletionUsage[] = [];
    for await (const chunk of stream) if (chunk.usage) usages.push(chunk.usage);
    expect(usages).toHaveLength(1);
    expect(usages[0]!.completion_tokens).toBeGreaterThan(1);
    await stack.gateway.requestLog.flush();
    const db = openSqlite(`sqlite:${stack.dir}/switchboard.db`);
    const row = db.prepare('SELECT output_tokens FROM request_log ORDER BY time DESC, rowid DESC LIMIT 1').get() as { output_tokens: number };
    db.close();
    expect(row.output_tokens).toBe(usages[0]!.completion_tokens);
  });
});
