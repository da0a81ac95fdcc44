/**
 * #/requests: the request explorer. The filters live in the hash (#/requests?model=x&status=5xx),
 * so a filtered view can be shared and the back button works; pages follow next_cursor.
 */
import type { RequestSearchPage, RequestSummary } from '../../../src/admin/requests-contract.js';
import { api, query } from '../api.js';
import { type ViewContext, heading, teamName } from '../context.js';
import { field, h, notice, replace, select, tableWrap } from '../dom.js';
import * as fmt from '../format.js';
import { RANGES } from './overview.js';

/** Text filters: [query name, label, placeholder]. */
const TEXT_FILTERS: [string, string, string][] = [
  ['model', 'Model', 'gpt-4o'],
  ['provider', 'Provider', 'openai'],
  ['project', 'Project', 'project id'],
  ['key', 'Key', 'key id'],
  ['user', 'User', 'end user'],
  ['error_code', 'Error code', 'rate_limited'],
  ['q', 'Search metadata', 'free text'],
];

const STATUSES: [string, string][] = [
  ['', 'Any status'],
  ['2xx', '2xx success'],
  ['4xx', '4xx client error'],
  ['5xx', '5xx server error'],
  ['429', '429 rate limited'],
];

/** A status pill: ok, client error, server error. */
export function statusPill(status: number): HTMLElement {
  const kind = status < 400 ? 'ok' : status < 500 ? 'warn' : 'bad';
  return h('span', { class: `pill pill-${kind}` }, String(status));
}

function filterForm(ctx: ViewContext): HTMLFormElement {
  const p = ctx.params;
  const range = select('range', [['', 'Any time'], ...RANGES.map(([id, label]): [string, string] => [id, label])], p.get('range') ?? '');
  const status = select('status', STATUSES, p.get('status') ?? '');
  if (p.get('status') && !STATUSES.some(([v]) => v === p.get('status'))) {
    status.append(h('option', { value: p.get('status')! }, p.get('status')!));
    status.value = p.get('status')!;
  }
  const team =
    ctx.me.role === 'owner'
      ? field('Team', select('team', [['', 'All teams'], ...[...ctx.teams.values()].map((t): [string, string] => [t.id, t.name])], p.get('team') ?? ''))
      : null;
  const inputs = TEXT_FILTERS.map(([name, label, placeholder]) =>
    field(label, h('input', { type: name === 'q' ? 'search' : 'text', name, value: p.get(name) ?? '', placeholder, autocomplete: 'off' })),
  );
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter requests' },
    field('Time range', range),
    team,
    ...inputs,
    field('Status', status),
    h(
      'div',
      { class: 'filter-actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Apply filters'),
      h('button', { type: 'button', class: 'ghost', onclick: () => (location.hash = '#/requests') }, 'Clear'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values: Record<string, string> = {};
    for (const [k, v] of new FormData(form)) if (typeof v === 'string' && v.trim()) values[k] = v.trim();
    location.hash = `#/requests${query(values)}`;
  });
  return form;
}

function row(ctx: ViewContext, r: RequestSummary): HTMLTableRowElement {
  const href = `#/requests/${encodeURIComponent(r.id)}`;
  const served = r.model_served && r.model_served !== r.model_requested ? h('span', { class: 'sub muted' }, `→ ${r.model_served}`) : null;
  const tr = h(
    'tr',
    { class: 'clickable' },
    h('td', { class: 'nowrap' }, h('a', { href, 'aria-label': `Request ${r.id} at ${fmt.time(r.time)}` }, fmt.time(r.time))),
    h('td', { class: 'nowrap' }, r.model_requested, served),
    h('td', {}, r.provider ?? '–'),
    h('td', { class: 'nowrap' }, statusPill(r.status), r.error_code ? h('span', { class: 'code' }, ` ${r.error_code}`) : null),
    h('td', { class: 'num' }, fmt.count(r.input_tokens)),
    h('td', { class: 'num' }, fmt.count(r.output_tokens)),
    h('td', { class: 'num' }, fmt.usd(r.cost_usd)),
    h('td', { class: 'num' }, fmt.ms(r.total_ms)),
    h('td', { class: 'num' }, fmt.ms(r.ttft_ms)),
    h('td', { class: 'num' }, String(r.attempts)),
    h('td', {}, teamName(ctx, r.team_id)),
  );
  tr.addEventListener('click', (event) => {
    if ((event.target as HTMLElement).closest('a')) return;
    location.hash = href;
  });
  return tr;
}

const COLUMNS: [string, boolean][] = [
  ['Time', false],
  ['Model', false],
  ['Provider', false],
  ['Status', false],
  ['In', true],
  ['Out', true],
  ['Cost', true],
  ['Latency', true],
  ['TTFT', true],
  ['Attempts', true],
  ['Team', false],
];

/** Renders the explorer. */
export async function renderRequests(ctx: ViewContext): Promise<void> {
  heading(ctx, 'Requests');
  const results = h('section', { class: 'results', 'aria-label': 'Results', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading…'));
  replace(ctx.main, h('div', { class: 'page-head' }, h('h1', {}, 'Requests')), filterForm(ctx), results);
  const p = ctx.params;
  const span = RANGES.find(([id]) => id === p.get('range'))?.[2];
  const base: Record<string, string | number | undefined> = { from: span ? Date.now() - span : undefined, limit: 50 };
  for (const name of ['team', 'status', ...TEXT_FILTERS.map(([n]) => n)]) base[name] = p.get(name) ?? undefined;
  if (ctx.me.role !== 'owner') base.team = ctx.me.team_id;
  // Cursors of the pages before this one, so Previous works with a forward-only cursor.
  const cursors: (string | undefined)[] = [];
  let cursor: string | undefined;
  const load = async () => {
    const page = await api<RequestSearchPage>(`requests${query({ ...base, cursor })}`);
    if (!ctx.live()) return;
    if (page.data.length === 0) {
      replace(results, notice('empty', cursors.length ? 'No more requests.' : 'No requests match these filters.'));
      return;
    }
    const table = h(
      'table',
      { class: 'data requests' },
      h('caption', { class: 'sr-only' }, 'Requests, newest first'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          COLUMNS.map(([c, num]) => h('th', { scope: 'col', class: num ? 'num' : null }, c)),
        ),
      ),
      h(
        'tbody',
        {},
        page.data.map((r) => row(ctx, r)),
      ),
    );
    const prev = h('button', { type: 'button', disabled: cursors.length === 0 }, 'Previous page');
    const next = h('button', { type: 'button', disabled: page.next_cursor === null }, 'Next page');
    prev.addEventListener('click', () => {
      cursor = cursors.pop();
      void load();
    });
    next.addEventListener('click', () => {
      cursors.push(cursor);
      cursor = page.next_cursor ?? undefined;
      void load();
    });
    const first = cursors.length * 50 + 1;
    replace(
      results,
      tableWrap(table, 'Requests table'),
      h(
        'nav',
        { class: 'pager', 'aria-label': 'Pages' },
        prev,
        h('span', { class: 'muted' }, `Rows ${fmt.count(first)}–${fmt.count(first + page.data.length - 1)}`),
        next,
      ),
    );
  };
  await load();
}
