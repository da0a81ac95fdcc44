/**
 * #/experiments/ID: an experiment's results. The decision (winner, no difference, not enough data)
 * and its reason first; then the variants and their traffic; then per metric (primary first) a row
 * per treatment: control and treatment means, the difference with its always-valid interval drawn
 * as a bar on an axis centred on zero, the p-value and the verdict.
 */
import { api } from '../api.js';
import { type ViewContext, heading } from '../context.js';
import { h, notice, replace, tableWrap } from '../dom.js';
import type { Experiment, ExperimentResults, Verdict, WireComparison, WireDecision } from '../experiment-types.js';
import * as fmt from '../format.js';
import { crossesZero, placeBar, symmetricExtent } from '../interval.js';
import { confidence, metricInfo, pValue, relative } from '../metrics.js';
import { errorText, isNotFound } from './feature.js';
import { describeTarget, experimentStatus } from './experiments.js';

const VERDICTS: Record<Verdict, [string, string]> = {
  better: ['better', 'ok'],
  worse: ['worse', 'bad'],
  no_difference: ['no difference', 'neutral'],
  not_enough_data: ['not enough data', 'neutral'],
};

/** A verdict pill (the word is always written: colour is never the only signal). */
function verdictPill(v: Verdict): HTMLElement {
  const [text, tone] = VERDICTS[v] ?? [String(v), 'neutral'];
  return h('span', { class: `pill pill-${tone} verdict` }, text);
}

function decisionCard(r: ExperimentResults): HTMLElement {
  const d: WireDecision = r.decision;
  const title = d.decision === 'winner' ? `Winner: ${d.variant ?? '?'}` : d.decision === 'no_difference' ? 'No difference' : 'Not enough data yet';
  return h(
    'section',
    { class: `decision decision-${d.decision.replace(/_/g, '-')}`, 'aria-labelledby': 'decision-title' },
    h('p', { class: 'decision-kicker' }, 'Decision'),
    h('h2', { id: 'decision-title', class: 'decision-title' }, title),
    h('p', { class: 'decision-reason' }, d.reason),
    h(
      'p',
      { class: 'decision-basis muted' },
      `Primary metric: ${metricInfo(r.primary_metric).label}. Control: ${r.control}. Intervals are ${confidence(r.alpha)} always-valid (α = ${r.alpha}): they may be checked at any time without inflating false positives.`,
    ),
  );
}

/** What a variant changes: prompt version, model, parameters. */
function variantSetup(e: Experiment, name: string): string {
  const v = e.variants.find((x) => x.name === name);
  if (!v) return '–';
  const parts = [
    v.prompt_version !== undefined ? `prompt ${typeof v.prompt_version === 'number' ? `v${v.prompt_version}` : v.prompt_version}` : null,
    v.model ? `model ${v.model}` : null,
    v.params && Object.keys(v.params).length
      ? Object.entries(v.params)
          .map(([k, x]) => `${k} ${JSON.stringify(x)}`)
          .join(', ')
      : null,
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'as called';
}

function variantsTable(r: ExperimentResults, e: Experiment): HTMLElement {
  const total = r.variants.reduce((s, v) => s + v.weight, 0);
  const table = h(
    'table',
    { class: 'data' },
    h('caption', { class: 'sr-only' }, 'Variants'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Variant'),
        h('th', { scope: 'col' }, 'Sends'),
        h('th', { scope: 'col', class: 'num' }, 'Weight'),
        h('th', { scope: 'col', class: 'num' }, 'Requests'),
      ),
    ),
    h(
      'tbody',
      {},
      r.variants.map((v) =>
        h(
          'tr',
          {},
          h(
            'th',
            { scope: 'row' },
            v.name,
            v.name === r.control ? h('span', { class: 'pill pill-neutral tag' }, 'control') : null,
            e.shadow?.variant === v.name ? h('span', { class: 'pill pill-warn tag' }, 'shadow') : null,
          ),
          h('td', {}, variantSetup(e, v.name)),
          h('td', { class: 'num' }, total > 0 ? fmt.pct(v.weight / total) : '–'),
          h('td', { class: 'num' }, fmt.count(v.requests)),
        ),
      ),
    ),
  );
  return tableWrap(table, 'Variants table');
}

