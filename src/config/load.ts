/** Reads a YAML config file, interpolates ${ENV}, validates it, and reports errors with file, path and line. */
import { readFileSync } from 'node:fs';
import { isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './errors.js';
import { interpolate, type MissingVariable } from './interpolate.js';
import { type Config, configSchema } from './schema.js';

/** A loaded config plus notes for the operator (skipped optional providers). */
export interface LoadedConfig {
  file: string;
  config: Config;
  notes: string[];
}

function lineOf(doc: Document, lines: LineCounter, path: ReadonlyArray<PropertyKey>): number | undefined {
  // Walk up the path until a node with a source range is found.
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && Array.isArray(node.range)) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys')
    return `unknown key(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}: remove them or check the spelling (see README "Configuration").`;
  if (issue.code === 'invalid_type') return `${issue.message}. Fix the value's type.`;
  return `${issue.message}.`;
}

/** Parses and validates config text. `file` is only used in messages. */
export function parseConfig(text: string, file: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    // linePos is only filled in with prettyErrors (multi-line messages); derive it from pos.
    const line = error.linePos?.[0]?.line ?? lines.linePos(error.pos[0]).line;
    throw new ConfigError(file, '', `invalid YAML: ${error.message.split('\n')[0]}; check the indentation and quoting on that line.`, line);
  }
  const raw = doc.toJS() ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(file, '', 'the file must be a YAML mapping (key: value) at the top level.');
  const notes: string[] = [];

  // Optional providers whose ${ENV} variables are unset are dropped, with their targets.
  const providersNode = doc.get('providers', true);
  const skipped = new Set<string>();
  if (Array.isArray((raw as Record<string, unknown>).providers) && isSeq(providersNode)) {
    const kept: unknown[] = [];
    (raw as { providers: unknown[] }).providers.forEach((entry, i) => {
      const missing: MissingVariable[] = [];
      interpolate(entry, env, `providers[${i}]`, missing);
      const record = entry as Record<string, unknown>;
      if (missing.length > 0 && record && record.optional === true) {
        skipped.add(String(record.id));
        notes.push(`provider '${String(record.id)}' skipped: ${missing.map((m) => `\${${m.name}}`).join(', ')} not set`);
      } else kept.push(entry);
    });
    (raw as { providers: unknown[] }).providers = kept;
  }
  const models = (raw as { models?: unknown }).models;
  if (Array.isArray(models) && skipped.size > 0) {
    (raw as { models: unknown[] }).models = models
      .map((model) => {
        const m = model as { targets?: Array<{ provider?: string }> };
        if (!m || !Array.isArray(m.targets)) return model;
        return { ...m, targets: m.targets.filter((t) => !skipped.has(String(t?.provider))) };
      })
      .filter((model) => !Array.isArray((model as { targets?: unknown[] }).targets) || (model as { targets: unknown[] }).targets.length > 0);
  }
  // A skipped provider listed in direct_models is dropped from the list, like its targets.
  const direct = (raw as { direct_models?: unknown }).direct_models;
  if (Array.isArray(direct) && skipped.size > 0) (raw as { direct_models: unknown[] }).direct_models = direct.filter((id) => !skipped.has(String(id)));

  const missing: MissingVariable[] = [];
  const interpolated = interpolate(raw, env, '', missing);
  if (missing.length > 0) {
    const first = missing[0]!;
    const path = first.path.replace(/^\./, '');
    throw new ConfigError(
      file,
      path,
      `environment variable \${${first.name}} is not set. Export it, give a default with \${${first.name}:-value}, or mark the provider 'optional: true'.`,
      lineOf(doc, lines, pathKeys(path)),
    );
  }
  const parsed = configSchema.safeParse(interpolated);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path as PropertyKey[];
    throw new ConfigError(file, formatPath(path), describeIssue(issue), lineOf(doc, lines, path));
  }
  return { file, config: parsed.data, notes };
}

function pathKeys(path: string): PropertyKey[] {
  const keys: PropertyKey[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) keys.push(match[2] !== undefined ? Number(match[2]) : match[1]!);
  return keys;
}

/** Reads and parses a config file from disk. */
export function loadConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(
      file,
      '',
      code === 'ENOENT'
        ? 'file not found. Pass --config with the path of your YAML config (see switchboard.example.yaml).'
        : `cannot read the file (${code ?? String(err)}).`,
    );
  }
  return parseConfig(text, file, env);
}
