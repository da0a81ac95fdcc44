/**
 * `switchboard prompts list|show|push|label|diff|history|pull`: the prompt registry from the
 * command line, against a running gateway (--url, --admin-key or SWITCHBOARD_URL,
 * SWITCHBOARD_ADMIN_KEY). `push --dir` and `pull --dir` keep a folder of prompt files and the
 * registry in step (GitOps): push is idempotent, and a push right after a pull changes nothing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { promptFileYaml } from '../prompts/prompt-file.js';
import { isLabelName, isPromptId } from '../prompts/template-schema.js';
import type { PromptTemplate } from '../prompts/types.js';
import { type AdminConnection, adminRequest } from './admin-client.js';
import { action, print, withConnection, write } from './admin-commands.js';
import { loadPromptFiles, promptFilesIn } from './prompt-files.js';

interface PromptOut {
  id: string;
  description: string | null;
  latest_version: number;
  labels: Record<string, number>;
}
interface VersionOut {
  prompt_id: string;
  version: number;
  created?: boolean;
  template: PromptTemplate;
}

const PROMPT_COLUMNS = ['id', 'scope', 'latest_version', 'labels', 'updated_at'];
const VERSION_COLUMNS = ['version', 'content_hash', 'message', 'author', 'created_at'];
const EVENT_COLUMNS = ['time', 'label', 'version', 'previous_version', 'actor_key_id', 'reason'];

function labelOption(value: string): string {
  if (!isLabelName(value)) throw new InvalidArgumentError(`'${value}' is not a label: lowercase letters, digits, '_', '.' or '-' (e.g. production).`);
  return value;
}

function versionArg(value: string): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) throw new InvalidArgumentError(`'${value}' is not a version number (1, 2, ...).`);
  return Number(value);
}

function expectOption(value: string): number | null {
  return value === 'none' ? null : versionArg(value);
}

const path = (id: string, ...rest: string[]) => ['/admin/v1/prompts', id, ...rest].map((part, i) => (i === 0 ? part : encodeURIComponent(part))).join('/');

/** `ID`, `ID@3` or `ID@production`. */
function parseRef(ref: string): { id: string; version?: number; label?: string } {
  const at = ref.lastIndexOf('@');
  const id = at < 0 ? ref : ref.slice(0, at);
  if (!isPromptId(id)) throw new InvalidArgumentError(`'${id}' is not a prompt id.`);
  if (at < 0) return { id };
  const suffix = ref.slice(at + 1);
  if (/^\d{1,9}$/.test(suffix)) return { id, version: Number(suffix) };
  if (isLabelName(suffix)) return { id, label: suffix };
  throw new InvalidArgumentError(`'${suffix}' is neither a version number nor a label (use ID@3 or ID@production).`);
}

async function getJson<T>(conn: AdminConnection, route: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
  return JSON.parse(await adminRequest(conn, 'GET', route, { query })) as T;
}

/** Every prompt of the scope, a page at a time. */
async function allPrompts(conn: AdminConnection, team: string | undefined): Promise<PromptOut[]> {
  const out: PromptOut[] = [];
  for (let after: string | undefined; ; ) {
    const page = await getJson<{ data: PromptOut[]; has_more: boolean }>(conn, '/admin/v1/prompts', { team, limit: 500, after });
    out.push(...page.data);
    if (!page.has_more || page.data.length === 0) return out;
    after = page.data.at(-1)!.id;
  }
}

/** The version a label of the prompt points at (own properties only: a label may be called `constructor`). */
function labelOf(prompt: PromptOut, label: string): number | undefined {
  return Object.hasOwn(prompt.labels, label) ? prompt.labels[label] : undefined;
}

