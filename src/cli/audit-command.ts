/** `switchboard audit verify --config FILE`: walks the audit hash chain; exit 1 (through main) names the first broken row. */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { KyselyAuditStore } from '../storage/governance/audit-store.js';
import { openStorage } from '../storage/open.js';
import { parseStorageUrl } from '../storage/url.js';
import { storageUrlOf } from './storage-config.js';

function write(cmd: Command, text: string): void {
  const out = cmd.configureOutput();
  (out.writeOut ?? ((s: string) => process.stdout.write(s)))(text);
}

/** Adds the `audit` command group. */
export function registerAuditCommand(program: Command): Command {
  const audit = program.command('audit').description('the hash-chained audit log of admin actions and key events');
  audit
    .command('verify')
    .description('check that no audit row was changed, deleted or inserted since it was written')
    .option('-c, --config <file>', 'YAML config file (for its storage URL)', 'switchboard.example.yaml')
    .action(async (opts: { config: string }, cmd: Command) => {
      const url = storageUrlOf(opts.config);
      // Opening would create an empty SQLite file and report its empty chain as fine.
      const target = parseStorageUrl(url);
      if (target?.kind === 'sqlite' && target.path !== ':memory:' && !existsSync(target.path)) {
        throw new Error(`no database at ${target.path}: check \`storage\` in ${opts.config} (relative paths start from the current directory)`);
      }
      const storage = await openStorage(url, { pool: { max: 1 } });
      let result: Awaited<ReturnType<KyselyAuditStore['verify']>>;
      try {
        result = await new KyselyAuditStore(storage.db, storage.kind).verify();
      } finally {
        await storage.close();
      }
      if (result.ok) {
        write(cmd, `audit chain ok: ${result.rows} rows\n`);
        return;
      }
      // Thrown, not cmd.error: main() prints it as one line and exits 1, without the usage text.
      throw new Error(`audit chain broken at seq ${result.seq}: ${result.reason} (${result.rows} rows before it verified)`);
    });
  return audit;
}
