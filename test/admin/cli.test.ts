/** The admin CLI commands against a running gateway, called in-process with argv. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerTenancyCommands } from '../../src/cli/admin-commands.js';
import { registerReportCommands } from '../../src/cli/admin-report-commands.js';
import { buildProgram } from '../../src/cli/main.js';
import type { TestStack } from '../../src/testing/stack.js';
import { ADMIN_KEY, startAdminStack } from './helpers.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startAdminStack();
});
afterAll(async () => stack?.close());

/** A program with the admin commands whose output is captured and whose errors throw instead of exiting. */
function cli() {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command('switchboard').exitOverride().configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  registerTenancyCommands(program);
  registerReportCommands(program);
  const run = async (...args: string[]) => {
    out.length = 0;
    err.length = 0;
    await program.parseAsync(args, { from: 'user' });
    return out.join('');
  };
  return { run, out, err };
}

describe('switchboard teams|projects|keys|spend|audit|alerts', () => {
  it('creates a team, a project and a key, and lists them', async () => {
    const { run, err } = cli();
    const conn = ['--url', stack.url, '--admin-key', ADMIN_KEY];
    const team = JSON.parse(await run('teams', 'create', '--name', 'cli-team', '--budget', '{"usd":50,"period":"month"}', '--limits', '{"rpm":60}', ...conn));
    expect(team).toMatchObject({ object: 'team', name: 'cli-team', budget: { usd: 50, period: 'month' }, limits: { rpm: 60 } });
    const project = JSON.parse(await run('projects', 'create', '--team-id', team.id, '--name', 'cli-project', ...conn));
    expect(project).toMatchObject({ team_id: team.id, name: 'cli-project' });
    const key = JSON.parse(
      await run(
        'keys',
        'create',
        '--project-id',
        project.id,
        '--name',
        'cli-key',
        '--models',
        'gpt-4o*,sonnet',
        '--expires-at',
        '2099-01-01T00:00:00Z',
        ...conn,
      ),
    );
    expect(key).toMatchObject({
      project_id: project.id,
      team_id: team.id,
      role: 'member',
      models: ['gpt-4o*', 'sonnet'],
      expires_at: '2099-01-01T00:00:00.000Z',
    });
    expect(key.key).toMatch(/^sk-sb-/);
    expect(err.join('')).toContain('shown this once');

    const teams = JSON.parse(await run('teams', 'list', ...conn));
    expect(teams.data.map((t: { id: string }) => t.id)).toContain(team.id);
    const projects = JSON.parse(await run('projects', 'list', '--team-id', team.id, ...conn));
    expect(projects.data.map((p: { id: string }) => p.id)).toEqual([project.id]);
    const keysText = await run('keys', 'list', '--team-id', team.id, ...conn);
    expect(JSON.parse(keysText).data.map((k: { id: string }) => k.id)).toEqual([key.id]);
    expect(keysText).not.toContain(key.key);

    const table = await run('keys', 'list', '--team-id', team.id, '--table', ...conn);
    const lines = table.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+ROLE\s+KEY_PREFIX/);
    expect(lines[1]).toContain(key.id);
    expect(lines[1]).toContain('cli-key');

    const updated = JSON.parse(await run('teams', 'update', team.id, '--name', 'cli-team-2', '--user-budget', '{"usd":1,"period":"day"}', ...conn));
    expect(updated).toMatchObject({ name: 'cli-team-2', user_budget: { usd: 1, period: 'day' } });
    const revoked = JSON.parse(await run('keys', 'revoke', key.id, ...conn));
    expect(revoked.revoked_at).toEqual(expect.any(String));
    expect(JSON.parse(await run('keys', 'get', key.id, ...conn)).revoked_at).toBe(revoked.revoked_at);
    expect(JSON.parse(await run('projects', 'delete', project.id, ...conn))).toEqual({ id: project.id, object: 'project', deleted: true });
  });

  it('pins teams, projects and keys to regions with --regions, and lifts a pin with any', async () => {
    const { run, err } = cli();
    const conn = ['--url', stack.url, '--admin-key', ADMIN_KEY];
    const team = JSON.parse(await run('teams', 'create', '--name', 'cli-eu', '--regions', 'eu-west-1, eu-*', ...conn));
    expect(team.regions).toEqual(['eu-west-1', 'eu-*']);
    const project = JSON.parse(
      await run('projects', 'create', '--team-id', team.id, '--name', 'p', '--regions', 'eu-west-1', '--budget', '{"usd":5}', ...conn),
    );
    expect(project).toMatchObject({ regions: ['eu-west-1'], budget: { usd: 5 } });
    const key = JSON.parse(await run('keys', 'create', '--project-id', project.id, '--name', 'k', '--regions', 'eu-west-1', ...conn));
    expect(key.regions).toEqual(['eu-west-1']);
    expect(JSON.parse(await run('keys', 'update', key.id, '--regions', 'any', ...conn)).regions).toBeNull();
    expect(JSON.parse(await run('projects', 'update', project.id, '--regions', 'eu-central-1,eu-west-1', ...conn)).regions).toEqual([
      'eu-central-1',
      'eu-west-1',
    ]);
    await expect(run('teams', 'update', team.id, '--regions', '', ...conn)).rejects.toMatchObject({ exitCode: 1 });
    expect(err.join('')).toContain("Field 'regions': an empty list of regions would refuse every request; send null to allow any region.");
    expect(JSON.parse(await run('teams', 'get', team.id, ...conn)).regions).toEqual(['eu-west-1', 'eu-*']);
    // The other ways to clear a field send null too (commander alone would store a parser's null as '').
    const cleared = JSON.parse(await run('projects', 'update', project.id, '--regions', 'any', '--budget', 'null', ...conn));
    expect(cleared).toMatchObject({ regions: null, budget: null });
    const open = JSON.parse(await run('keys', 'create', '--team-id', team.id, '--name', 'k2', '--models', 'all', '--expires-at', 'never', ...conn));
    expect(open).toMatchObject({ models: null, expires_at: null, regions: null });
  });

  it('sets a team and a project guard list from YAML or JSON files with --guardrails, and removes one with none', async () => {
    const { run, err } = cli();
    const conn = ['--url', stack.url, '--admin-key', ADMIN_KEY];
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-guardrails-'));
    try {
      const yamlFile = join(dir, 'team.yaml');
      writeFileSync(yamlFile, 'guardrails:\n  - name: pii\n    type: pii\n    action: redact\n    entities: [EMAIL]\n');
      const jsonFile = join(dir, 'project.json');
      writeFileSync(jsonFile, JSON.stringify([{ name: 'no-secrets', type: 'denied_terms', terms: ['project zeus'], on: ['input', 'output'] }]));
      const team = JSON.parse(await run('teams', 'create', '--name', 'cli-guarded', '--guardrails', yamlFile, ...conn));
      expect(team.guardrails).toEqual([expect.objectContaining({ name: 'pii', type: 'pii', action: 'redact', entities: ['EMAIL'], on: ['input'] })]);
      const project = JSON.parse(await run('projects', 'create', '--team-id', team.id, '--name', 'p', '--guardrails', jsonFile, ...conn));
      expect(project.guardrails).toEqual([expect.objectContaining({ name: 'no-secrets', type: 'denied_terms', terms: ['project zeus'], action: 'block' })]);
      expect(JSON.parse(await run('teams', 'update', team.id, '--guardrails', 'none', ...conn)).guardrails).toBeNull();

      const bad = join(dir, 'bad.yaml');
      writeFileSync(bad, '- name: pii\n  type: pii\n  action: explode\n');
      await expect(run('projects', 'update', project.id, '--guardrails', bad, ...conn)).rejects.toMatchObject({ exitCode: 1 });
      expect(err.join('')).toContain("Field 'guardrails[0].action'");
      const notAList = join(dir, 'map.yaml');
      writeFileSync(notAList, 'name: pii\n');
      await expect(run('projects', 'update', project.id, '--guardrails', notAList, ...conn)).rejects.toThrow(/holds no list of guards/);
      await expect(run('projects', 'update', project.id, '--guardrails', join(dir, 'missing.yaml'), ...conn)).rejects.toThrow(
        /cannot read .*missing\.yaml \(ENOENT\)/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the URL and key from SWITCHBOARD_URL and SWITCHBOARD_ADMIN_KEY, and prints spend, audit and alerts', async () => {
    const saved = { url: process.env.SWITCHBOARD_URL, key: process.env.SWITCHBOARD_ADMIN_KEY };
    process.env.SWITCHBOARD_URL = stack.url;
    process.env.SWITCHBOARD_ADMIN_KEY = ADMIN_KEY;
    try {
      const { run } = cli();
      const csv = await run('spend', '--group-by', 'team', '--from', '2026-01-01', '--to', '2026-01-31', '--csv');
      expect(csv).toBe('usd,input_tokens,output_tokens,requests,saved_usd,cache_hits\r\n');
      const spend = JSON.parse(await run('spend', '--group-by', 'model'));
      expect(spend).toMatchObject({ object: 'list', group_by: 'model', data: [] });
      const audit = JSON.parse(await run('audit', 'list', '--action', 'team.created'));
      expect(audit.data.length).toBeGreaterThan(0);
      expect(audit.data.every((r: { action: string }) => r.action === 'team.created')).toBe(true);
      expect(JSON.parse(await run('alerts', 'list'))).toEqual({ object: 'list', data: [], has_more: false });
    } finally {
      if (saved.url === undefined) delete process.env.SWITCHBOARD_URL;
      else process.env.SWITCHBOARD_URL = saved.url;
      if (saved.key === undefined) delete process.env.SWITCHBOARD_ADMIN_KEY;
      else process.env.SWITCHBOARD_ADMIN_KEY = saved.key;
    }
  });

  it("prints the server's message and exits 1 on errors", async () => {
    const { run, err } = cli();
    const conn = ['--url', stack.url, '--admin-key', ADMIN_KEY];
    await expect(run('teams', 'get', 'team_nope', ...conn)).rejects.toMatchObject({ constructor: CommanderError, exitCode: 1 });
    expect(err.join('')).toContain("No team with id 'team_nope'.");
    await expect(run('teams', 'create', '--name', 'x', '--budget', '{"usd":-1}', ...conn)).rejects.toMatchObject({ exitCode: 1 });
    expect(err.join('')).toContain("Field 'budget.usd': usd cannot be negative.");
    await expect(run('teams', 'list', '--url', stack.url, '--admin-key', 'wrong')).rejects.toMatchObject({ exitCode: 1 });
    expect(err.join('')).toContain('The API key is not valid');
    await expect(run('teams', 'create', '--name', 'x', '--budget', 'not json', ...conn)).rejects.toMatchObject({ exitCode: 1 });
    expect(err.join('')).toContain('--budget is not valid JSON');
    await expect(run('teams', 'list', '--url', 'http://127.0.0.1:1', '--admin-key', ADMIN_KEY)).rejects.toMatchObject({ exitCode: 1 });
    expect(err.join('')).toContain('cannot reach the gateway at http://127.0.0.1:1');
  });

  it('is part of the switchboard program next to its other commands', () => {
    const names = buildProgram().commands.map((c) => c.name());
    expect(names).toEqual(expect.arrayContaining(['serve', 'teams', 'projects', 'keys', 'spend', 'alerts', 'audit']));
    const audit = buildProgram().commands.find((c) => c.name() === 'audit')!;
    expect(audit.commands.map((c) => c.name()).sort()).toEqual(['list', 'verify']);
    expect(buildProgram().commands.filter((c) => c.name() === 'audit')).toHaveLength(1);
  });
});
