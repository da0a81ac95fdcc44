/** `switchboard spend`, `switchboard alerts list` and `switchboard audit list`: reading the admin API's reports. */
import type { Command } from 'commander';
import { adminRequest } from './admin-client.js';
import { action, print, withConnection, write } from './admin-commands.js';

const SPEND_COLUMNS: Record<string, string[]> = {
  team: ['team_id', 'team_name'],
  project: ['project_id', 'project_name', 'team_id'],
  key: ['key_id', 'key_name', 'team_id'],
  user: ['user'],
  model: ['model'],
};
const METRICS = ['usd', 'input_tokens', 'output_tokens', 'requests', 'cache_hits', 'saved_usd'];

/** The `audit` command: found when another module registered it first (audit verify), else created. */
function auditGroup(program: Command): Command {
  return program.commands.find((c) => c.name() === 'audit') ?? program.command('audit').description('the hash-chained audit log');
}

/** Adds spend, alerts and audit list to the CLI. */
export function registerReportCommands(program: Command): void {
  withConnection(program.command('spend').description('spend grouped by team, project, key, user or model (default: this month)'))
    .option('--group-by <group>', 'team, project, key, user or model', 'team')
    .option('--from <day>', 'first day, YYYY-MM-DD (default: the first of this month)')
    .option('--to <day>', 'last day, YYYY-MM-DD (default: today)')
    .option('--team-id <id>', 'only this team')
    .option('--csv', 'print CSV')
    .action(
      action(async (cmd, conn, opts) => {
        const query = { group_by: opts.groupBy as string, from: opts.from as string, to: opts.to as string, team_id: opts.teamId as string };
        if (opts.csv) {
          write(cmd, await adminRequest(conn, 'GET', '/admin/v1/spend', { query: { ...query, format: 'csv' }, accept: 'text/csv' }));
          return;
        }
        print(cmd, opts, await adminRequest(conn, 'GET', '/admin/v1/spend', { query }), [...(SPEND_COLUMNS[opts.groupBy as string] ?? []), ...METRICS]);
      }),
    );

  const alerts = program.command('alerts').description('budget alerts sent');
  withConnection(alerts.command('list').description('recent budget alerts and their deliveries'))
    .option('--team-id <id>', 'only this team')
    .option('--limit <n>', 'how many (1-500)')
    .action(
      action(async (cmd, conn, opts) => {
        const text = await adminRequest(conn, 'GET', '/admin/v1/alerts', { query: { team_id: opts.teamId as string, limit: opts.limit as string } });
        print(cmd, opts, text, ['id', 'time', 'payload']);
      }),
    );

  withConnection(auditGroup(program).command('list').description('list audit rows through the admin API (owner only)'))
    .option('--action <action>', 'only this action, e.g. key.revoked')
    .option('--object-id <id>', 'only this object')
    .option('--actor-key-id <id>', "only this actor ('admin_key' for the owner)")
    .option('--from <time>', 'from this time (ISO 8601 or epoch ms)')
    .option('--to <time>', 'up to this time')
    .option('--limit <n>', 'how many (1-500)')
    .option('--after-seq <seq>', 'next page: rows older than this sequence number (newest come first)')
    .action(
      action(async (cmd, conn, opts) => {
        const query = {
          action: opts.action as string,
          object_id: opts.objectId as string,
          actor_key_id: opts.actorKeyId as string,
          from: opts.from as string,
          to: opts.to as string,
          limit: opts.limit as string,
          after_seq: opts.afterSeq as string,
        };
        print(cmd, opts, await adminRequest(conn, 'GET', '/admin/v1/audit', { query }), ['seq', 'time', 'actor_key_id', 'action', 'object_type', 'object_id']);
      }),
    );
}
