/**
 * #/requests/ID: one request. The attempts as a waterfall (bars on the request's time axis), the
 * phase timings, usage and cost, route reason and trace id, and the bodies when they were kept.
 */
import type { RequestAttempt, RequestDetail } from '../../../src/admin/requests-contract.js';
import { ApiError, api } from '../api.js';
import { type ViewContext, heading, teamName } from '../context.js';
import { h, notice, replace, tableWrap } from '../dom.js';
import * as fmt from '../format.js';
import { statusPill } from './requests.js';

function facts(title: string, rows: [string, string | Node | null | undefined][], extra?: HTMLElement | null): HTMLElement {
  const shown = rows.filter(([, v]) => v !== null && v !== undefined && v !== '');
  return h(
    'section',
    { class: 'card', 'aria-label': title },
    h('h2', {}, title),
    h(
      'dl',
      { class: 'facts' },
      shown.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v as string | Node)]),
    ),
    extra ?? null,
  );
}

/** Where each attempt starts: its start_ms, or right after the previous one when unknown. */
function placed(attempts: RequestAttempt[]): { a: RequestAttempt; start: number }[] {
  let t = 0;
  return attempts.map((a) => {
    const start = a.start_ms ?? t;
    t = start + a.ms;
    return { a, start };
  });
}

function waterfall(d: RequestDetail): HTMLElement {
  const rows = placed(d.attempt_log);
  const end = Math.max(d.total_ms, ...rows.map((r) => r.start + r.a.ms), 1);
  const list = h(
    'ol',
    { class: 'waterfall', 'aria-label': 'Attempts' },
    rows.map(({ a, start }, i) => {
      const bar = h('span', { class: `wf-bar wf-${a.outcome}` });
      bar.style.left = `${(start / end) * 100}%`;
      bar.style.width = `${Math.max(0.5, (a.ms / end) * 100)}%`;
      const detail = [a.outcome, a.upstream_status ? `HTTP ${a.upstream_status}` : null, a.error_code, a.reason ? `reason: ${a.reason}` : null, a.region]
        .filter(Boolean)
        .join(' · ');
      return h(
        'li',
        { class: 'wf-row', 'aria-label': `Attempt ${i + 1}: ${a.provider}/${a.model}, ${a.outcome}, ${fmt.ms(a.ms)} starting at ${fmt.ms(start)}` },
        h('div', { class: 'wf-label' }, h('strong', {}, `${i + 1}. ${a.provider}/${a.model}`), h('span', { class: 'muted' }, detail)),
        h('div', { class: 'wf-track', 'aria-hidden': 'true' }, bar),
        h('div', { class: 'wf-time num' }, `+${fmt.ms(start)} · ${fmt.ms(a.ms)}`),
      );
    }),
  );
  const axis = h('div', { class: 'wf-axis', 'aria-hidden': 'true' }, h('span', {}, '0 ms'), h('span', {}, fmt.ms(end / 2)), h('span', {}, fmt.ms(end)));
  return h(
    'section',
    { class: 'card wide', 'aria-labelledby': 'wf-title' },
    h('h2', { id: 'wf-title' }, `Attempts (${d.attempt_log.length})`),
    d.attempt_log.length ? [list, axis] : notice('empty', 'No upstream attempt was made (refused before routing, or served by the gateway).'),
  );
}

function phases(d: RequestDetail): HTMLElement | null {
  const entries = Object.entries(d.phases ?? {});
  if (entries.length === 0) return null;
  const max = Math.max(...entries.map(([, v]) => v), 1);
  return h(
    'div',
    { class: 'phase-block' },
    h('h3', { id: 'phase-title' }, 'Phases'),
    h(
      'ol',
      { class: 'phases', 'aria-labelledby': 'phase-title' },
      entries.map(([name, value]) => {
        const bar = h('span', { class: 'phase-bar' });
        bar.style.width = `${Math.max(1, (value / max) * 100)}%`;
        return h(
          'li',
          {},
          h('span', { class: 'phase-name' }, name),
          h('span', { class: 'phase-track', 'aria-hidden': 'true' }, bar),
          h('span', { class: 'num' }, fmt.ms(value)),
        );
      }),
    ),
  );
}

