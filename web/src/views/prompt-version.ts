/**
 * One prompt version shown whole: its messages (with `{{variables}}` marked), declared variables,
 * default model and parameters, tools and response format, and who made it and why.
 */
import { h, tableWrap } from '../dom.js';
import * as fmt from '../format.js';
import type { PromptVersion, WireVariable } from '../prompt-types.js';
import { labelBadges } from './feature.js';

/** Same grammar as src/prompts/placeholders.ts: a name in double braces, spaces allowed inside. */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Message text with each placeholder in a <mark>, every piece a text node. */
function templated(text: string): HTMLElement {
  const pre = h('pre', { class: 'message-content', tabindex: 0 });
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    const at = m.index ?? 0;
    if (at > last) pre.append(text.slice(last, at));
    pre.append(h('mark', { class: 'var', title: `variable ${m[1]}` }, m[0]));
    last = at + m[0].length;
  }
  if (last < text.length) pre.append(text.slice(last));
  return pre;
}

function variablesTable(vars: Record<string, WireVariable>): HTMLElement {
  const table = h(
    'table',
    { class: 'data' },
    h('caption', { class: 'sr-only' }, 'Variables'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Name', 'Type', 'Required', 'Default', 'Description'].map((c) => h('th', { scope: 'col' }, c)),
      ),
    ),
    h(
      'tbody',
      {},
      Object.entries(vars).map(([name, v]) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, h('code', {}, name)),
          h('td', {}, v.type ?? 'string', v.enum?.length ? h('span', { class: 'sub muted' }, `one of ${v.enum.join(', ')}`) : null),
          h('td', {}, v.required === false || v.default !== undefined ? 'no' : 'yes'),
          h('td', {}, v.default === undefined ? '–' : h('code', {}, JSON.stringify(v.default))),
          h('td', {}, v.description ?? ''),
        ),
      ),
    ),
  );
  return tableWrap(table, 'Variables table');
}

function json(title: string, value: unknown): HTMLElement | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object' && Object.keys(value).length === 0) return null;
  return h('div', { class: 'version-part' }, h('h3', {}, title), h('pre', { class: 'json', tabindex: 0 }, JSON.stringify(value, null, 2)));
}

/** The viewer of version v (labels: the prompt's, to badge the ones pointing here). */
export function versionViewer(v: PromptVersion, labels: Record<string, number>): HTMLElement {
  const t = v.template;
  const vars = t.variables ?? {};
  const facts: [string, string | Node | null | undefined][] = [
    ['Created', fmt.time(v.created_at)],
    ['Author', v.author],
    ['Message', v.message],
    ['Default model', t.model ? h('code', {}, t.model) : null],
    ['Content hash', h('code', { class: 'hash', title: v.content_hash }, v.content_hash.slice(0, 12))],
  ];
  const badges = labelBadges(labels, v.version);
  return h(
    'section',
    { class: 'card wide version-viewer', 'aria-labelledby': 'viewer-title' },
    h('h2', { id: 'viewer-title' }, `Version ${v.version}`, badges.length ? h('span', { class: 'badges' }, ' ', badges) : null),
    h(
      'dl',
      { class: 'facts' },
      facts.filter(([, x]) => x !== null && x !== undefined && x !== '').flatMap(([k, x]) => [h('dt', {}, k), h('dd', {}, x as string | Node)]),
    ),
    h(
      'div',
      { class: 'version-part' },
      h('h3', { id: 'messages-title' }, `Messages (${t.messages.length})`),
      h(
        'ol',
        { class: 'messages', 'aria-labelledby': 'messages-title' },
        t.messages.map((m) => h('li', { class: 'message' }, h('span', { class: `role role-${m.role}` }, m.role), templated(m.content))),
      ),
    ),
    Object.keys(vars).length ? h('div', { class: 'version-part' }, h('h3', {}, 'Variables'), variablesTable(vars)) : null,
    json('Parameters', t.params),
    json('Tools', t.tools),
    json('Response format', t.response_format),
  );
}
