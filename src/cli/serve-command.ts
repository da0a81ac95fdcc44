/** `switchboard serve`: runs the gateway until SIGINT/SIGTERM, then shuts down gracefully. */
import type { Command } from 'commander';
import { startGateway } from '../app/gateway.js';
import { ConfigError } from '../config/errors.js';
import { parsePort } from './options.js';

/** Adds the serve command. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Start the gateway.')
    .option('-c, --config <file>', 'YAML config file', 'switchboard.example.yaml')
    .option('-p, --port <port>', 'listen port (overrides server.port)', parsePort)
    .option('-H, --host <host>', 'listen address (overrides server.host)')
    .option('--allow-public-open-mode', 'allow a non-loopback address without admin_key (anyone reaching it can use your providers)')
    .action(async (opts: { config: string; port?: number; host?: string; allowPublicOpenMode?: boolean }) => {
      const note = (text: string) => process.stdout.write(`switchboard: ${text}\n`);
      const gateway = await startGateway({
        configFile: opts.config,
        port: opts.port,
        host: opts.host,
        allowPublicOpenMode: opts.allowPublicOpenMode,
        onNote: note,
      }).catch((err: NodeJS.ErrnoException & { address?: string; port?: number }) => {
        if (err.code !== 'EADDRINUSE' && err.code !== 'EACCES') throw err;
        const where = `${err.address ?? opts.host ?? ''}:${err.port ?? opts.port ?? ''}`;
        const problem = err.code === 'EADDRINUSE' ? `${where} is already in use by another process` : `no permission to listen on ${where}`;
        throw new ConfigError(opts.config, 'server.port', `${problem}. Stop that process, or pick another port with --port or server.port.`);
      });
      note(`gateway listening on ${gateway.url} (config ${opts.config}; models: ${gateway.plan.modelNames.join(', ') || 'none'})`);
      let stopping = false;
      const stop = async () => {
        if (stopping) return;
        stopping = true;
        note('shutting down');
        await gateway.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop());
      process.on('SIGTERM', () => void stop());
    });
}