function body(title: string, value: unknown): HTMLElement | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  // Short bodies start open; long ones stay folded so the page stays quick to scan.
  return h('details', { class: 'card body', open: text.length < 4000 }, h('summary', {}, title), h('pre', { tabindex: 0 }, text));
}

function metadata(d: RequestDetail): HTMLElement | null {
  const entries = Object.entries(d.metadata ?? {});
  if (entries.length === 0) return null;
  const table = h(
    'table',
    { class: 'data' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Key'), h('th', { scope: 'col' }, 'Value'))),
    h(
      'tbody',
      {},
      entries.map(([k, v]) => h('tr', {}, h('td', {}, k), h('td', {}, v))),
    ),
  );
  return h('section', { class: 'card', 'aria-labelledby': 'meta-title' }, h('h2', { id: 'meta-title' }, 'Metadata'), tableWrap(table, 'Metadata'));
}

/** Renders one request. */
export async function renderRequestDetail(ctx: ViewContext, id: string): Promise<void> {
  heading(ctx, `Request ${id}`);
  replace(ctx.main, h('p', { class: 'muted' }, 'Loading…'));
  let d: RequestDetail;
  try {
    d = await api<RequestDetail>(`requests/${encodeURIComponent(id)}`);
  } catch (err) {
    if (!ctx.live()) return;
    replace(
      ctx.main,
      h('h1', {}, 'Request'),
      notice('error', err instanceof ApiError ? err.message : String(err)),
      h('a', { href: '#/requests' }, 'Back to requests'),
    );
    return;
  }
  if (!ctx.live()) return;
  const served = d.model_served && d.model_served !== d.model_requested ? `${d.model_requested} → ${d.model_served}` : d.model_requested;
  const tokens = (n: number | null) => (n === null ? null : fmt.count(n));
  replace(
    ctx.main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/requests' }, '← Requests')),
    h(
      'div',
      { class: 'page-head start' },
      h('h1', {}, 'Request ', h('code', {}, d.id)),
      h('div', { class: 'head-status' }, statusPill(d.status), d.error_code ? h('span', { class: 'code' }, d.error_code) : null),
    ),
    h(
      'div',
      { class: 'detail-grid' },
      facts('Summary', [
        ['Time', fmt.time(d.time)],
        ['Operation', `${d.operation} (${d.ingress}${d.stream ? ', streamed' : ''})`],
        ['Model', served],
        ['Provider', d.provider ? `${d.provider}${d.provider_type && d.provider_type !== d.provider ? ` (${d.provider_type})` : ''}` : null],
        ['Region', d.region],
        ['Route reason', d.route_reason],
        ['Finish reason', d.finish_reason],
        ['Team', d.team_id ? teamName(ctx, d.team_id) : null],
        ['Project', d.project_id],
        ['Key', d.key_id],
        ['User', d.end_user],
        ['Trace id', d.trace_id ? h('code', {}, d.trace_id) : null],
      ]),
      facts(
        'Timing',
        [
          ['Total', fmt.ms(d.total_ms)],
          ['Attempts', String(d.attempts)],
          ['Gateway overhead', fmt.ms(d.gateway_ms)],
          ['Upstream first byte', d.upstream_ttfb_ms === null ? null : fmt.ms(d.upstream_ttfb_ms)],
          ['Time to first token', d.ttft_ms === null ? null : fmt.ms(d.ttft_ms)],
        ],
        phases(d),
      ),
      facts('Usage and cost', [
        ['Input tokens', tokens(d.input_tokens)],
        ['Output tokens', tokens(d.output_tokens)],
        ['Cached input tokens', tokens(d.cached_input_tokens)],
        ['Cache write tokens', tokens(d.cache_write_tokens)],
        ['Reasoning tokens', tokens(d.reasoning_tokens)],
        ['Estimated', d.usage_estimated ? 'yes (the provider sent no usage)' : null],
        ['Cost', fmt.usd(d.cost_usd)],
      ]),
      waterfall(d),
      metadata(d),
      d.outcomes && Object.keys(d.outcomes).length ? body('Guardrail and cache outcomes', d.outcomes) : null,
      body('Request body', d.request_body),
      body('Response body', d.response_body),
    ),
  );
}
