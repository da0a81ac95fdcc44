/** `switchboard migrate --config FILE`: brings the database to the latest schema and says what it applied. */
import type { Command } from 'commander';
import { openStorage } from '../storage/open.js';
import { storageUrlOf } from './storage-config.js';

function write(cmd: Command, text: string): void {
  const out = cmd.configureOutput();
  (out.writeOut ?? ((s: string) => process.stdout.write(s)))(text);
}

/** Adds the migrate command. */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('Create or update the tables in the database the config names (the gateway also does this at start).')
    .option('-c, --config <file>', 'YAML config file (for its storage URL)', 'switchboard.example.yaml')
    .action(async (opts: { config: string }, cmd: Command) => {
      let applied: string[] = [];
      const storage = await openStorage(storageUrlOf(opts.config), { pool: { max: 1 }, onMigrated: (names) => (applied = names) });
      await storage.close();
      if (applied.length === 0) write(cmd, `${storage.description}: up to date, no migrations to apply\n`);
      else write(cmd, `${storage.description}: applied ${applied.length} migration(s):\n${applied.map((name) => `  ${name}\n`).join('')}`);
    });
}
