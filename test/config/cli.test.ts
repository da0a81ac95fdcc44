/**
 * The real CLI (`node bin/switchboard.js serve --config FILE`) on bad configs: a non-zero exit
 * and one clear stderr line naming the file, the path and the fix, never a stack trace.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = resolve(import.meta.dirname, '../../bin/switchboard.js');
const dir = mkdtempSync(join(tmpdir(), 'switchboard-cli-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A clean environment: no variable the configs below refer to. */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { PATH, HOME, NODE_OPTIONS } = process.env;
  return { PATH, HOME, ...(NODE_OPTIONS ? { NODE_OPTIONS } : {}), ...extra };
}

function writeConfig(name: string, ...lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function serve(args: string[], extraEnv: Record<string, string> = {}): Promise<Exit> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, 'serve', ...args], { env: env(extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

function expectCleanFailure(exit: Exit, file: string, path: string): void {
  expect(exit.code, exit.stderr).not.toBe(0);
  expect(exit.stderr).toContain('switchboard: config error:');
  expect(exit.stderr).toContain(file);
  if (path) expect(exit.stderr).toContain(`'${path}'`);
  expect(exit.stderr).not.toMatch(/\n\s+at |\.ts:\d+|node:internal/);
  expect(exit.stderr.trim().split('\n')).toHaveLength(1);
}

describe('switchboard serve with a bad config', () => {
  it('exits non-zero on invalid YAML, naming file and line', async () => {
    const file = writeConfig('bad-yaml.yaml', 'server:', '  port: 8080', ' providers: [');
    const exit = await serve(['--config', file]);
    expectCleanFailure(exit, `${file}:3`, '');
    expect(exit.stderr).toMatch(/invalid YAML.*indentation/);
  });

  it('exits non-zero on an unknown provider type, naming providers[0].type and the known types', async () => {
    const file = writeConfig('bad-type.yaml', 'server: { port: 0 }', 'providers:', '  - { id: a, type: opnai, api_key: x }');
    const exit = await serve(['--config', file]);
    expectCleanFailure(exit, file, 'providers[0].type');
    expect(exit.stderr).toMatch(/Known types: .*openai/);
  });

  it('exits non-zero on a missing ${ENV} variable, naming it', async () => {
    const file = writeConfig('env.yaml', 'server: { port: 0 }', 'providers:', '  - id: a', '    type: openai', '    api_key: ${SWITCHBOARD_TEST_UNSET_KEY}');
    const exit = await serve(['--config', file]);
    expectCleanFailure(exit, `${file}:5`, 'providers[0].api_key');
    expect(exit.stderr).toContain('${SWITCHBOARD_TEST_UNSET_KEY} is not set');
    expect(exit.stderr).toContain('optional: true');
  });

  it('refuses a non-loopback host without admin_key', async () => {
    const file = writeConfig('open.yaml', 'server: { host: 0.0.0.0, port: 0 }', `storage: sqlite:${join(dir, 'open.db')}`);
    const exit = await serve(['--config', file]);
    expectCleanFailure(exit, file, 'server.host');
    expect(exit.stderr).toMatch(/set admin_key, or pass --allow-public-open-mode/);
  });

  it('exits non-zero when the port is already in use, naming the address and the fix', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((ready) => blocker.listen(0, '127.0.0.1', ready));
    const port = (blocker.address() as { port: number }).port;
    try {
      const file = writeConfig('port.yaml', `server: { host: 127.0.0.1, port: ${port} }`, `storage: sqlite:${join(dir, 'port.db')}`);
      const exit = await serve(['--config', file]);
      expectCleanFailure(exit, file, 'server.port');
      expect(exit.stderr).toContain(`127.0.0.1:${port} is already in use`);
      expect(exit.stderr).toMatch(/--port/);
    } finally {
      await new Promise<void>((closed) => blocker.close(() => closed()));
    }
  });

  it('exits non-zero for a config file that does not exist', async () => {
    const file = join(dir, 'missing.yaml');
    const exit = await serve(['--config', file]);
    expectCleanFailure(exit, file, '');
    expect(exit.stderr).toMatch(/file not found/);
  });
});

describe('switchboard serve with an optional provider missing its key', () => {
  it('starts, says which provider it skipped, and serves only the remaining models', async () => {
    const file = writeConfig(
      'optional.yaml',
      'server: { host: 127.0.0.1, port: 0 }',
      `storage: sqlite:${join(dir, 'optional.db')}`,
      'providers:',
      '  - { id: maybe, type: openai, api_key: "${SWITCHBOARD_TEST_UNSET_KEY}", optional: true }',
      '  - { id: sure, type: openai, api_key: k, base_url: "http://127.0.0.1:9/v1" }',
      'models:',
      '  - { name: only-maybe, targets: [{ provider: maybe, model: x }] }',
      '  - { name: kept, targets: [{ provider: sure, model: y }] }',
    );
    const child = spawn(process.execPath, [BIN, 'serve', '--config', file], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stdout = '';
    const url = await new Promise<string>((ready, fail) => {
      child.stdout!.on('data', (c: Buffer) => {
        stdout += c.toString();
        const match = /gateway listening on (http:\/\/\S+)/.exec(stdout);
        if (match) ready(match[1]!);
      });
      child.on('close', (code) => fail(new Error(`exited ${code}: ${stdout}`)));
    });
    expect(stdout).toContain("provider 'maybe' skipped: ${SWITCHBOARD_TEST_UNSET_KEY} not set");
    const models = (await (await fetch(`${url}/v1/models`)).json()) as { data: Array<{ id: string }> };
    expect(models.data.map((m) => m.id)).toEqual(['kept']);
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