/** The interval as a bar on [-extent, extent], zero in the middle, the difference as a dot. */
function intervalBar(c: WireComparison, extent: number, write: (n: number) => string): HTMLElement {
  const place = placeBar(c.interval, c.difference, extent);
  const [lo, hi] = c.interval;
  const bound = (v: number | null | undefined, side: string) => (typeof v === 'number' && Number.isFinite(v) ? write(v) : `unbounded ${side}`);
  const text = `${bound(lo, 'below')} to ${bound(hi, 'above')}`;
  const bar = h('span', { class: `iv-bar iv-${c.verdict}${place.openLeft ? ' open-left' : ''}${place.openRight ? ' open-right' : ''}` });
  bar.style.left = `${place.left}%`;
  bar.style.width = `${Math.max(place.width, 0.6)}%`;
  const dot = place.point === undefined ? null : h('span', { class: 'iv-point' });
  if (dot) dot.style.left = `${place.point}%`;
  return h(
    'div',
    { class: 'interval' },
    h(
      'div',
      {
        class: 'iv-track',
        role: 'img',
        'aria-label': `Interval of the difference: ${text}; ${crossesZero(c.interval) ? 'includes zero' : 'excludes zero'}`,
      },
      h('span', { class: 'iv-zero' }),
      bar,
      dot,
    ),
    h('span', { class: 'iv-text num' }, `[${bound(lo, 'below').replace('unbounded below', '−∞')}, ${bound(hi, 'above').replace('unbounded above', '+∞')}]`),
  );
}

/** How the experiment is set up (from GET /admin/v1/experiments/{id}). */
function setupFacts(e: Experiment): HTMLElement {
  const rows: [string, string | null | undefined][] = [
    ['Target', describeTarget(e.target)],
    ['Description', e.description],
    ['Assigned by', e.unit === 'key' ? 'key' : e.unit === 'end_user' ? 'end user (else key)' : e.unit],
    ['Traffic', e.traffic === undefined ? null : fmt.pct(e.traffic)],
    ['Teams', e.teams?.length ? e.teams.join(', ') : null],
    ['Guard metrics', e.guard_metrics?.length ? e.guard_metrics.map((m) => metricInfo(m).label).join(', ') : null],
    ['Auto-promote', e.auto_promote ? `moves label ${e.auto_promote.label} to the winner` : 'off'],
    ['Shadow', e.shadow ? `${fmt.pct(e.shadow.fraction)} of traffic mirrored to ${e.shadow.variant} (never returned)` : null],
  ];
  return h(
    'dl',
    { class: 'facts setup' },
    rows.filter(([, v]) => v !== null && v !== undefined && v !== '').flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v as string)]),
  );
}

