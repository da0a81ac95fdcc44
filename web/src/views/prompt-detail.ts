/**
 * #/prompts/ID: one prompt. Its versions (with the labels on each), a viewer of one version, the
 * diff between any two versions, and the label history. The chosen version, the compared pair and
 * the history's label filter live in the hash (?v=3&from=2&to=3&label=production), kept in step
 * with replaceState so the page is not rebuilt on each choice and a view can be shared.
 */
import { api, query } from '../api.js';
import { type ViewContext, heading } from '../context.js';
import { field, h, notice, replace, select, tableWrap } from '../dom.js';
import * as fmt from '../format.js';
import type { Prompt, PromptLabelEvent, PromptVersion } from '../prompt-types.js';
import type { List } from '../types.js';
import { errorText, isNotFound, labelBadges, scopeText } from './feature.js';
import { loadDiff } from './prompt-diff.js';
import { labelTimeline } from './prompt-history.js';
import { versionViewer } from './prompt-version.js';
import { promptTeam } from './prompts.js';

/** A version number from the hash, if it is one of the known versions. */
function pick(params: URLSearchParams, name: string, known: Set<number>): number | undefined {
  const n = Number(params.get(name));
  return Number.isInteger(n) && known.has(n) ? n : undefined;
}

function versionsTable(prompt: Prompt, versions: PromptVersion[], current: () => number, choose: (v: number) => void): HTMLElement {
  const buttons = new Map<number, HTMLButtonElement>();
  const table = h(
    'table',
    { class: 'data versions' },
    h('caption', { class: 'sr-only' }, 'Versions, newest first'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Version', 'Labels', 'Message', 'Author', 'Created'].map((c) => h('th', { scope: 'col' }, c)),
        h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Actions')),
      ),
    ),
    h(
      'tbody',
      {},
      versions.map((v) => {
        const button = h('button', { type: 'button', class: 'small', 'aria-label': `View version ${v.version}`, onclick: () => choose(v.version) }, 'View');
        buttons.set(v.version, button);
        return h(
          'tr',
          {},
          h('th', { scope: 'row' }, `v${v.version}`),
          h('td', {}, h('span', { class: 'badges' }, labelBadges(prompt.labels, v.version))),
          h('td', {}, v.message ?? h('span', { class: 'muted' }, '–')),
          h('td', {}, v.author ?? '–'),
          h('td', { class: 'nowrap' }, fmt.time(v.created_at)),
          h('td', {}, button),
        );
      }),
    ),
  );
  const sync = () => {
    for (const [n, b] of buttons) b.setAttribute('aria-pressed', String(n === current()));
  };
  sync();
  table.addEventListener('click', sync);
  return tableWrap(table, 'Versions table');
}

