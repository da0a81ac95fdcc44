/** `switchboard logs --tail N`: prints the most recent request-log rows. */
import type { Command } from 'commander';
import { loadConfigFile } from '../config/load.js';
import { openStorage } from '../storage/open.js';
import type { RequestLogRow } from '../storage/request-log/columns.js';
import { requestLogStore } from '../storage/request-log/store.js';

function formatRow(row: RequestLogRow): string {
  const time = new Date(Number(row.time)).toISOString();
  const tokens = row.input_tokens === null ? '-' : `${row.input_tokens}/${row.output_tokens}`;
  const cost = row.cost_usd === null ? '-' : `$${Number(row.cost_usd).toFixed(6)}`;
  const served = row.provider ? `${row.provider}:${row.model_served ?? '?'}` : '-';
  const latency =
    `total=${Number(row.total_ms).toFixed(1)}ms gw=${Number(row.gateway_ms).toFixed(2)}ms` +
    (row.upstream_ttfb_ms !== null ? ` ttfb=${Number(row.upstream_ttfb_ms).toFixed(1)}ms` : '') +
    (row.ttft_ms !== null ? ` ttft=${Number(row.ttft_ms).toFixed(1)}ms` : '');
  return [
    time,
    row.id,
    row.ingress,
    row.stream ? 'stream' : 'json',
    row.model_requested || '-',
    served,
    row.status,
    row.error_code ?? '',
    tokens,
    cost,
    latency,
  ].join('  ');
}

/** Adds the logs command. */
export function registerLogsCommand(program: Command): void {
  program
    .command('logs')
    .description('Print recent requests from the request log.')
    .option('-c, --config <file>', 'YAML config file (for its storage URL)', 'switchboard.example.yaml')
    .option('-n, --tail <count>', 'how many recent requests', (v) => Math.max(1, Number.parseInt(v, 10) || 20), 20)
    .option('--json', 'print JSON lines')
    .action(async (opts: { config: string; tail: number; json?: boolean }) => {
      const { config } = loadConfigFile(opts.config, { ...process.env, ...lenientEnv() });
      const storage = await openStorage(config.storage, { pool: { max: 1 } });
      try {
        const rows = (await requestLogStore(storage).recent(opts.tail)).reverse();
        for (const row of rows) process.stdout.write(`${opts.json ? JSON.stringify(row) : formatRow(row)}\n`);
        if (rows.length === 0) process.stdout.write('no requests logged yet\n');
      } finally {
        await storage.close();
      }
    });
}

// Reading logs must not require provider secrets: unset ${VARS} resolve to a placeholder.
function lenientEnv(): NodeJS.ProcessEnv {
  return new Proxy({} as NodeJS.ProcessEnv, { get: (_t, key) => (typeof key === 'string' ? (process.env[key] ?? 'unset') : undefined) });
}
