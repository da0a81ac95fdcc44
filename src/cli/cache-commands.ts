/** `switchboard cache purge|stats`: the response cache's admin routes from the command line. */
import { type Command, InvalidArgumentError } from 'commander';
import { adminRequest } from './admin-client.js';
import { action, print, withConnection } from './admin-commands.js';
import { parseTimeOption } from './logs-filters.js';

/** An age as the admin API takes it (30m, 2h, 7d, or seconds); refused here before any call. */
function ageOption(value: string): string {
  if (!/^\d{1,9}[smhd]?$/.test(value)) throw new InvalidArgumentError(`'${value}' is not an age: use 30m, 2h, 7d or seconds.`);
  return value;
}

function groupOption(value: string): string {
  if (value !== 'team' && value !== 'model') throw new InvalidArgumentError(`'${value}' is not team or model.`);
  return value;
}

/** Adds `cache purge` and `cache stats` to the CLI. */
export function registerCacheCommands(program: Command): void {
  const cache = program.command('cache').description('the response cache: purge entries, read its statistics');
  withConnection(cache.command('purge').description('remove cache entries (a team admin key: its own team only); needs a filter or --all'))
    .option('--team <id>', "only this team's entries")
    .option('--scope <scope>', 'only this scope and those under it, e.g. team:ID/key:ID')
    .option('--namespace <name>', 'only entries written under this namespace')
    .option('--older-than <age>', 'only entries older than this: 30m, 2h, 7d, or seconds', ageOption)
    .option('--all', 'every entry you may purge (required when no filter is given)')
    .action(
      action(async (cmd, conn, opts) => {
        const body: Record<string, unknown> = {};
        if (opts.team !== undefined) body.team = opts.team;
        if (opts.scope !== undefined) body.scope = opts.scope;
        if (opts.namespace !== undefined) body.namespace = opts.namespace;
        if (opts.olderThan !== undefined) body.older_than = opts.olderThan;
        if (opts.all) body.all = true;
        print(cmd, opts, await adminRequest(conn, 'POST', '/admin/v1/cache/purge', { body }), ['purged']);
      }),
    );
  withConnection(cache.command('stats').description('hits, misses, hit rate and savings per team or model (default: the last 24 hours)'))
    .option('--group-by <group>', 'team or model', groupOption, 'team')
    .option('--since <time>', 'from this time: an age (24h, 7d), epoch ms or an ISO date', '24h')
    .option('--team <id>', 'only this team')
    .action(
      action(async (cmd, conn, opts) => {
        const from = parseTimeOption(opts.since as string, 'since');
        const query = { group_by: opts.groupBy as string, from, team: opts.team as string | undefined };
        const text = await adminRequest(conn, 'GET', '/admin/v1/cache/stats', { query });
        if (!opts.table) return print(cmd, opts, text, []);
        // The table shows the groups; the list's object is not 'list', so hand print the rows as one.
        const stats = JSON.parse(text) as { data: unknown[] };
        print(cmd, opts, JSON.stringify({ object: 'list', data: stats.data }), ['key', 'requests', 'hits', 'semantic_hits', 'misses', 'hit_rate', 'saved_usd']);
      }),
    );
}