/** Renders one prompt. */
export async function renderPromptDetail(ctx: ViewContext, id: string): Promise<void> {
  heading(ctx, `Prompt ${id}`);
  replace(ctx.main, h('p', { class: 'muted' }, 'Loading…'));
  const team = promptTeam(ctx);
  const base = `prompts/${encodeURIComponent(id)}`;
  const scoped = query({ team });
  const back = `#/prompts${scoped}`;
  let prompt: Prompt;
  let versions: List<PromptVersion>;
  let events: List<PromptLabelEvent>;
  try {
    [prompt, versions, events] = await Promise.all([
      api<Prompt>(`${base}${scoped}`),
      api<List<PromptVersion>>(`${base}/versions${scoped}`),
      api<List<PromptLabelEvent>>(`${base}/labels/history${scoped}`),
    ]);
  } catch (err) {
    if (!ctx.live()) return;
    replace(
      ctx.main,
      h('p', { class: 'crumbs' }, h('a', { href: back }, '← Prompts')),
      h('h1', {}, 'Prompt ', h('code', {}, id)),
      notice('error', isNotFound(err) ? `No prompt ${id} here (${errorText(err)})` : errorText(err)),
    );
    return;
  }
  if (!ctx.live()) return;
  const list = [...versions.data].sort((a, b) => b.version - a.version);
  const known = new Set(list.map((v) => v.version));
  const latest = list[0]?.version;
  const state = {
    v: pick(ctx.params, 'v', known) ?? latest,
    to: pick(ctx.params, 'to', known) ?? latest,
    from: pick(ctx.params, 'from', known) ?? list[1]?.version ?? latest,
    label: ctx.params.get('label') ?? '',
  };
  // The hash follows the choices without a hashchange (which would rebuild the page).
  const remember = () => {
    const q = query({
      team,
      v: state.v === latest ? undefined : state.v,
      from: state.from,
      to: state.to === latest ? undefined : state.to,
      label: state.label,
    });
    history.replaceState(null, '', `#/prompts/${encodeURIComponent(id)}${q}`);
  };

  const viewer = h('div', { class: 'viewer-slot' });
  const showVersion = (n: number | undefined) => {
    const v = list.find((x) => x.version === n);
    replace(viewer, v ? versionViewer(v, prompt.labels) : notice('empty', 'This prompt has no versions.'));
  };

  const diffTarget = h('div', { class: 'diff-slot', 'aria-live': 'polite' });
  const options = list.map((v): [string, string] => [String(v.version), `v${v.version}${v.message ? ` · ${v.message.slice(0, 40)}` : ''}`]);
  const fromSel = select('from', options, String(state.from));
  const toSel = select('to', options, String(state.to));
  const compare = () => {
    state.from = Number(fromSel.value);
    state.to = Number(toSel.value);
    remember();
    void loadDiff(id, team, state.from, state.to, diffTarget, ctx.live);
  };
  fromSel.addEventListener('change', compare);
  toSel.addEventListener('change', compare);

  const labelsSeen = [...new Set([...Object.keys(prompt.labels ?? {}), ...events.data.map((e) => e.label)])].sort();
  const labelSel = select('label', [['', 'All labels'], ...labelsSeen.map((l): [string, string] => [l, l])], state.label);
  const timeline = h('div', { class: 'timeline-slot' }, labelTimeline(events.data, labelSel.value));
  labelSel.addEventListener('change', () => {
    state.label = labelSel.value;
    remember();
    replace(timeline, labelTimeline(events.data, state.label));
  });

  const badges = labelBadges(prompt.labels ?? {});
  replace(
    ctx.main,
    h('p', { class: 'crumbs' }, h('a', { href: back }, '← Prompts')),
    h('div', { class: 'page-head start' }, h('h1', {}, 'Prompt ', h('code', {}, prompt.id)), badges.length ? h('div', { class: 'badges' }, badges) : null),
    prompt.description ? h('p', { class: 'lead' }, prompt.description) : null,
    h(
      'dl',
      { class: 'facts inline-facts' },
      h('dt', {}, 'Scope'),
      h('dd', {}, scopeText(ctx, prompt.scope)),
      h('dt', {}, 'Latest version'),
      h('dd', {}, `v${prompt.latest_version}`),
      h('dt', {}, 'Created'),
      h('dd', {}, fmt.time(prompt.created_at)),
      h('dt', {}, 'Updated'),
      h('dd', {}, fmt.time(prompt.updated_at)),
    ),
    h(
      'section',
      { 'aria-labelledby': 'versions-title' },
      h('h2', { id: 'versions-title' }, 'Versions', h('span', { class: 'count muted' }, ` ${list.length}${versions.has_more ? ' newest' : ''}`)),
      list.length
        ? versionsTable(
            prompt,
            list,
            () => state.v ?? -1,
            (n) => {
              state.v = n;
              remember();
              showVersion(n);
              viewer.querySelector('h2')?.scrollIntoView({ block: 'nearest' });
            },
          )
        : notice('empty', 'This prompt has no versions.'),
    ),
    viewer,
    h(
      'section',
      { class: 'card wide compare', 'aria-labelledby': 'diff-title' },
      h('h2', { id: 'diff-title' }, 'Compare versions'),
      list.length > 1
        ? [h('div', { class: 'controls' }, field('From version', fromSel), field('To version', toSel)), diffTarget]
        : notice('empty', 'Only one version so far: nothing to compare yet.'),
    ),
    h(
      'section',
      { class: 'card wide', 'aria-labelledby': 'history-title' },
      h('div', { class: 'section-head' }, h('h2', { id: 'history-title' }, 'Label history'), labelsSeen.length > 1 ? field('Show label', labelSel) : null),
      timeline,
    ),
  );
  showVersion(state.v);
  if (list.length > 1) void loadDiff(id, team, state.from!, state.to!, diffTarget, ctx.live);
}
