/**
 * The README's quick start: the example config, started through the real CLI with no provider
 * keys in the environment, answers a chat completion (through the in-process simulator).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let child: ChildProcess;
let dir: string;
let gatewayUrl: string;
let output = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-quickstart-'));
  const [gatewayPort, simPort] = [await freePort(), await freePort()];
  // The example config as shipped, with ports and the database moved out of the way.
  const text = readFileSync('switchboard.example.yaml', 'utf8').replaceAll('127.0.0.1:4010', `127.0.0.1:${simPort}`);
  const config = parse(text);
  config.server.port = gatewayPort;
  config.simulator.port = simPort;
  config.storage = `sqlite:${join(dir, 'sb.db')}`;
  writeFileSync(join(dir, 'config.yaml'), stringify(config));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/_API_KEY$/.test(k)));
  child = spawn(process.execPath, ['bin/switchboard.js', 'serve', '--config', join(dir, 'config.yaml')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  for (let i = 0; i < 100 && !output.includes('gateway listening'); i++) await new Promise((r) => setTimeout(r, 100));
});

afterAll(() => {
  child?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe('quick start', () => {
  it('starts with no keys, skipping the real providers', () => {
    expect(output).toContain('gateway listening');
    expect(output).toMatch(/provider 'openai' skipped: \$\{OPENAI_API_KEY\} not set/);
  });

  it('answers a chat completion and an Anthropic message', async () => {
    const chat = await fetch(`${gatewayUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'sim-small', messages: [{ role: 'user', content: 'Hello' }] }),
    });
    expect(chat.status).toBe(200);
    expect(((await chat.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content).toBe('Simulated reply to: Hello');
    const message = await fetch(`${gatewayUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'sim-claude', max_tokens: 100, messages: [{ role: 'user', content: 'Hello' }] }),
    });
    expect(message.status).toBe(200);
    expect(((await message.json()) as { content: Array<{ text: string }> }).content[0]!.text).toBe('Simulated reply to: Hello');
  });

  it('lists only the models whose providers are enabled', async () => {
    const models = (await (await fetch(`${gatewayUrl}/v1/models`)).json()) as { data: Array<{ id: string }> };
    expect(models.data.map((m) => m.id)).toEqual(['sim-small', 'sim-claude']);
  });
});
