/**
 * A team's or project's own guard list as the admin API takes it: guardrails' tenant schema (the
 * in-process types only, at most 16), plus what only a parse can tell a person before the list
 * reaches the request path: every denied_terms pattern compiles, and guard names are unique (a
 * verdict, a metric and the x-switchboard-guardrail header name the guard, so two alike would be
 * told apart by nobody). Issues carry their path, so a 400 names `guardrails[0].patterns[1]`.
 */
import { tenantGuardrailsSchema } from '../guardrails/config-schema.js';

/** Whether a pattern compiles as a JavaScript regular expression in Unicode mode (the stricter syntax). */
function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

/** The guard list of POST/PATCH /admin/v1/teams and /projects: null removes it. */
export const adminTenantGuardrailsSchema = tenantGuardrailsSchema.superRefine((guards, ctx) => {
  if (guards === null) return;
  const seen = new Set<string>();
  guards.forEach((guard, i) => {
    if (seen.has(guard.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `another guard in this list is already named '${guard.name}'` });
    seen.add(guard.name);
    if (guard.type !== 'denied_terms') return;
    guard.patterns.forEach((pattern, j) => {
      if (!compiles(pattern))
        ctx.addIssue({ code: 'custom', path: [i, 'patterns', j], message: 'not a valid regular expression (JavaScript syntax, Unicode mode)' });
    });
  });
});
