/**
 * #/prompts: the prompt registry. Each prompt with its scope, latest version, where its labels
 * point, and when it last changed; a row opens the prompt.
 */
import { api, query } from '../api.js';
import { type ViewContext, heading } from '../context.js';
import { field, h, notice, replace, select, tableWrap } from '../dom.js';
import * as fmt from '../format.js';
import type { List } from '../types.js';
import type { Prompt } from '../prompt-types.js';
import { labelBadges, listError, scopeText } from './feature.js';

/** The team whose prompts the owner looks at (?team=ID); undefined: the global ones. Other roles: their own team, always. */
export function promptTeam(ctx: ViewContext): string | undefined {
  if (ctx.me.role !== 'owner') return undefined;
  const team = ctx.params.get('team');
  return team && ctx.teams.has(team) ? team : undefined;
}

function row(ctx: ViewContext, p: Prompt, team: string | undefined): HTMLTableRowElement {
  const href = `#/prompts/${encodeURIComponent(p.id)}${query({ team })}`;
  const tr = h(
    'tr',
    { class: 'clickable' },
    h('th', { scope: 'row' }, h('a', { href, 'aria-label': `Prompt ${p.id}` }, p.id), p.description ? h('span', { class: 'sub muted' }, p.description) : null),
    h('td', {}, scopeText(ctx, p.scope)),
    h('td', { class: 'num' }, `v${p.latest_version}`),
    h('td', {}, Object.keys(p.labels ?? {}).length ? h('span', { class: 'badges' }, labelBadges(p.labels)) : h('span', { class: 'muted' }, 'none')),
    h('td', { class: 'nowrap' }, fmt.time(p.updated_at)),
  );
  tr.addEventListener('click', (event) => {
    if ((event.target as HTMLElement).closest('a')) return;
    location.hash = href;
  });
  return tr;
}

/** Renders the list of prompts. */
export async function renderPrompts(ctx: ViewContext): Promise<void> {
  heading(ctx, 'Prompts');
  const team = promptTeam(ctx);
  // The owner's prompts are global (callable by every team); each team may keep its own.
  const scope =
    ctx.me.role === 'owner' && ctx.teams.size
      ? (() => {
          const s = select(
            'team',
            [['', 'Global (every team)'], ...[...ctx.teams.values()].map((t): [string, string] => [t.id, `Team ${t.name}`])],
            team ?? '',
          );
          s.addEventListener('change', () => (location.hash = `#/prompts${query({ team: s.value })}`));
          return field('Scope', s);
        })()
      : null;
  const results = h('section', { class: 'results', 'aria-label': 'Prompts', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading…'));
  replace(
    ctx.main,
    h('div', { class: 'page-head' }, h('h1', {}, 'Prompts'), h('div', { class: 'controls' }, scope)),
    h(
      'p',
      { class: 'muted lead' },
      'Versioned prompt templates. Labels (production, staging, …) point at versions; calls name a prompt and a version or label.',
    ),
    results,
  );
  let list: List<Prompt>;
  try {
    list = await api<List<Prompt>>(`prompts${query({ team })}`);
  } catch (err) {
    if (ctx.live()) replace(results, listError(err, 'prompt registry', 'prompts'));
    return;
  }
  if (!ctx.live()) return;
  if (list.data.length === 0) {
    replace(results, notice('empty', 'No prompts yet. Push one with `npx switchboard prompts push --dir prompts/` or POST /admin/v1/prompts.'));
    return;
  }
  const table = h(
    'table',
    { class: 'data prompts' },
    h('caption', { class: 'sr-only' }, 'Prompts'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Prompt'),
        h('th', { scope: 'col' }, 'Scope'),
        h('th', { scope: 'col', class: 'num' }, 'Latest'),
        h('th', { scope: 'col' }, 'Labels'),
        h('th', { scope: 'col' }, 'Updated'),
      ),
    ),
    h(
      'tbody',
      {},
      list.data.map((p) => row(ctx, p, team)),
    ),
  );
  replace(results, tableWrap(table, 'Prompts table'), list.has_more ? h('p', { class: 'muted' }, `Showing the first ${list.data.length} prompts.`) : null);
}
