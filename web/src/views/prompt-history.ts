/**
 * A prompt's label history as a timeline, newest first: which label moved from which version to
 * which, when, by which key (its id, never the key) and why (e.g. an experiment's promotion).
 */
import { h, notice } from '../dom.js';
import * as fmt from '../format.js';
import type { PromptLabelEvent } from '../prompt-types.js';
import { labelBadge } from './feature.js';

/** What happened, in words: "moved from v2 to v3", "set to v1", "removed (was v3)". */
export function labelMove(e: PromptLabelEvent): string {
  const has = (v: number | null | undefined): v is number => v !== null && v !== undefined;
  if (!has(e.version)) return has(e.previous_version) ? `removed (was v${e.previous_version})` : 'removed';
  if (!has(e.previous_version)) return `set to v${e.version}`;
  return `moved from v${e.previous_version} to v${e.version}`;
}

/** The timeline (or an empty notice). */
export function labelTimeline(events: PromptLabelEvent[], label: string): HTMLElement {
  const shown = label ? events.filter((e) => e.label === label) : events;
  if (shown.length === 0) return notice('empty', label ? `The label ${label} has never been set.` : 'No label has been set on this prompt yet.');
  return h(
    'ol',
    { class: 'timeline', 'aria-label': 'Label history, newest first' },
    shown.map((e) => {
      const move = labelMove(e);
      const rollback = e.version != null && e.previous_version != null && e.version < e.previous_version;
      return h(
        'li',
        { class: `tl-item${e.version == null ? ' tl-removed' : rollback ? ' tl-rollback' : ''}` },
        h('span', { class: 'tl-dot', 'aria-hidden': 'true' }),
        h(
          'div',
          { class: 'tl-body' },
          h(
            'div',
            { class: 'tl-head' },
            labelBadge(e.label),
            h('strong', {}, ` ${move}`),
            rollback ? h('span', { class: 'pill pill-warn' }, 'rollback') : null,
          ),
          h(
            'div',
            { class: 'tl-meta muted' },
            h('time', { datetime: new Date(e.time).toISOString() }, fmt.time(e.time)),
            e.actor_key_id ? [' · by ', h('code', {}, e.actor_key_id)] : null,
          ),
          e.reason ? h('p', { class: 'tl-reason' }, e.reason) : null,
        ),
      );
    }),
  );
}
