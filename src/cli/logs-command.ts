/**
 * `switchboard logs`: the request log from the command line, with the admin API's filters, and
 * `--follow` to keep printing new requests. Reads the database named by the config directly.
 */
import type { Command } from 'commander';
import type { RequestSummary } from '../admin/requests-contract.js';
import { loadConfigFile } from '../config/load.js';
import { openStorage } from '../storage/open.js';
import type { RequestLogFilter, RequestLogReader } from '../storage/request-log/query.js';
import { requestLogReader } from '../storage/request-log/store.js';
import { type LogsFilterOptions, logsFilter } from './logs-filters.js';

/** How often --follow asks for new rows. */
export const FOLLOW_INTERVAL_MS = 1_000;
/**
 * How far back --follow looks on every poll. Rows carry the request's start time and are written
 * when the request ends (in batches), so a slow request lands behind faster ones that were
 * already shown; ids already shown are skipped. A request that ran longer than this is missed.
 */
export const FOLLOW_LOOKBACK_MS = 120_000;
const PAGE = 200;

/** What guards did (guard:outcome, passes left out), e.g. `guardrails=pii:redacted`, or '' when none did anything. */
function guardrailsShown(row: RequestSummary): string {
  const acted = (row.guardrails ?? []).filter((v) => v.outcome !== 'pass').map((v) => `${v.guard}:${v.outcome}`);
  return acted.length === 0 ? '' : `guardrails=${acted.join(',')}`;
}

function formatRow(row: RequestSummary): string {
  const time = new Date(row.time).toISOString();
  const tokens = row.input_tokens === null ? '-' : `${row.input_tokens}/${row.output_tokens}`;
  const cost = row.cost_usd === null ? '-' : `$${row.cost_usd.toFixed(6)}`;
  const served = row.provider ? `${row.provider}:${row.model_served ?? '?'}` : '-';
  const latency =
    `total=${row.total_ms.toFixed(1)}ms gw=${row.gateway_ms.toFixed(2)}ms` +
    (row.upstream_ttfb_ms !== null ? ` ttfb=${row.upstream_ttfb_ms.toFixed(1)}ms` : '') +
    (row.ttft_ms !== null ? ` ttft=${row.ttft_ms.toFixed(1)}ms` : '');
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
    row.team_id ? `team=${row.team_id}` : '',
    guardrailsShown(row),
  ]
    .join('  ')
    .trimEnd();
}

/** What runLogs does. */
export interface LogsRun {
  /** The database (a storage URL). */
  storage: string;
  filter: RequestLogFilter;
  tail: number;
  json?: boolean;
  follow?: boolean;
  /** Ends --follow (Ctrl-C). */
  signal?: AbortSignal;
  /** Where lines go (stdout). */
  write(line: string): void;
  now?: () => number;
}

/** The newest `count` matching rows, oldest first. */
async function newest(reader: RequestLogReader, filter: RequestLogFilter, count: number): Promise<RequestSummary[]> {
  const rows: RequestSummary[] = [];
  let cursor: string | undefined;
  while (rows.length < count) {
    const page = await reader.search({ ...filter, limit: Math.min(PAGE, count - rows.length), cursor });
    rows.push(...page.data);
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  return rows.reverse();
}

/** Matching rows newer than the look-back window, oldest first. */
async function since(reader: RequestLogReader, filter: RequestLogFilter, from: number): Promise<RequestSummary[]> {
  const rows: RequestSummary[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await reader.search({ ...filter, from: Math.max(from, filter.from ?? 0), limit: PAGE, cursor, ascending: true });
    rows.push(...page.data);
    if (!page.next_cursor) return rows;
    cursor = page.next_cursor;
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Prints the rows (and with `follow`, new ones every second until the signal aborts). */
export async function runLogs(run: LogsRun): Promise<void> {
  const now = run.now ?? Date.now;
  const storage = await openStorage(run.storage, { pool: { max: 1 } });
  const print = (row: RequestSummary) => run.write(run.json ? JSON.stringify(row) : formatRow(row));
  try {
    const reader = requestLogReader(storage);
    const first = await newest(reader, run.filter, run.tail);
    for (const row of first) print(row);
    if (first.length === 0 && !run.follow && !run.json) run.write('no requests logged yet');
    if (!run.follow) return;
    // Ids shown in the look-back window, with their times, so a poll prints each row once.
    const shown = new Map<string, number>(first.map((r) => [r.id, r.time]));
    while (!run.signal?.aborted) {
      await sleep(FOLLOW_INTERVAL_MS, run.signal);
      if (run.signal?.aborted) break;
      const from = now() - FOLLOW_LOOKBACK_MS;
      for (const row of await since(reader, run.filter, from)) {
        if (shown.has(row.id)) continue;
        shown.set(row.id, row.time);
        print(row);
      }
      for (const [id, time] of shown) if (time < from) shown.delete(id);
    }
  } finally {
    await storage.close();
  }
}

/** Adds the logs command. */
export function registerLogsCommand(program: Command): void {
  program
    .command('logs')
    .description('Print requests from the request log, newest last; filter them, or --follow new ones.')
    .option('-c, --config <file>', 'YAML config file (for its storage URL)', 'switchboard.example.yaml')
    .option('-n, --tail <count>', 'how many recent requests', (v) => Math.min(10_000, Math.max(1, Number.parseInt(v, 10) || 20)), 20)
    .option('--from <time>', 'start time: epoch ms, ISO date, or an age such as 15m, 2h, 7d')
    .option('--to <time>', 'end time (exclusive), same forms as --from')
    .option('--team <id>', 'team id')
    .option('--project <id>', 'project id')
    .option('--key <id>', 'virtual key id')
    .option('--user <id>', 'end user')
    .option('--model <name>', 'model asked for or served')
    .option('--provider <id>', 'provider id')
    .option('--status <status>', 'HTTP status (429) or class (2xx, 4xx, 5xx)')
    .option('--error-code <code>', 'error code, e.g. upstream_rate_limited')
    .option('--cache <result>', 'what the response cache did: hit, semantic-hit, miss or bypass')
    .option('--guardrail <name>', 'requests where this guard did something (any verdict but pass)')
    .option('--guardrail-outcome <outcome>', 'requests where a guard (the --guardrail one, if given) blocked, redacted, flagged or failed (error)')
    .option('--prompt <id>', 'requests that called this stored prompt')
    .option('--prompt-version <n>', 'requests that called this prompt version')
    .option('-q, --query <text>', 'free text in the metadata (keys and values, any case)')
    .option('-f, --follow', 'keep printing new requests (every second) until Ctrl-C')
    .option('--json', 'print JSON lines')
    .action(async (opts: LogsFilterOptions & { config: string; tail: number; json?: boolean; follow?: boolean }) => {
      const { config } = loadConfigFile(opts.config, { ...process.env, ...lenientEnv() });
      const filter = logsFilter(opts);
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      try {
        await runLogs({
          storage: config.storage,
          filter,
          tail: opts.tail,
          json: opts.json,
          follow: opts.follow,
          signal: stop.signal,
          write: (line) => process.stdout.write(`${line}\n`),
        });
      } finally {
        process.off('SIGINT', onSignal);
      }
    });
}

// Reading logs must not require provider secrets: unset ${VARS} resolve to a placeholder.
function lenientEnv(): NodeJS.ProcessEnv {
  return new Proxy({} as NodeJS.ProcessEnv, { get: (_t, key) => (typeof key === 'string' ? (process.env[key] ?? 'unset') : undefined) });
}
