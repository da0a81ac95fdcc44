/**
 * `switchboard teams|projects|keys ...`: the admin API's objects from the command line, against a
 * running gateway (--url, --admin-key or SWITCHBOARD_URL, SWITCHBOARD_ADMIN_KEY).
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { type AdminConnection, adminRequest } from './admin-client.js';
import { formatTable } from './admin-table.js';
import { readGuardrailsFile } from './guardrails-file.js';

/** Options every admin command has. */
export interface ConnectionOptions {
  url: string;
  adminKey?: string;
  table?: boolean;
}

/** Adds --url, --admin-key and --table to a command. */
export function withConnection(cmd: Command): Command {
  return cmd
    .addOption(new Option('--url <url>', 'gateway base URL').env('SWITCHBOARD_URL').default('http://127.0.0.1:8080'))
    .addOption(new Option('--admin-key <key>', 'admin key or a team_admin/viewer key (prefer the env variable: flags show in ps)').env('SWITCHBOARD_ADMIN_KEY'))
    .option('--table', 'print a table instead of JSON');
}

/** Writes to the command's standard output. */
export function write(cmd: Command, text: string): void {
  const out = cmd.configureOutput();
  (out.writeOut ?? ((s: string) => process.stdout.write(s)))(text);
}

/** Runs an admin call for a command; a failure prints the server's message and exits 1. */
export function action<A extends unknown[]>(
  fn: (cmd: Command, conn: AdminConnection, opts: ConnectionOptions & Record<string, unknown>, ...args: A) => Promise<void>,
) {
  return async (...received: unknown[]) => {
    const cmd = received[received.length - 1] as Command;
    const opts = cmd.opts() as ConnectionOptions & Record<string, unknown>;
    const args = received.slice(0, -2) as A;
    try {
      await fn(cmd, { url: opts.url, adminKey: opts.adminKey }, opts, ...args);
    } catch (err) {
      // The call failed, not the command line: the usage text would only bury the reason.
      cmd.showHelpAfterError(false);
      cmd.error(`switchboard: ${(err as Error).message}`, { exitCode: 1, code: 'admin.failed' });
    }
  };
}

