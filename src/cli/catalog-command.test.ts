import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { registerCatalogCommand } from './catalog-command.js';

function cli() {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command('switchboard').exitOverride().configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  registerCatalogCommand(program);
  const run = (...args: string[]) => program.parseAsync(args, { from: 'user' });
  return { run, out, err };
}

describe('switchboard catalog show', () => {
  it('prints the entry as JSON', async () => {
    const { run, out } = cli();
    await run('catalog', 'show', 'gpt-4o', '--provider', 'openai');
    const entry = JSON.parse(out.join(''));
    expect(entry).toMatchObject({ key: 'openai/gpt-4o', match: 'exact', price: { input: 2.5, output: 10 } });
  });

  it('finds a model by name alone', async () => {
    const { run, out } = cli();
    await run('catalog', 'show', 'us.anthropic.claude-3-5-haiku-20241022-v1:0');
    expect(JSON.parse(out.join('')).provider).toBe('bedrock');
  });

  it('fails with exit code 1 for an unknown model', async () => {
    const { run, err } = cli();
    await expect(run('catalog', 'show', 'no-such-model', '--provider', 'openai')).rejects.toMatchObject({
      constructor: CommanderError,
      exitCode: 1,
      code: 'catalog.not_found',
    });
    expect(err.join('')).toContain('no catalog entry for model "no-such-model" for provider type "openai"');
  });
});

describe('switchboard catalog refresh', () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-catalog-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds a catalog from --from into --out, which show can then read', async () => {
    const from = join(dir, 'prices.json');
    const out = join(dir, 'catalog.json');
    writeFileSync(
      from,
      JSON.stringify({
        'my-model': { litellm_provider: 'groq', mode: 'chat', input_cost_per_token: 1e-6, output_cost_per_token: 2e-6 },
      }),
    );
    const first = cli();
    await first.run('catalog', 'refresh', '--from', from, '--out', out);
    expect(first.out.join('')).toContain('1 models');
    expect(JSON.parse(readFileSync(out, 'utf8')).models['groq/my-model'].price).toEqual({ input: 1, output: 2 });

    const second = cli();
    await second.run('catalog', 'show', 'my-model', '--catalog', out);
    expect(JSON.parse(second.out.join(''))).toMatchObject({ key: 'groq/my-model', match: 'bare' });
  });

  it('fails naming the bad entry for a malformed file', async () => {
    const from = join(dir, 'bad.json');
    writeFileSync(from, JSON.stringify({ 'bad-entry': { mode: 'chat' } }));
    const { run, err } = cli();
    await expect(run('catalog', 'refresh', '--from', from, '--out', join(dir, 'never.json'))).rejects.toMatchObject({
      exitCode: 1,
      code: 'catalog.format',
    });
    expect(err.join('')).toContain('"bad-entry": field "litellm_provider"');
  });
});
