/** Turning zod failures and query strings into clear 400s that name the field at fault. */
import type { z } from 'zod';
import { invalid } from './errors.js';

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? String(part) : `.${String(part)}`;
  return out;
}

/** The first issue of a failed parse as a 400; `where` is 'body' or 'query'. */
export function issueError(error: z.ZodError, where: 'body' | 'query') {
  const issue = error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const param = pathText([...issue.path, issue.keys[0]!]);
    const what = where === 'query' ? 'query parameter' : 'field';
    return invalid(`Unknown ${what} '${param}'${issue.keys.length > 1 ? ` (and ${issue.keys.length - 1} more)` : ''}; see /admin/v1/openapi.json.`, param);
  }
  const param = pathText(issue.path);
  if (param === '') return invalid(where === 'body' ? `The request body is not valid: ${issue.message}.` : `The query is not valid: ${issue.message}.`);
  return invalid(where === 'query' ? `Query parameter '${param}': ${issue.message}.` : `Field '${param}': ${issue.message}.`, param);
}

/** Parses a value with a schema or throws the first issue as a 400. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query'): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw issueError(result.error, where);
  return result.data;
}

/** A query string as an object of single values; a repeated parameter is refused (which one would win is a guess). */
export function queryObject(search: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [key, value] of search) {
    if (Object.hasOwn(out, key)) throw invalid(`Query parameter '${key}' is given more than once.`, key);
    out[key] = value;
  }
  return out;
}
