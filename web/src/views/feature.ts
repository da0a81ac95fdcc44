/**
 * What the prompt and experiment views share: label badges, the scope of an object, and the
 * message when a gateway has no such feature (its list route answers 404).
 */
import { ApiError } from '../api.js';
import { type ViewContext, teamName } from '../context.js';
import { h, notice } from '../dom.js';

/** A label and the version it points at, coloured by name (production green, staging amber, others blue). */
export function labelBadge(label: string, version?: number): HTMLElement {
  const tone = label === 'production' ? 'prod' : label === 'staging' ? 'staging' : 'other';
  return h(
    'span',
    { class: `label-badge label-${tone}`, title: version === undefined ? `label ${label}` : `label ${label} points at version ${version}` },
    label,
    version === undefined ? null : h('span', { class: 'label-version' }, ` v${version}`),
  );
}

/** The badges of a prompt's labels, production first then by name. */
export function labelBadges(labels: Record<string, number>, only?: number): HTMLElement[] {
  return Object.entries(labels)
    .filter(([, v]) => only === undefined || v === only)
    .sort(([a], [b]) => (a === 'production' ? -1 : b === 'production' ? 1 : a.localeCompare(b)))
    .map(([name, v]) => labelBadge(name, only === undefined ? v : undefined));
}

/** Whose object it is: "Global" (the owner's, callable by every team) or the team's name. */
export function scopeText(ctx: ViewContext, scope: string | null | undefined, teamId?: string | null): string {
  if (teamId) return teamName(ctx, teamId);
  if (!scope || scope === 'global') return 'Global';
  if (scope === 'team') return 'Team';
  return teamName(ctx, scope.startsWith('team:') ? scope.slice(5) : scope);
}

/** The notice for a failed list load: a 404 means this gateway has no such feature. */
export function listError(err: unknown, feature: string, route: string): HTMLElement {
  if (err instanceof ApiError && err.status === 404) {
    return notice('info', `This gateway has no ${feature}: GET /admin/v1/${route} answered 404. Update the gateway to a version with ${feature}.`);
  }
  return notice('error', err instanceof ApiError ? err.message : String(err));
}

/** The message of an error from the API. */
export function errorText(err: unknown): string {
  return err instanceof ApiError ? err.message : String(err);
}

/** Whether an error is the API's 404. */
export function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.status === 404;
}
