/** The graders file: a YAML list of grader specs applied to every row (per-row graders add to them). */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { EvalInputError } from './errors.js';
import { type GraderSpec, graderSpecSchema } from './graders/index.js';
import { describeIssues } from './zod-issues.js';

const fileSchema = z.array(graderSpecSchema).min(1, 'list at least one grader');

/** Parses graders YAML; `file` names the source in errors. */
export function parseGradersFile(text: string, file: string): GraderSpec[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new EvalInputError(`${file}: not valid YAML (${(err as Error).message.split('\n')[0]}).`);
  }
  // Accept `graders: [...]` too: a file that wraps the list reads naturally.
  const list = doc && typeof doc === 'object' && !Array.isArray(doc) && 'graders' in doc ? (doc as { graders: unknown }).graders : doc;
  const prefix = list === doc ? [] : ['graders'];
  const parsed = fileSchema.safeParse(list);
  if (!parsed.success) throw new EvalInputError(describeIssues(file, parsed.error.issues, prefix));
  return parsed.data;
}

/** Reads and parses a graders file. */
export async function loadGradersFile(file: string): Promise<GraderSpec[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new EvalInputError(`${file}: cannot read the graders file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
  }
  return parseGradersFile(text, file);
}
