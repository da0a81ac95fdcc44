/**
 * `switchboard audit verify` and `switchboard migrate`, run in-process on SQLite and PostgreSQL:
 * a clean chain prints its row count, a row changed or deleted by hand fails naming it (main()
 * prints a failure's message and exits 1, checked once through the real `bin/switchboard.js`).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KyselyTenancyStore } from '../storage/governance/tenancy-store.js';
import { openStorage } from '../storage/open.js';
import { describeStorageUrl } from '../storage/url.js';
import { createTestSchema } from '../testing/postgres.js';
import { GOVERNANCE_DIALECTS, type GovernanceDatabase } from '../testing/governance-storage.js';
import { registerAuditCommand } from './audit-command.js';
import { registerMigrateCommand } from './migrate-command.js';

const dir = mkdtempSync(join(tmpdir(), 'switchboard-audit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let configs = 0;
function configFor(url: string): string {
  const file = join(dir, `config-${++configs}.yaml`);
  writeFileSync(file, `storage: ${JSON.stringify(url)}\nadmin_key: \${UNSET_ADMIN_KEY_FOR_TEST}\n`);
  return file;
}

function cli() {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command('switchboard').exitOverride().configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  registerMigrateCommand(program);
  registerAuditCommand(program);
  const run = (...args: string[]) => program.parseAsync(args, { from: 'user' });
  return { run, out, err };
}

describe.each(GOVERNANCE_DIALECTS)('switchboard audit verify: %s', (dialect, open) => {
  let database: GovernanceDatabase;
  let config: string;

  beforeAll(async () => {
    database = await open(`audit_cli_${dialect}`);
    config = configFor(database.url);
  });
  beforeEach(() => database.reset());
  afterAll(() => database.close());

  async function writeSome(): Promise<void> {
    const tenancy = new KyselyTenancyStore(database.storage.db, database.storage.kind);
    const actor = { key_id: 'admin_key', role: 'owner' };
    const team = await tenancy.createTeam(actor, { name: 'A' });
    await tenancy.updateTeam(actor, team.id, { limits: { rpm: 5 } });
    await tenancy.createProject(actor, { team_id: team.id, name: 'p' });
    await tenancy.createKey(actor, { team_id: team.id, name: 'k', key_hash: 'c'.repeat(64), key_prefix: 'sk-sb-abcdef' });
  }

  it('exits 0 and counts the rows of an intact chain', async () => {
    await writeSome();
    const { run, out } = cli();
    await run('audit', 'verify', '--config', config);
    expect(out.join('')).toBe('audit chain ok: 4 rows\n');
  });

  it('exits 1 naming a row changed by hand', async () => {
    await writeSome();
    await sql`update audit_log set after = '{"limits":{"rpm":5000}}' where seq = 2`.execute(database.storage.db);
    const { run, out } = cli();
    await expect(run('audit', 'verify', '--config', config)).rejects.toThrow(/^audit chain broken at seq 2: hash mismatch/);
    expect(out.join('')).toBe('');
  });

  it('exits 1 naming the break where a row was deleted by hand', async () => {
    await writeSome();
    await sql`delete from audit_log where seq = 3`.execute(database.storage.db);
    const { run } = cli();
    await expect(run('audit', 'verify', '--config', config)).rejects.toThrow(/^audit chain broken at seq 4: seq gap: row 3 is missing/);
  });
});

describe('switchboard audit verify without a database', () => {
  it('exits 1 instead of creating an empty SQLite file', async () => {
    const { run } = cli();
    const missing = join(dir, 'nowhere', 'none.db');
    await expect(run('audit', 'verify', '--config', configFor(`sqlite:${missing}`))).rejects.toThrow(`no database at ${missing}`);
    expect(existsSync(missing)).toBe(false);
  });
});

describe('switchboard audit verify as a process', () => {
  const bin = new URL('../../bin/switchboard.js', import.meta.url).pathname;
  const spawn = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [bin, ...args], { cwd: dir }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }));
    });

  it('exits 0 on an intact chain and 1, with one line naming the row, on a broken one', async () => {
    const url = `sqlite:${join(dir, 'spawned.db')}`;
    const storage = await openStorage(url);
    const tenancy = new KyselyTenancyStore(storage.db, storage.kind);
    await tenancy.createTeam({ key_id: 'admin_key', role: 'owner' }, { name: 'A' });
    await tenancy.createTeam({ key_id: 'admin_key', role: 'owner' }, { name: 'B' });
    const config = configFor(url);
    expect(await spawn('audit', 'verify', '--config', config)).toEqual({ code: 0, stdout: 'audit chain ok: 2 rows\n', stderr: '' });
    await sql`update audit_log set object_id = 'team_forged' where seq = 2`.execute(storage.db);
    await storage.close();
    const broken = await spawn('audit', 'verify', '--config', config);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toMatch(/^switchboard: audit chain broken at seq 2: hash mismatch.*\n$/);
  });
});

describe('switchboard migrate', () => {
  it('applies every migration to a new SQLite file, then nothing', async () => {
    const url = `sqlite:${join(dir, 'migrate.db')}`;
    const first = cli();
    await first.run('migrate', '--config', configFor(url));
    expect(first.out.join('')).toMatch(
      /applied 8 migration\(s\):\n {2}20261206-01-request-log\n {2}20261206-02-responses\n {2}20261207-01-governance\n {2}20261208-01-routing\n {2}20261209-01-observability\n {2}20261210-01-cache\n {2}20261211-01-guardrails\n {2}20261212-01-prompts\n$/,
    );
    const second = cli();
    await second.run('migrate', '--config', configFor(url));
    expect(second.out.join('')).toBe(`${url}: up to date, no migrations to apply\n`);
  });

  it('applies every migration to a new PostgreSQL schema, then nothing', async () => {
    const schema = await createTestSchema('migrate_cli');
    try {
      const config = configFor(schema.url);
      const first = cli();
      await first.run('migrate', '--config', config);
      expect(first.out.join('')).toContain('applied 8 migration(s)');
      expect(first.out.join('')).toContain(`${describeStorageUrl(schema.url)}: `);
      const second = cli();
      await second.run('migrate', '--config', config);
      expect(second.out.join('')).toMatch(/up to date/);
      const storage = await openStorage(schema.url);
      expect((await storage.db.selectFrom('governance_state').select('epoch').executeTakeFirstOrThrow()).epoch).toBe(0);
      await storage.close();
    } finally {
      await schema.drop();
    }
  });
});
