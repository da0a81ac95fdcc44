/**
 * The eval dataset: a JSONL file, one row per line (blank lines skipped). A row is
 * `{"id"?, "variables": {...}, "messages"?: [...], "expected"?: any, "graders"?: [...]}`; a line that
 * is not JSON or not a row is an error naming the file, the line and the field.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { EvalInputError } from './errors.js';
import { type GraderSpec, graderSpecSchema } from './graders/index.js';
import { describeIssues } from './zod-issues.js';

/** Largest dataset file read (a CI dataset is small; this stops a wrong path to a huge file). */
export const MAX_DATASET_BYTES = 64 * 1024 * 1024;

const messageSchema = z.looseObject({ role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']), content: z.unknown() });

/** One dataset row as written. */
export const rowSchema = z.strictObject({
  id: z.union([z.string().min(1), z.number()]).optional(),
  variables: z.record(z.string(), z.unknown()).default({}),
  messages: z.array(messageSchema).optional(),
  expected: z.unknown().optional(),
  graders: z.array(graderSpecSchema).optional(),
});

/** A parsed row; `id` is the row's own or `line-N`. */
export interface DatasetRow {
  id: string;
  line: number;
  variables: Record<string, unknown>;
  messages?: Array<Record<string, unknown>>;
  expected?: unknown;
  graders: GraderSpec[];
}

/** Parses JSONL text into rows; `file` names the source in errors. */
export function parseDataset(text: string, file: string): DatasetRow[] {
  const rows: DatasetRow[] = [];
  const seen = new Set<string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (!raw) continue;
    const line = i + 1;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      throw new EvalInputError(`${file}:${line}: not JSON (${(err as Error).message}). Each line must be one JSON object.`);
    }
    const parsed = rowSchema.safeParse(json);
    if (!parsed.success) throw new EvalInputError(describeIssues(`${file}:${line}`, parsed.error.issues));
    const id = parsed.data.id === undefined ? `line-${line}` : String(parsed.data.id);
    if (seen.has(id)) throw new EvalInputError(`${file}:${line}: at 'id': '${id}' is used by an earlier row; row ids must be unique.`);
    seen.add(id);
    rows.push({
      id,
      line,
      variables: parsed.data.variables,
      messages: parsed.data.messages,
      expected: parsed.data.expected,
      graders: parsed.data.graders ?? [],
    });
  }
  if (rows.length === 0) throw new EvalInputError(`${file}: the dataset has no rows (one JSON object per line).`);
  return rows;
}

/** Reads and parses a dataset file. */
export async function loadDataset(file: string): Promise<DatasetRow[]> {
  let text: string;
  try {
    const buffer = await readFile(file);
    if (buffer.byteLength > MAX_DATASET_BYTES) throw new EvalInputError(`${file}: larger than ${MAX_DATASET_BYTES} bytes; split the dataset.`);
    text = buffer.toString('utf8');
  } catch (err) {
    if (err instanceof EvalInputError) throw err;
    throw new EvalInputError(`${file}: cannot read the dataset (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
  }
  return parseDataset(text, file);
}
