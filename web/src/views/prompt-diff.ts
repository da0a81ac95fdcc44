/**
 * The difference between two versions of a prompt (GET /admin/v1/prompts/{id}/diff), drawn as a
 * unified diff: added lines green with +, removed lines red with −, each with its line numbers.
 */
import { api, query } from '../api.js';
import { h, notice, replace, tableWrap } from '../dom.js';
import { type DiffLine, parseUnifiedDiff } from '../diff-lines.js';
import type { PromptDiff } from '../prompt-types.js';
import { errorText } from './feature.js';

const SIGN: Record<DiffLine['kind'], string> = { add: '+', remove: '−', context: '', hunk: '', header: '', note: '' };
const SPOKEN: Partial<Record<DiffLine['kind'], string>> = { add: 'added', remove: 'removed' };

/** The diff as a table of lines (old number, new number, sign, text). */
export function diffTable(diff: PromptDiff): HTMLElement {
  const parsed = parseUnifiedDiff(diff.unified);
  const shown = parsed.lines.filter((l) => l.kind !== 'header');
  if (parsed.added === 0 && parsed.removed === 0) {
    return notice('empty', `Versions ${diff.from.version} and ${diff.to.version} have the same content.`);
  }
  const table = h(
    'table',
    { class: 'diff' },
    h(
      'caption',
      { class: 'diff-summary' },
      `Version ${diff.from.version} → ${diff.to.version}: `,
      h('span', { class: 'diff-added' }, `+${parsed.added}`),
      ' ',
      h('span', { class: 'diff-removed' }, `−${parsed.removed}`),
      ' lines',
    ),
    h(
      'thead',
      { class: 'sr-only' },
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, `Line in version ${diff.from.version}`),
        h('th', { scope: 'col' }, `Line in version ${diff.to.version}`),
        h('th', { scope: 'col' }, 'Change'),
        h('th', { scope: 'col' }, 'Text'),
      ),
    ),
    h(
      'tbody',
      {},
      shown.map((l) =>
        h(
          'tr',
          { class: `diff-${l.kind}` },
          h('td', { class: 'ln' }, l.oldLine === undefined ? '' : String(l.oldLine)),
          h('td', { class: 'ln' }, l.newLine === undefined ? '' : String(l.newLine)),
          h(
            'td',
            { class: 'sign' },
            SPOKEN[l.kind] ? h('span', { 'aria-hidden': 'true' }, SIGN[l.kind]) : '',
            SPOKEN[l.kind] ? h('span', { class: 'sr-only' }, SPOKEN[l.kind]!) : null,
          ),
          h('td', { class: 'text' }, l.text),
        ),
      ),
    ),
  );
  return tableWrap(table, `Diff of version ${diff.from.version} and ${diff.to.version}`);
}

/** Loads and draws the diff of from → to into target. */
export async function loadDiff(promptId: string, team: string | undefined, from: number, to: number, target: HTMLElement, live: () => boolean): Promise<void> {
  if (from === to) {
    replace(target, notice('info', 'Pick two different versions to compare.'));
    return;
  }
  target.setAttribute('aria-busy', 'true');
  try {
    const diff = await api<PromptDiff>(`prompts/${encodeURIComponent(promptId)}/diff${query({ team, from, to })}`);
    if (live()) replace(target, diffTable(diff));
  } catch (err) {
    if (live()) replace(target, notice('error', errorText(err)));
  } finally {
    target.removeAttribute('aria-busy');
  }
}