/** Adds `prompts ...` to the CLI. */
export function registerPromptsCommands(program: Command): void {
  const prompts = program.command('prompts').description('the prompt registry: list, show, push files, move labels, diff, history, pull files');
  const scoped = (cmd: Command) =>
    withConnection(cmd).option('--team <id>', "a team's prompts (owner key); default: the global ones, or a team key's own team");

  scoped(prompts.command('list').description('the prompts of a scope')).action(
    action(async (cmd, conn, opts) => {
      const text = await adminRequest(conn, 'GET', '/admin/v1/prompts', { query: { team: opts.team as string | undefined, limit: 500 } });
      print(cmd, opts, text, PROMPT_COLUMNS);
    }),
  );

  scoped(prompts.command('show <ref>').description('a prompt (ID), or one version of it (ID@3, ID@production)'))
    .option('--yaml', 'print the version as a prompt file (ID alone: the latest version)')
    .action(
      action(async (cmd, conn, opts, ref: string) => {
        const { id, version, label } = parseRef(ref);
        const team = opts.team as string | undefined;
        if (version === undefined && label === undefined && !opts.yaml)
          return print(cmd, opts, await adminRequest(conn, 'GET', path(id), { query: { team } }), PROMPT_COLUMNS);
        const prompt = await getJson<PromptOut>(conn, path(id), { team });
        const n = version ?? (label !== undefined ? labelOf(prompt, label) : prompt.latest_version);
        if (n === undefined) throw new Error(`prompt '${id}' has no label '${label}'`);
        const text = await adminRequest(conn, 'GET', path(id, 'versions', String(n)), { query: { team } });
        if (!opts.yaml) return print(cmd, opts, text, VERSION_COLUMNS);
        const v = JSON.parse(text) as VersionOut;
        write(cmd, promptFileYaml({ id, ...(prompt.description !== null ? { description: prompt.description } : {}), template: v.template }));
      }),
    );

  withConnection(prompts.command('push').description('push prompt files (all validated first: one bad file pushes nothing); idempotent'))
    .option('--file <file>', 'one prompt file')
    .option('--dir <dir>', 'every *.yaml and *.yml in this folder')
    .option('--label <label>', 'point this label at each pushed version (e.g. production)', labelOption)
    .option('--message <text>', "the versions' message (e.g. the commit)")
    .option('--team <id>', "push to a team's prompts (owner key); default: the global ones, or a team key's own team")
    .action(
      action(async (cmd, conn, opts) => {
        if ((opts.file === undefined) === (opts.dir === undefined)) throw new Error('push needs --file FILE or --dir DIR (one of them)');
        const files = opts.file !== undefined ? [opts.file as string] : promptFilesIn(opts.dir as string);
        if (files.length === 0) throw new Error(`no *.yaml or *.yml files in ${opts.dir}`);
        const loaded = loadPromptFiles(files);
        for (const file of loaded) {
          const body = {
            id: file.id,
            template: file.template,
            ...(file.description !== undefined ? { description: file.description } : {}),
            ...(opts.message !== undefined ? { message: opts.message } : {}),
            ...(opts.label !== undefined ? { label: opts.label } : {}),
          };
          let pushed: VersionOut;
          try {
            pushed = JSON.parse(
              await adminRequest(conn, 'POST', '/admin/v1/prompts', { body, query: { team: opts.team as string | undefined } }),
            ) as VersionOut;
          } catch (err) {
            throw new Error(`${file.file}: ${(err as Error).message}`);
          }
          const labelled = opts.label !== undefined ? `, ${opts.label} → v${pushed.version}` : '';
          write(cmd, `${file.id}: ${pushed.created ? 'created' : 'unchanged'} v${pushed.version}${labelled}\n`);
        }
      }),
    );

  scoped(prompts.command('label <id> <label> <version>').description('point a label at a version (rollback: point it at an older one)'))
    .option('--expect <version>', "move only if the label points at this version now ('none': only if unset)", expectOption)
    .option('--reason <text>', 'why (kept in the history)')
    .action(
      action(async (cmd, conn, opts, id: string, label: string, version: string) => {
        labelOption(label);
        const body = {
          version: versionArg(version),
          ...(opts.expect !== undefined ? { expected_version: opts.expect } : {}),
          ...(opts.reason !== undefined ? { reason: opts.reason } : {}),
        };
        const text = await adminRequest(conn, 'PUT', path(id, 'labels', label), { body, query: { team: opts.team as string | undefined } });
        print(cmd, opts, text, ['prompt_id', 'label', 'version', 'previous_version', 'moved']);
      }),
    );

  scoped(prompts.command('diff <id> <from> <to>').description('a unified diff of two versions, each a number or a label')).action(
    action(async (cmd, conn, opts, id: string, from: string, to: string) => {
      const diff = await getJson<{ unified: string }>(conn, path(id, 'diff'), { from, to, team: opts.team as string | undefined });
      write(cmd, diff.unified);
    }),
  );

  scoped(prompts.command('history <id>').description('label moves, newest first'))
    .option('--label <label>', 'only this label', labelOption)
    .action(
      action(async (cmd, conn, opts, id: string) => {
        const text = await adminRequest(conn, 'GET', path(id, 'labels', 'history'), {
          query: { label: opts.label as string | undefined, team: opts.team as string | undefined },
        });
        print(cmd, opts, text, EVENT_COLUMNS);
      }),
    );

  withConnection(prompts.command('pull').description('write DIR/ID.yaml for every prompt: at --label, else its latest version'))
    .requiredOption('--dir <dir>', 'the folder to write to (created if missing)')
    .option('--label <label>', 'the version this label points at (prompts without it are skipped)', labelOption)
    .option('--team <id>', "a team's prompts (owner key)")
    .action(
      action(async (cmd, conn, opts) => {
        const team = opts.team as string | undefined;
        const dir = opts.dir as string;
        mkdirSync(dir, { recursive: true });
        for (const prompt of await allPrompts(conn, team)) {
          const n = opts.label !== undefined ? labelOf(prompt, opts.label as string) : prompt.latest_version;
          if (n === undefined || n === 0) {
            write(cmd, `${prompt.id}: skipped (no ${opts.label !== undefined ? `label ${opts.label}` : 'version'})\n`);
            continue;
          }
          const version = await getJson<VersionOut>(conn, path(prompt.id, 'versions', String(n)), { team });
          const file = join(dir, `${prompt.id}.yaml`);
          writeFileSync(
            file,
            promptFileYaml({ id: prompt.id, ...(prompt.description !== null ? { description: prompt.description } : {}), template: version.template }),
          );
          write(cmd, `${prompt.id}: wrote ${file} (v${n})\n`);
        }
      }),
    );
}
