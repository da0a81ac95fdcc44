/** `switchboard logs --tail N` reads the request log that the gateway wrote in batches. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';

const run = promisify(execFile);
let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({
    providers: [{ id: 'sim', type: 'openai', api_key: 'sk-never-printed', base_url: '${SIM}/v1' }],
    models: [{ name: 'priced', targets: [{ provider: 'sim', model: 'gpt-4o-mini' }] }],
  });
  const post = (body: unknown) =>
    fetch(`${stack.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await (await post({ model: 'priced', messages: [{ role: 'user', content: 'first' }] })).text();
  await (await post({ model: 'priced', stream: true, messages: [{ role: 'user', content: 'second' }] })).text();
  await (await post({ model: 'unknown', messages: [{ role: 'user', content: 'third' }] })).text();
  await stack.gateway.requestLog.flush();
});
afterAll(async () => stack?.close());

describe('switchboard logs', () => {
  it('prints the most recent requests, oldest first, with tokens, cost and latency', async () => {
    const { stdout } = await run(process.execPath, ['bin/switchboard.js', 'logs', '--config', join(stack.dir, 'config.yaml'), '--tail', '3']);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/openai {2}json {2}priced {2}sim:gpt-4o-mini {2}200 .* \$0\.0000\d+ {2}total=/);
    expect(lines[1]).toMatch(/stream {2}priced .* 200 .*ttft=/);
    expect(lines[2]).toMatch(/unknown .* 404 {2}model_not_found/);
    expect(stdout).not.toContain('sk-never-printed');
  });

  it('prints JSON lines with --json and honours --tail', async () => {
    const { stdout } = await run(process.execPath, ['bin/switchboard.js', 'logs', '--config', join(stack.dir, 'config.yaml'), '--tail', '1', '--json']);
    const rows = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ model_requested: 'unknown', status: 404, error_code: 'model_not_found' });
  });
});