/** Prints an answer: JSON, or with --table the list's rows (or the one object) in columns. */
export function print(cmd: Command, opts: ConnectionOptions, text: string, columns: readonly string[]): void {
  if (!opts.table) {
    write(cmd, `${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    return;
  }
  const value = JSON.parse(text) as { object?: string; data?: Record<string, unknown>[] };
  const rows = value.object === 'list' && Array.isArray(value.data) ? value.data : [value as Record<string, unknown>];
  write(cmd, formatTable(columns, rows));
}

function jsonArg(flag: string) {
  return (value: string): unknown => {
    try {
      return JSON.parse(value);
    } catch (err) {
      throw new InvalidArgumentError(`${flag} is not valid JSON (${(err as Error).message}); e.g. '{"usd":50,"period":"month"}'.`);
    }
  };
}

function positiveInt(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number.');
  return Number(value);
}

/** A body field set by a command option. */
interface Field {
  flag: string;
  key: string;
  help: string;
  parse?: (value: string) => unknown;
  createOnly?: boolean;
}

const json = (flag: string, key: string, help: string): Field => ({ flag: `--${flag} <json>`, key, help, parse: jsonArg(`--${flag}`) });
const CONTROL_FIELDS: Field[] = [
  { flag: '--name <name>', key: 'name', help: 'name (1-200 characters)' },
  json('metadata', 'metadata', 'labels, e.g. \'{"owner":"ana"}\''),
  json('budget', 'budget', 'budget, e.g. \'{"usd":50,"period":"month","alert_at":[0.5,0.8,1]}\'; null removes it'),
  json('limits', 'limits', 'rate limits, e.g. \'{"rpm":600,"tpm":200000,"concurrency":20}\'; null removes them'),
  {
    flag: '--regions <regions>',
    key: 'regions',
    help: "comma-separated regions its requests may be served in, patterns allowed (eu-west-1,eu-*); 'any' removes the pin",
    // Empty pieces are dropped, so '' reaches the server as [] and is refused with its reason.
    parse: (v) =>
      v === 'any'
        ? null
        : v
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== ''),
  },
];
/** A team's or project's own guard list, from a file; the server validates it and names the field at fault. */
const GUARDRAILS_FIELD: Field = {
  flag: '--guardrails <file>',
  key: 'guardrails',
  help: "its own guard list from a YAML or JSON file (a list, or a 'guardrails:' key); 'none' removes it",
  parse: (v) => (v === 'none' ? null : readGuardrailsFile(v)),
};
const USER_FIELDS: Field[] = [
  json('user-budget', 'user_budget', 'budget of each end user'),
  json('user-limits', 'user_limits', 'rate limits of each end user'),
];

const FIELDS: Record<string, Field[]> = {
  teams: [
    ...CONTROL_FIELDS,
    GUARDRAILS_FIELD,
    ...USER_FIELDS,
    json('alerts', 'alerts', 'alert targets, e.g. \'[{"type":"slack","url":"https://hooks.slack.com/..."}]\''),
  ],
  projects: [{ flag: '--team-id <id>', key: 'team_id', help: 'team of the project', createOnly: true }, ...CONTROL_FIELDS, GUARDRAILS_FIELD, ...USER_FIELDS],
  keys: [
    { flag: '--team-id <id>', key: 'team_id', help: 'team of the key (or give --project-id)', createOnly: true },
    { flag: '--project-id <id>', key: 'project_id', help: 'project of the key (its team follows)', createOnly: true },
    ...CONTROL_FIELDS,
    { flag: '--role <role>', key: 'role', help: 'member (default: calls models), team_admin (manages its team) or viewer (reads its team)' },
    {
      flag: '--models <patterns>',
      key: 'models',
      help: "comma-separated aliases the key may call, globs allowed (gpt-4o*,sonnet); 'all' allows every model",
      parse: (v) => (v === 'all' ? null : v.split(',').map((s) => s.trim())),
    },
    { flag: '--expires-at <time>', key: 'expires_at', help: "ISO 8601 time (2026-12-31T00:00:00Z) or 'never'", parse: (v) => (v === 'never' ? null : v) },
  ],
};

const COLUMNS: Record<string, string[]> = {
  teams: ['id', 'name', 'budget', 'limits', 'created_at'],
  projects: ['id', 'team_id', 'name', 'budget', 'limits', 'created_at'],
  keys: ['id', 'name', 'role', 'key_prefix', 'team_id', 'project_id', 'expires_at', 'revoked_at'],
};

/**
 * Stands for null between an option's parser and the body: commander stores a parser's null as ''
 * (so `--budget null`, `--models all`, `--regions any`, `--expires-at never` would send '').
 */
const NULL_VALUE = Symbol('null');

function addFields(cmd: Command, fields: Field[], mode: 'create' | 'update'): Command {
  for (const f of fields) {
    if (mode === 'update' && f.createOnly) continue;
    const option = new Option(f.flag, f.help);
    const parse = f.parse;
    if (parse) option.argParser((value: string) => parse(value) ?? NULL_VALUE);
    cmd.addOption(option);
  }
  return cmd;
}

function bodyFrom(opts: Record<string, unknown>, fields: Field[]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of fields) {
    const name = f.flag.slice(2, f.flag.indexOf(' ')).replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
    if (opts[name] !== undefined) body[f.key] = opts[name] === NULL_VALUE ? null : opts[name];
  }
  return body;
}

function registerResource(program: Command, resource: 'teams' | 'projects' | 'keys', noun: string): void {
  const fields = FIELDS[resource]!;
  const columns = COLUMNS[resource]!;
  const base = `/admin/v1/${resource}`;
  const group = program.command(resource).description(`${noun}s of the admin API (a running gateway: --url, --admin-key)`);

  const list = withConnection(group.command('list').description(`list ${noun}s`))
    .option('--limit <n>', 'page size (1-500)', positiveInt)
    .option('--after <id>', 'the last id of the previous page');
  if (resource !== 'teams') list.option('--team-id <id>', 'only this team');
  if (resource === 'keys') list.option('--project-id <id>', 'only this project');
  list.action(
    action(async (cmd, conn, opts) => {
      const query = { limit: opts.limit as number, after: opts.after as string, team_id: opts.teamId as string, project_id: opts.projectId as string };
      print(cmd, opts, await adminRequest(conn, 'GET', base, { query }), columns);
    }),
  );

  withConnection(group.command('get').description(`show one ${noun}`).argument('<id>')).action(
    action(async (cmd, conn, opts, id: string) => print(cmd, opts, await adminRequest(conn, 'GET', `${base}/${encodeURIComponent(id)}`), columns)),
  );

  addFields(withConnection(group.command('create').description(`create a ${noun}`)), fields, 'create').action(
    action(async (cmd, conn, opts) => {
      const text = await adminRequest(conn, 'POST', base, { body: bodyFrom(opts, fields) });
      print(cmd, opts, text, resource === 'keys' ? ['id', 'name', 'role', 'key'] : columns);
      if (resource === 'keys') cmd.configureOutput().writeErr?.('switchboard: the key is shown this once; store it now.\n');
    }),
  );

  addFields(withConnection(group.command('update').description(`change a ${noun} (only the fields given)`).argument('<id>')), fields, 'update').action(
    action(async (cmd, conn, opts, id: string) => {
      const text = await adminRequest(conn, 'PATCH', `${base}/${encodeURIComponent(id)}`, { body: bodyFrom(opts, fields) });
      print(cmd, opts, text, columns);
    }),
  );

  const remove = resource === 'keys' ? 'revoke' : 'delete';
  withConnection(
    group
      .command(remove)
      .description(resource === 'keys' ? 'revoke a key (it stops working on every replica)' : `delete a ${noun}`)
      .argument('<id>'),
  ).action(action(async (cmd, conn, opts, id: string) => print(cmd, opts, await adminRequest(conn, 'DELETE', `${base}/${encodeURIComponent(id)}`), columns)));
}

/** Adds `teams`, `projects` and `keys` to the CLI. */
export function registerTenancyCommands(program: Command): void {
  registerResource(program, 'teams', 'team');
  registerResource(program, 'projects', 'project');
  registerResource(program, 'keys', 'key');
}
