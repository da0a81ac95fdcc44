/**
 * Nested admin paths (/admin/v1/prompts/{id}/labels/{label}): a resource lists path templates
 * below its name, and a path matches one when every literal segment is equal and every `{param}`
 * segment is present. A path several templates match (a label named `history`) goes to the first
 * one that has the request's method, so literal routes do not shadow parameters for other methods.
 */
import type { AdminHandler } from './call.js';
import { AdminError } from './errors.js';

type MethodTable = Readonly<Partial<Record<string, AdminHandler>>>;

/** A path template below a resource (`{id}/versions/{version}`) and its handlers. */
export interface NestedRoute {
  path: string;
  table: MethodTable;
}

/** The matched route's handlers and its decoded parameters. */
export interface NestedMatch {
  table: MethodTable;
  params: Readonly<Record<string, string>>;
}

const NO_ROUTE = 'No such admin route; see /admin/v1/openapi.json.';

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new AdminError('not_found', NO_ROUTE);
  }
}

function match(template: string, segments: readonly string[]): Record<string, string> | undefined {
  const parts = template.split('/');
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = Object.create(null);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const segment = segments[i]!;
    if (part.startsWith('{') && part.endsWith('}')) {
      if (segment === '') return undefined;
      params[part.slice(1, -1)] = decode(segment);
    } else if (part !== segment) return undefined;
  }
  return params;
}

/** The route `rest` (the path below the resource name) names for `method`; a 404 when none matches. */
export function resolveNested(routes: readonly NestedRoute[], rest: string, method: string): NestedMatch {
  const segments = rest.split('/');
  let first: NestedMatch | undefined;
  for (const route of routes) {
    const params = match(route.path, segments);
    if (!params) continue;
    const found = { table: route.table, params };
    if (Object.hasOwn(route.table, method)) return found;
    first ??= found;
  }
  if (!first) throw new AdminError('not_found', NO_ROUTE);
  // Matched, but not with this method: the router answers 405 with the allowed ones.
  return first;
}