function metricSection(r: ExperimentResults, metric: string, rows: WireComparison[], guards: string[]): HTMLElement {
  const info = metricInfo(metric);
  const extent = symmetricExtent(rows);
  const primary = metric === r.primary_metric;
  const id = `metric-${metric.replace(/[^a-z0-9_-]/gi, '_')}`;
  const table = h(
    'table',
    { class: 'data comparisons' },
    h('caption', { class: 'sr-only' }, `${info.label}: each treatment against ${r.control}`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Treatment'),
        h('th', { scope: 'col', class: 'num' }, `Control (${r.control})`),
        h('th', { scope: 'col', class: 'num' }, 'Treatment'),
        h('th', { scope: 'col', class: 'num' }, 'Difference'),
        h('th', { scope: 'col', class: 'iv-col' }, `${confidence(r.alpha)} interval`),
        h('th', { scope: 'col', class: 'num' }, 'p-value'),
        h('th', { scope: 'col' }, 'Verdict'),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((c) =>
        h(
          'tr',
          { 'data-variant': c.variant },
          h('th', { scope: 'row' }, c.variant),
          h('td', { class: 'num' }, info.value(c.control.mean), h('span', { class: 'sub muted' }, `n = ${fmt.count(c.control.n)}`)),
          h('td', { class: 'num' }, info.value(c.treatment.mean), h('span', { class: 'sub muted' }, `n = ${fmt.count(c.treatment.n)}`)),
          h('td', { class: 'num' }, info.delta(c.difference), relative(c.relative) ? h('span', { class: 'sub muted' }, relative(c.relative)) : null),
          h('td', { class: 'iv-col' }, intervalBar(c, extent, info.delta)),
          h('td', { class: 'num' }, pValue(c.p_value)),
          h('td', {}, verdictPill(c.verdict)),
        ),
      ),
    ),
  );
  return h(
    'section',
    { class: 'metric', 'aria-labelledby': id },
    h(
      'h2',
      { id },
      info.label,
      primary ? h('span', { class: 'pill pill-accent tag' }, 'primary') : null,
      !primary && guards.includes(metric) ? h('span', { class: 'pill pill-neutral tag' }, 'guard') : null,
      h('span', { class: 'count muted' }, ` ${info.lowerIsBetter ? 'lower is better' : 'higher is better'}`),
    ),
    tableWrap(table, `${info.label} comparisons`),
    h('p', { class: 'hint' }, `Bars: the interval on a scale of ±${info.value(extent)} around zero (the line); the dot is the difference.`),
  );
}

/** Renders one experiment's results. */
export async function renderExperimentDetail(ctx: ViewContext, id: string): Promise<void> {
  heading(ctx, 'Experiment');
  replace(ctx.main, h('p', { class: 'muted' }, 'Loading…'));
  let r: ExperimentResults;
  let e: Experiment;
  try {
    [e, r] = await Promise.all([
      api<Experiment>(`experiments/${encodeURIComponent(id)}`),
      api<ExperimentResults>(`experiments/${encodeURIComponent(id)}/results`),
    ]);
  } catch (err) {
    if (!ctx.live()) return;
    replace(
      ctx.main,
      h('p', { class: 'crumbs' }, h('a', { href: '#/experiments' }, '← Experiments')),
      h('h1', {}, 'Experiment ', h('code', {}, id)),
      notice('error', isNotFound(err) ? `No experiment ${id} here (${errorText(err)})` : errorText(err)),
    );
    return;
  }
  if (!ctx.live()) return;
  heading(ctx, `Experiment ${r.name}`);
  // Primary metric first, the others in the order the API gives them.
  const metrics = [...new Set([r.primary_metric, ...r.comparisons.map((c) => c.metric)])].filter((m) => r.comparisons.some((c) => c.metric === m));
  replace(
    ctx.main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/experiments' }, '← Experiments')),
    h(
      'div',
      { class: 'page-head start' },
      h('h1', {}, 'Experiment ', h('span', {}, r.name)),
      h('div', { class: 'head-status' }, experimentStatus(r.status)),
      h('span', { class: 'muted updated' }, `results as of ${fmt.time(r.updated_at)}`),
      h('button', { type: 'button', class: 'small', onclick: () => void renderExperimentDetail(ctx, id) }, 'Refresh'),
    ),
    decisionCard(r),
    setupFacts(e),
    h('section', { 'aria-labelledby': 'variants-title' }, h('h2', { id: 'variants-title' }, 'Variants'), variantsTable(r, e)),
    metrics.length
      ? metrics.map((m) =>
          metricSection(
            r,
            m,
            r.comparisons.filter((c) => c.metric === m),
            e.guard_metrics ?? [],
          ),
        )
      : notice('empty', 'No comparisons yet: no request has reached a treatment and the control.'),
  );
}
