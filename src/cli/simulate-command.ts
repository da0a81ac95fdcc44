/** `switchboard simulate`: runs the provider simulator on its own. */
import type { Command } from 'commander';
import { startSimulator } from '../simulator/server.js';
import { parsePort } from './options.js';

/** Adds the simulate command. */
export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('Start the provider simulator (every provider wire format, with fault injection).')
    .option('-p, --port <port>', 'listen port', parsePort, 4010)
    .option('-H, --host <host>', 'listen address', '127.0.0.1')
    .action(async (opts: { port: number; host: string }) => {
      const sim = await startSimulator({ port: opts.port, host: opts.host });
      process.stdout.write(`switchboard: simulator listening on ${sim.url}\n`);
      const stop = async () => {
        await sim.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop());
      process.on('SIGTERM', () => void stop());
    });
}
