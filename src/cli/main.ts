/** The `switchboard` command: serve, simulate, logs, catalog, migrate, audit, and the admin API's commands. */
import { Command } from 'commander';
import { ConfigError } from '../config/errors.js';
import { registerTenancyCommands } from './admin-commands.js';
import { registerReportCommands } from './admin-report-commands.js';
import { registerAuditCommand } from './audit-command.js';
import { registerCacheCommands } from './cache-commands.js';
import { registerExperimentCommands } from './experiments-commands.js';
import { registerCatalogCommand } from './catalog-command.js';
import { registerLogsCommand } from './logs-command.js';
import { registerMigrateCommand } from './migrate-command.js';
import { registerPromptsCommands } from './prompts-commands.js';
import { registerServeCommand } from './serve-command.js';
import { registerSimulateCommand } from './simulate-command.js';

/** Builds the program (exported for tests). */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('switchboard')
    .description('Switchboard AI gateway: one OpenAI- and Anthropic-compatible endpoint over every major LLM provider.')
    .showHelpAfterError();
  registerServeCommand(program);
  registerSimulateCommand(program);
  registerLogsCommand(program);
  registerCatalogCommand(program);
  // Database maintenance (issue 7).
  registerMigrateCommand(program);
  registerAuditCommand(program);
  // The admin API's client commands (teams, projects, keys, spend, alerts list); after `audit`,
  // whose group `audit list` joins next to `audit verify`.
  registerTenancyCommands(program);
  registerReportCommands(program);
  registerCacheCommands(program);
  registerExperimentCommands(program);
  registerPromptsCommands(program);
  return program;
}

/** Runs the CLI; config errors print one clear line and exit 1, never a stack trace. */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`switchboard: config error: ${err.message}\n`);
    } else {
      const code = (err as NodeJS.ErrnoException).code;
      process.stderr.write(`switchboard: ${code === 'EADDRINUSE' ? 'the port is already in use; pick another with --port.' : (err as Error).message}\n`);
    }
    process.exit(1);
  }
}
