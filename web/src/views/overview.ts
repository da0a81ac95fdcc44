/**
 * #/overview: totals for a range (numbers), and over time: requests and errors, latency and time
 * to first token (p50/p95), tokens, spend; then requests and spend split by team, model or provider.
 */
import type { Overview, OverviewBucket } from '../../../src/admin/requests-contract.js';
import { api, query } from '../api.js';
import { type Line, PALETTE, lineChart } from '../charts.js';
import { type ViewContext, heading, teamName } from '../context.js';
import { field, h, notice, replace, select, tableWrap } from '../dom.js';
import * as fmt from '../format.js';

/** The ranges offered, as [hash value, label, ms]. */
export const RANGES: [string, string, number][] = [
  ['1h', 'Last hour', 3_600_000],
  ['24h', 'Last 24 hours', 86_400_000],
  ['7d', 'Last 7 days', 7 * 86_400_000],
  ['30d', 'Last 30 days', 30 * 86_400_000],
];

const SPLITS: [string, string][] = [
  ['model', 'Model'],
  ['provider', 'Provider'],
  ['team', 'Team'],
];

/** A labelled number; data-value holds the exact figure the text shows rounded. */
function stat(label: string, value: number | null, text: string, sub?: string): HTMLElement {
  return h(
    'div',
    { class: 'stat', role: 'group', 'aria-label': label },
    h('span', { class: 'stat-label' }, label),
    h('span', { class: 'stat-value', 'data-value': value === null ? '' : String(value) }, text),
    sub ? h('span', { class: 'stat-sub' }, sub) : null,
  );
}

function series(buckets: OverviewBucket[], pick: (b: OverviewBucket) => number | null): (number | null)[] {
  return buckets.map(pick);
}

