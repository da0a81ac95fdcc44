/**
 * #/experiments: every experiment with its status, what it splits, its variants and weights, and
 * its primary metric; a row opens its results.
 */
import { api } from '../api.js';
import { type ViewContext, heading } from '../context.js';
import { h, notice, replace, tableWrap } from '../dom.js';
import type { Experiment } from '../experiment-types.js';
import * as fmt from '../format.js';
import { metricInfo } from '../metrics.js';
import type { List } from '../types.js';
import { listError, scopeText } from './feature.js';

/** A status pill: running green, paused amber, promoted blue, anything else (stopped) grey. */
export function experimentStatus(status: string): HTMLElement {
  const tone = status === 'running' ? 'ok' : status === 'paused' ? 'warn' : status === 'promoted' ? 'accent' : 'neutral';
  return h('span', { class: `pill pill-${tone}` }, status);
}

/** What an experiment splits, in words: a string as it is, an object as "key value" pairs. */
export function describeTarget(target: unknown): string {
  if (target === null || target === undefined) return '–';
  if (typeof target !== 'object') return String(target);
  return Object.entries(target as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}

/** The variants and their shares of traffic: "a 50% · b 50%". */
export function split(e: Experiment): string {
  const total = e.variants.reduce((s, v) => s + (Number.isFinite(v.weight) ? v.weight : 0), 0);
  return e.variants.map((v) => `${v.name} ${total > 0 ? fmt.pct(v.weight / total) : '–'}`).join(' · ');
}

function row(ctx: ViewContext, e: Experiment): HTMLTableRowElement {
  const href = `#/experiments/${encodeURIComponent(e.id)}`;
  const tr = h(
    'tr',
    { class: 'clickable' },
    h('th', { scope: 'row' }, h('a', { href, 'aria-label': `Experiment ${e.name}` }, e.name), h('span', { class: 'sub muted' }, e.id)),
    h('td', {}, experimentStatus(e.status)),
    h('td', {}, describeTarget(e.target)),
    h('td', {}, split(e)),
    h('td', {}, metricInfo(e.primary_metric).label),
    h('td', {}, scopeText(ctx, e.scope, e.team_id)),
    h('td', { class: 'nowrap' }, fmt.time(e.updated_at)),
  );
  tr.addEventListener('click', (event) => {
    if ((event.target as HTMLElement).closest('a')) return;
    location.hash = href;
  });
  return tr;
}

/** Renders the list of experiments. */
export async function renderExperiments(ctx: ViewContext): Promise<void> {
  heading(ctx, 'Experiments');
  const results = h('section', { class: 'results', 'aria-label': 'Experiments', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading…'));
  replace(
    ctx.main,
    h('div', { class: 'page-head' }, h('h1', {}, 'Experiments')),
    h('p', { class: 'muted lead' }, 'Traffic split between variants, compared with sequential tests that stay valid however often you look.'),
    results,
  );
  let list: List<Experiment>;
  try {
    list = await api<List<Experiment>>('experiments');
  } catch (err) {
    if (ctx.live()) replace(results, listError(err, 'experiments', 'experiments'));
    return;
  }
  if (!ctx.live()) return;
  if (list.data.length === 0) {
    replace(results, notice('empty', 'No experiments yet. Create one with POST /admin/v1/experiments.'));
    return;
  }
  const table = h(
    'table',
    { class: 'data experiments' },
    h('caption', { class: 'sr-only' }, 'Experiments'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Experiment', 'Status', 'Target', 'Variants', 'Primary metric', 'Scope', 'Updated'].map((c) => h('th', { scope: 'col' }, c)),
      ),
    ),
    h(
      'tbody',
      {},
      list.data.map((e) => row(ctx, e)),
    ),
  );
  replace(
    results,
    tableWrap(table, 'Experiments table'),
    list.has_more ? h('p', { class: 'muted' }, `Showing the first ${list.data.length} experiments.`) : null,
  );
}
