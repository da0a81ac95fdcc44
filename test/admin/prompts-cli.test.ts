/**
 * `switchboard prompts ...` against a running gateway, in-process with argv: a folder pushed
 * (idempotent, with a label), a bad file that pushes nothing, labels with compare-and-set,
 * diff, history, show, and pull then push that changes nothing.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerPromptsCommands } from '../../src/cli/prompts-commands.js';
import type { TestStack } from '../../src/testing/stack.js';
import { ADMIN_KEY, AdminClient, startAdminStack } from './helpers.js';

let stack: TestStack;
let conn: string[];
const dir = mkdtempSync(join(tmpdir(), 'switchboard-prompts-cli-'));

beforeAll(async () => {
  stack = await startAdminStack();
  conn = ['--url', stack.url, '--admin-key', ADMIN_KEY];
});
afterAll(async () => {
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
});

function cli() {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command('switchboard').exitOverride().configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  registerPromptsCommands(program);
  const run = async (...args: string[]) => {
    out.length = 0;
    err.length = 0;
    await program.parseAsync(args, { from: 'user' });
    return out.join('');
  };
  return { run, out, err };
}

const greet = (word: string) => `description: Greets a user
model: fast
params:
  temperature: 0.2
variables:
  name: { type: string, default: there }
messages:
  - role: system
    content: |
      You are terse.
      Never use emoji.
  - role: user
    content: "${word} {{name}}"
`;
const summarize = `id: summarize
messages:
  - role: user
    content: "Summarize: {{text}}"
variables:
  text: { type: string }
`;

function folder(name: string, files: Record<string, string>): string {
  const path = join(dir, name);
  mkdirSync(path, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(path, file), text);
  return path;
}

describe('switchboard prompts', () => {
  it('pushes a folder idempotently and moves the label, printing created or unchanged per prompt', async () => {
    const { run } = cli();
    const prompts = folder('repo', { 'greet.yaml': greet('Hi'), 'sum.yml': summarize, 'README.md': '# not a prompt' });
    expect(await run('prompts', 'push', '--dir', prompts, '--label', 'production', '--message', 'abc123', ...conn)).toBe(
      'greet: created v1, production → v1\nsummarize: created v1, production → v1\n',
    );
    expect(await run('prompts', 'push', '--dir', prompts, '--label', 'production', ...conn)).toBe(
      'greet: unchanged v1, production → v1\nsummarize: unchanged v1, production → v1\n',
    );
    writeFileSync(join(prompts, 'greet.yaml'), greet('Hello'));
    expect(await run('prompts', 'push', '--file', join(prompts, 'greet.yaml'), ...conn)).toBe('greet: created v2\n');

    const list = JSON.parse(await run('prompts', 'list', ...conn));
    expect(list.data.map((p: { id: string; labels: unknown; latest_version: number }) => [p.id, p.latest_version, p.labels])).toEqual([
      ['greet', 2, { production: 1 }],
      ['summarize', 1, { production: 1 }],
    ]);
    expect(await run('prompts', 'list', '--table', ...conn)).toMatch(/greet/);
    expect(JSON.parse(await run('prompts', 'show', 'greet@production', ...conn))).toMatchObject({ version: 1, message: 'abc123' });
    expect(JSON.parse(await run('prompts', 'show', 'greet@2', ...conn))).toMatchObject({ version: 2 });
    expect(JSON.parse(await run('prompts', 'show', 'greet', ...conn))).toMatchObject({ object: 'prompt', latest_version: 2 });
    expect(await run('prompts', 'show', 'greet', '--yaml', ...conn)).toContain('content: Hello {{name}}');
  });

  it('refuses a folder with one bad file, naming the file, line and path, and pushes nothing', async () => {
    const { run } = cli();
    const bad = folder('bad', {
      'a-first.yaml': summarize.replace('id: summarize', 'id: would-be-pushed'),
      'b-broken.yaml': greet('Hi').replace('{{name}}"', '{{name}} in {{city}}"'),
    });
    await expect(run('prompts', 'push', '--dir', bad, ...conn)).rejects.toThrow(
      /b-broken\.yaml:13: at 'messages\[1\]\.content': uses \{\{city\}\}[\s\S]*nothing was pushed/,
    );
    const owner = new AdminClient(stack.url, ADMIN_KEY);
    expect((await owner.call('GET', '/admin/v1/prompts/would-be-pushed')).status).toBe(404);
    await expect(run('prompts', 'push', ...conn)).rejects.toThrow(/--file FILE or --dir DIR/);
  });

  it('moves labels with --expect, diffs versions and lists the history', async () => {
    const { run } = cli();
    expect(JSON.parse(await run('prompts', 'label', 'greet', 'production', '2', '--expect', '1', ...conn))).toMatchObject({
      version: 2,
      previous_version: 1,
      moved: true,
    });
    await expect(run('prompts', 'label', 'greet', 'production', '1', '--expect', '1', ...conn)).rejects.toThrow(/is at v2, not at v1/);
    // Rollback: point production back at v1.
    await run('prompts', 'label', 'greet', 'production', '1', '--expect', '2', '--reason', 'rollback', ...conn);

    const diff = await run('prompts', 'diff', 'greet', '1', 'production', ...conn);
    expect(diff).toBe(await run('prompts', 'diff', 'greet', '1', '1', ...conn));
    const change = await run('prompts', 'diff', 'greet', 'production', '2', ...conn);
    expect(change).toContain('-    content: Hi {{name}}');
    expect(change).toContain('+    content: Hello {{name}}');

    const history = JSON.parse(await run('prompts', 'history', 'greet', '--label', 'production', ...conn));
    expect(history.data.map((e: { version: number; reason: string | null }) => [e.version, e.reason])).toEqual([
      [1, 'rollback'],
      [2, null],
      [1, null],
    ]);
  });

  it('pulls every prompt at a label into files that push back unchanged', async () => {
    const { run } = cli();
    const pulled = join(dir, 'pulled');
    expect(await run('prompts', 'pull', '--dir', pulled, '--label', 'production', ...conn)).toBe(
      `greet: wrote ${join(pulled, 'greet.yaml')} (v1)\nsummarize: wrote ${join(pulled, 'summarize.yaml')} (v1)\n`,
    );
    const text = readFileSync(join(pulled, 'greet.yaml'), 'utf8');
    expect(text).toContain('id: greet\ndescription: Greets a user\n');
    expect(text).toContain('content: Hi {{name}}');
    expect(await run('prompts', 'push', '--dir', pulled, ...conn)).toBe('greet: created v3\nsummarize: unchanged v1\n');

    // Latest versions, pushed right back: nothing changes.
    const latest = join(dir, 'latest');
    await run('prompts', 'pull', '--dir', latest, ...conn);
    expect(await run('prompts', 'push', '--dir', latest, ...conn)).toBe('greet: unchanged v3\nsummarize: unchanged v1\n');
  });
});
