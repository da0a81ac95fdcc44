/** What every view gets: the caller, the teams it may see, where to render, and the route. */
import type { Me } from './api.js';
import type { Team } from './types.js';

/** A view's context for one navigation. */
export interface ViewContext {
  me: Me;
  /** Teams the caller sees (the owner: all; others: their own), by id. */
  teams: Map<string, Team>;
  /** The main landmark to render into. */
  main: HTMLElement;
  /** Path segments after '#/' (e.g. ['requests', 'req_1']). */
  path: string[];
  /** The hash's query (#/requests?model=x). */
  params: URLSearchParams;
  /** False once the user navigated away: async work must not render then. */
  live(): boolean;
}

/** The name of a team id, or the id when unknown. */
export function teamName(ctx: ViewContext, id: string | null | undefined): string {
  if (!id) return '–';
  return ctx.teams.get(id)?.name ?? id;
}

/** Whether the caller may create and revoke keys. */
export function canWrite(ctx: ViewContext): boolean {
  return ctx.me.role !== 'viewer';
}

/** Sets the page heading and the document title together. */
export function heading(ctx: ViewContext, text: string): void {
  document.title = `${text} · Switchboard`;
  void ctx;
}
