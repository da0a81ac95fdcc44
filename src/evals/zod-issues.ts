/** Turns zod issues into one line per problem that names the file and the path inside it. */
import type { z } from 'zod';

/** `FILE[:LINE]: at 'a.b[2]': message` for each issue, joined by newlines. */
export function describeIssues(where: string, issues: readonly z.core.$ZodIssue[], prefix: readonly (string | number)[] = []): string {
  return issues
    .map((issue) => {
      const path = formatPath([...prefix, ...(issue.path as (string | number)[])]);
      return `${where}: ${path ? `at '${path}': ` : ''}${issue.message}`;
    })
    .join('\n');
}

/** `graders[1].threshold` style path. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  return out;
}
