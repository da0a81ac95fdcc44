/**
 * Prompt files: one YAML file per prompt (`prompts/greet.yaml`), read by `switchboard prompts
 * push` and written by `pull`. The written form is canonical (fixed key order, sorted variables
 * and nested keys), so a pull followed by a push changes nothing and diffs of two versions show
 * only what changed.
 */
import { basename } from 'node:path';
import { type Document, LineCounter, parseDocument, stringify } from 'yaml';
import { sortKeysDeep } from './canonical.js';
import { isPromptId } from './names.js';
import { promptFileSchema, templateIssues } from './template-schema.js';
import type { PromptTemplate } from './types.js';

/** At most this many bytes in a prompt file. */
export const MAX_PROMPT_FILE_BYTES = 512 * 1024;

/** A parsed prompt file. */
export interface PromptFile {
  id: string;
  description?: string;
  template: PromptTemplate;
}

/** A problem with a prompt file: the file, the path inside it, the line when known, and the fix. */
export class PromptFileError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly problem: string,
    readonly line?: number,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${path ? `at '${path}': ` : ''}${problem}`);
    this.name = 'PromptFileError';
  }
}

/** The prompt id a file name gives: the name without .yaml or .yml. */
export function idFromFileName(file: string): string {
  return basename(file).replace(/\.ya?ml$/i, '');
}

/** Parses and validates a prompt file's text; `file` names it in errors and gives the default id. Throws PromptFileError. */
export function parsePromptFile(text: string, file: string): PromptFile {
  if (Buffer.byteLength(text) > MAX_PROMPT_FILE_BYTES)
    throw new PromptFileError(file, '', `the file is larger than ${MAX_PROMPT_FILE_BYTES / 1024} KiB: split the prompt or shorten it`);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    const line = error.linePos?.[0]?.line ?? lines.linePos(error.pos[0]).line;
    throw new PromptFileError(file, '', `invalid YAML: ${error.message.split('\n')[0]}; check the indentation and quoting on that line`, line);
  }
  const raw: unknown = doc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new PromptFileError(file, '', 'the file must be a YAML mapping with at least `messages:` at the top level');
  const parsed = promptFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const [first] = templateIssues([issue]);
    throw new PromptFileError(file, first!.path === '(top)' ? '' : first!.path, first!.message, lineOf(doc, lines, issue.path));
  }
  const { id, description, ...template } = parsed.data;
  const resolved = id ?? idFromFileName(file);
  if (id === undefined && !isPromptId(resolved))
    throw new PromptFileError(file, 'id', `the file name gives the id '${resolved}', which is not a prompt id: rename the file or set 'id:'`);
  const clean = Object.fromEntries(Object.entries(template).filter(([, value]) => value !== undefined)) as unknown as PromptTemplate;
  return { id: resolved, ...(description !== undefined ? { description } : {}), template: clean };
}

/** The canonical YAML of a prompt: what `pull` writes and what diffs compare. */
export function promptFileYaml(file: PromptFile): string {
  const t = file.template;
  const ordered: Record<string, unknown> = { id: file.id };
  if (file.description !== undefined) ordered.description = file.description;
  if (t.model !== undefined) ordered.model = t.model;
  if (t.params !== undefined) ordered.params = sortKeysDeep(t.params);
  if (t.variables !== undefined) {
    const variables: Record<string, unknown> = {};
    for (const name of Object.keys(t.variables).sort()) {
      const v = t.variables[name]!;
      variables[name] = sortKeysDeep(v);
    }
    ordered.variables = variables;
  }
  ordered.messages = t.messages.map((m) => ({ role: m.role, content: m.content }));
  if (t.tools !== undefined) ordered.tools = sortKeysDeep(t.tools);
  if (t.response_format !== undefined) ordered.response_format = sortKeysDeep(t.response_format);
  return stringify(ordered, { lineWidth: 0, blockQuote: 'literal' });
}

/** The canonical YAML of a template alone (no id or description): what version diffs compare. */
export function templateYaml(template: PromptTemplate): string {
  const text = promptFileYaml({ id: '', template });
  return text.replace(/^id: ""\n/, '');
}

function lineOf(doc: Document, lines: LineCounter, path: ReadonlyArray<PropertyKey>): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && Array.isArray(node.range)) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}
