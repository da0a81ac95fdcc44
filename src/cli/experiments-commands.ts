/** `switchboard experiments list|create|show|results|pause|resume|stop`: experiments from the command line, against a running gateway. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse } from 'yaml';
import { EXPERIMENT_ID, safeParseDefinition } from '../prompts/experiments/definition.js';
import { adminRequest } from './admin-client.js';
import { action, print, withConnection } from './admin-commands.js';

const COLUMNS = ['id', 'name', 'scope', 'status', 'primary_metric', 'created_at'];
const COMPARISON_COLUMNS = ['variant', 'metric', 'difference', 'interval', 'p_value', 'verdict'];

/** Reads and checks a definition file (YAML or JSON) before anything is sent; throws a message naming the file and the field. */
export function readExperimentFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as Error).message}`);
  }
  let value: unknown;
  try {
    value = parse(text);
  } catch (err) {
    throw new Error(`${file} is not valid YAML: ${(err as Error).message}`);
  }
  const parsed = safeParseDefinition(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String).join('.') || '(top level)';
    throw new Error(`${file}: ${path}: ${issue.message}`);
  }
  return value;
}

function experimentPath(id: string, sub = ''): string {
  if (!EXPERIMENT_ID.test(id)) throw new Error(`'${id}' is not an experiment id (exp_ and 16 hex digits; see experiments list).`);
  return `/admin/v1/experiments/${encodeURIComponent(id)}${sub}`;
}

/** Adds the `experiments` commands to the CLI. */
export function registerExperimentCommands(program: Command): void {
  const experiments = program.command('experiments').description('A/B experiments: define, run, pause, stop, read results');
  withConnection(experiments.command('list').description('the experiments you may see')).action(
    action(async (cmd, conn, opts) => print(cmd, opts, await adminRequest(conn, 'GET', '/admin/v1/experiments'), COLUMNS)),
  );
  withConnection(experiments.command('create').description('create an experiment from a YAML (or JSON) definition'))
    .requiredOption('--file <file>', 'the definition file (docs/experiments-setup.md)')
    .action(
      action(async (cmd, conn, opts) => {
        const body = readExperimentFile(opts.file as string);
        print(cmd, opts, await adminRequest(conn, 'POST', '/admin/v1/experiments', { body }), COLUMNS);
      }),
    );
  withConnection(experiments.command('show').description('one experiment').argument('<id>')).action(
    action(async (cmd, conn, opts, id: string) => print(cmd, opts, await adminRequest(conn, 'GET', experimentPath(id)), COLUMNS)),
  );
  withConnection(experiments.command('results').description('per-variant metrics, comparisons with intervals, and the decision').argument('<id>')).action(
    action(async (cmd, conn, opts, id: string) => {
      const text = await adminRequest(conn, 'GET', experimentPath(id, '/results'));
      if (!opts.table) return print(cmd, opts, text, []);
      const results = JSON.parse(text) as { comparisons: Record<string, unknown>[]; decision: { decision: string; reason: string } };
      const rows = results.comparisons.map((c) => ({ ...c, interval: JSON.stringify(c.interval) }));
      print(cmd, opts, JSON.stringify({ object: 'list', data: rows }), COMPARISON_COLUMNS);
      print(cmd, { ...opts, table: false }, JSON.stringify(results.decision), []);
    }),
  );
  for (const [verb, status, help] of [
    ['pause', 'paused', 'stop assigning (results are kept); resume continues'],
    ['resume', 'running', 'assign again'],
    ['stop', 'stopped', 'end the experiment for good'],
  ] as const) {
    withConnection(experiments.command(verb).description(help).argument('<id>')).action(
      action(async (cmd, conn, opts, id: string) => print(cmd, opts, await adminRequest(conn, 'PATCH', experimentPath(id), { body: { status } }), COLUMNS)),
    );
  }
}