/** Renders the overview. */
export async function renderOverview(ctx: ViewContext): Promise<void> {
  heading(ctx, 'Overview');
  const rangeId = RANGES.some(([id]) => id === ctx.params.get('range')) ? ctx.params.get('range')! : '24h';
  const by = SPLITS.some(([id]) => id === ctx.params.get('by')) ? ctx.params.get('by')! : 'model';
  const range = select(
    'range',
    RANGES.map(([id, label]) => [id, label]),
    rangeId,
  );
  const split = select('by', SPLITS, by);
  const go = () => {
    location.hash = `#/overview${query({ range: range.value, by: split.value })}`;
  };
  range.addEventListener('change', go);
  split.addEventListener('change', go);
  const body = h('div', { class: 'overview-body', 'aria-live': 'polite', 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  replace(
    ctx.main,
    h('div', { class: 'page-head' }, h('h1', {}, 'Overview'), h('div', { class: 'controls' }, field('Range', range), field('Split by', split))),
    body,
  );
  const span = RANGES.find(([id]) => id === rangeId)![2];
  const to = Date.now();
  const overview = await api<Overview>(`overview${query({ from: to - span, to, by, team: ctx.me.role === 'owner' ? undefined : ctx.me.team_id })}`);
  if (!ctx.live()) return;
  body.removeAttribute('aria-busy');
  const t = overview.totals;
  const errorRate = t.requests > 0 ? t.errors / t.requests : 0;
  const stats = h(
    'section',
    { class: 'stats', 'aria-label': 'Totals' },
    stat('Requests', t.requests, fmt.count(t.requests)),
    stat('Errors', t.errors, fmt.count(t.errors), t.requests > 0 ? `${fmt.pct(errorRate)} of requests` : undefined),
    stat('Input tokens', t.input_tokens, fmt.count(t.input_tokens)),
    stat('Output tokens', t.output_tokens, fmt.count(t.output_tokens)),
    stat('Spend', t.cost_usd, fmt.usd(t.cost_usd)),
    stat('Cache hits', t.cache_hits, fmt.count(t.cache_hits), t.requests > 0 ? `${fmt.pct(t.cache_hits / t.requests)} of requests` : undefined),
    stat('Saved by the cache', t.saved_usd, fmt.usd(t.saved_usd), 'upstream cost of the answers served again'),
    stat('Latency p50', t.p50_ms, fmt.ms(t.p50_ms)),
    stat('Latency p95', t.p95_ms, fmt.ms(t.p95_ms)),
    stat('First token p50', t.p50_ttft_ms, fmt.ms(t.p50_ttft_ms), 'streamed requests'),
    stat('First token p95', t.p95_ttft_ms, fmt.ms(t.p95_ttft_ms), 'streamed requests'),
  );
  if (t.requests === 0) {
    replace(body, stats, notice('empty', 'No requests in this range yet. Send some traffic through the gateway, then reload.'));
    return;
  }
  const b = overview.buckets;
  const times = b.map((x) => x.start);
  const charts = h(
    'section',
    { class: 'charts', 'aria-label': 'Over time' },
    lineChart(
      'Requests and errors',
      times,
      [
        { label: 'Requests', values: series(b, (x) => x.requests) },
        { label: 'Errors', values: series(b, (x) => x.errors), color: '#dc2626' },
      ],
      fmt.compact,
      { counts: true },
    ),
    lineChart(
      'Latency and time to first token',
      times,
      [
        { label: 'Latency p50', values: series(b, (x) => x.p50_ms), color: PALETTE[0] },
        { label: 'Latency p95', values: series(b, (x) => x.p95_ms), color: PALETTE[0], dash: true },
        { label: 'First token p50', values: series(b, (x) => x.p50_ttft_ms), color: PALETTE[2] },
        { label: 'First token p95', values: series(b, (x) => x.p95_ttft_ms), color: PALETTE[2], dash: true },
      ],
      fmt.ms,
    ),
    lineChart(
      'Tokens',
      times,
      [
        { label: 'Input', values: series(b, (x) => x.input_tokens), color: PALETTE[1] },
        { label: 'Output', values: series(b, (x) => x.output_tokens), color: PALETTE[3] },
      ],
      fmt.compact,
      { counts: true },
    ),
    lineChart('Spend (USD)', times, [{ label: 'Spend', values: series(b, (x) => x.cost_usd), color: PALETTE[5] }], fmt.usd),
  );
  replace(body, stats, charts, splitSection(ctx, overview, by));
}

function splitSection(ctx: ViewContext, overview: Overview, by: string): HTMLElement | null {
  const split = overview.split ?? [];
  if (split.length === 0) return null;
  const label = SPLITS.find(([id]) => id === by)![1];
  const name = (key: string) => (by === 'team' ? teamName(ctx, key) : key);
  const times = overview.buckets.map((x) => x.start);
  const lines = (pick: (x: { requests: number; cost_usd: number }) => number): Line[] =>
    split.map((s) => {
      const byStart = new Map(s.buckets.map((x) => [x.start, pick(x)]));
      return { label: name(s.key), values: times.map((t) => byStart.get(t) ?? 0) };
    });
  const total = split.reduce((n, s) => n + s.requests, 0) || 1;
  const table = h(
    'table',
    { class: 'data' },
    h('caption', { class: 'sr-only' }, `Totals by ${label.toLowerCase()}`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, label),
        ...['Requests', 'Share', 'Input tokens', 'Output tokens', 'Spend'].map((c) => h('th', { scope: 'col', class: 'num' }, c)),
      ),
    ),
    h(
      'tbody',
      {},
      split.map((s, i) => {
        const bar = h('span', { class: 'share-bar' });
        bar.style.width = `${Math.round((s.requests / total) * 100)}%`;
        bar.style.background = PALETTE[i % PALETTE.length]!;
        return h(
          'tr',
          {},
          h('th', { scope: 'row' }, h('span', { class: 'swatch', 'aria-hidden': 'true' }, ''), name(s.key)),
          h('td', { class: 'num' }, fmt.count(s.requests)),
          h('td', { class: 'num share' }, h('span', { class: 'share-track', 'aria-hidden': 'true' }, bar), fmt.pct(s.requests / total)),
          h('td', { class: 'num' }, fmt.count(s.input_tokens)),
          h('td', { class: 'num' }, fmt.count(s.output_tokens)),
          h('td', { class: 'num' }, fmt.usd(s.cost_usd)),
        );
      }),
    ),
  );
  table.querySelectorAll<HTMLElement>('.swatch').forEach((el, i) => {
    el.style.background = PALETTE[i % PALETTE.length]!;
  });
  return h(
    'section',
    { class: 'split', 'aria-labelledby': 'split-title' },
    h('h2', { id: 'split-title' }, `By ${label.toLowerCase()}`),
    h(
      'div',
      { class: 'charts' },
      lineChart(
        `Requests by ${label.toLowerCase()}`,
        times,
        lines((x) => x.requests),
        fmt.compact,
        { counts: true },
      ),
      lineChart(
        `Spend by ${label.toLowerCase()}`,
        times,
        lines((x) => x.cost_usd),
        fmt.usd,
      ),
    ),
    tableWrap(table, `Totals by ${label.toLowerCase()}`),
  );
}
