/**
 * #/teams and #/teams/ID: spend against budget per team and per project (bars), and the selected
 * team's keys, with key creation (the secret shown once) and revocation where the role allows.
 */
import { ApiError, api, query } from '../api.js';
import { type ViewContext, canWrite, heading } from '../context.js';
import { field, h, notice, replace, select, tableWrap } from '../dom.js';
import * as fmt from '../format.js';
import type { Budget, Key, List, Project, SpendRow } from '../types.js';

/** The first day (UTC, YYYY-MM-DD) of a budget period that contains today. */
function periodStart(period: Budget['period'], now = new Date()): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  if (period === 'week') d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  else if (period === 'month') d.setUTCDate(1);
  else if (period === 'total') d.setUTCDate(d.getUTCDate() - 3650);
  return d.toISOString().slice(0, 10);
}

const PERIOD_TEXT: Record<Budget['period'], string> = { day: 'today', week: 'this week', month: 'this month', total: 'in total' };

/** Spend by team or project over each budget period in use, keyed `period:id`. */
async function spendByPeriod(group: 'team' | 'project', periods: Set<Budget['period']>, teamId?: string): Promise<Map<string, SpendRow>> {
  const out = new Map<string, SpendRow>();
  const today = new Date().toISOString().slice(0, 10);
  await Promise.all(
    [...periods].map(async (period) => {
      const res = await api<{ data: SpendRow[] }>(`spend${query({ group_by: group, from: periodStart(period), to: today, team_id: teamId })}`);
      for (const row of res.data) out.set(`${period}:${group === 'team' ? row.team_id : row.project_id}`, row);
    }),
  );
  return out;
}

/** A bar of spend against a budget, exposed as a meter. */
function budgetBar(name: string, spent: number, budget: Budget | null): HTMLElement {
  if (!budget || budget.usd === null) return h('span', { class: 'muted' }, 'No USD budget');
  const ratio = budget.usd > 0 ? spent / budget.usd : 1;
  const fill = h('span', { class: `meter-fill ${ratio >= 1 ? 'over' : ratio >= 0.8 ? 'near' : ''}` });
  fill.style.width = `${Math.min(100, ratio * 100)}%`;
  return h(
    'div',
    { class: 'budget' },
    h(
      'div',
      {
        class: 'meter',
        role: 'meter',
        'aria-label': `Spend against budget for ${name}`,
        'aria-valuemin': 0,
        'aria-valuemax': budget.usd,
        'aria-valuenow': Math.min(spent, budget.usd),
        'aria-valuetext': `${fmt.usd(spent)} of ${fmt.usd(budget.usd)} (${fmt.pct(ratio)})`,
      },
      fill,
    ),
    h('span', { class: 'budget-text num' }, `${fmt.usd(spent)} / ${fmt.usd(budget.usd)}`, h('span', { class: 'muted' }, ` ${fmt.pct(ratio)}`)),
  );
}

function budgetTable(caption: string, rows: { id: string; name: string; budget: Budget | null; spend: SpendRow | undefined; href?: string }[]): HTMLElement {
  const table = h(
    'table',
    { class: 'data budgets' },
    h('caption', { class: 'sr-only' }, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Name'),
        h('th', { scope: 'col' }, 'Spend against budget'),
        h('th', { scope: 'col', class: 'num' }, 'Requests'),
        h('th', { scope: 'col', class: 'num' }, 'Tokens'),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((r) =>
        h(
          'tr',
          {},
          h(
            'th',
            { scope: 'row' },
            r.href ? h('a', { href: r.href }, r.name) : r.name,
            h('span', { class: 'sub muted' }, r.budget ? `${r.budget.period} budget, spent ${PERIOD_TEXT[r.budget.period]}` : 'month to date'),
          ),
          h('td', {}, budgetBar(r.name, r.spend?.usd ?? 0, r.budget)),
          h('td', { class: 'num' }, fmt.count(r.spend?.requests ?? 0)),
          h('td', { class: 'num' }, fmt.count((r.spend?.input_tokens ?? 0) + (r.spend?.output_tokens ?? 0))),
        ),
      ),
    ),
  );
  return tableWrap(table, caption);
}

function keyStatus(k: Key): HTMLElement {
  if (k.revoked_at) return h('span', { class: 'pill pill-bad' }, 'revoked');
  if (k.expires_at && Date.parse(k.expires_at) <= Date.now()) return h('span', { class: 'pill pill-warn' }, 'expired');
  return h('span', { class: 'pill pill-ok' }, 'active');
}

function keysTable(ctx: ViewContext, keys: Key[], projects: Map<string, Project>, onChange: () => void): HTMLElement {
  const write = canWrite(ctx);
  const table = h(
    'table',
    { class: 'data keys' },
    h('caption', { class: 'sr-only' }, 'Keys'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Name', 'Role', 'Prefix', 'Project', 'Created', 'First used', 'Status'].map((c) => h('th', { scope: 'col' }, c)),
        write ? h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Actions')) : null,
      ),
    ),
    h(
      'tbody',
      {},
      keys.map((k) => {
        const live = !k.revoked_at;
        const revoke =
          write && live
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'danger small',
                  'aria-label': `Revoke key ${k.name}`,
                  onclick: async (event) => {
                    const button = event.currentTarget as HTMLButtonElement;
                    if (!confirm(`Revoke key “${k.name}”? Requests with it are refused from now on. This cannot be undone.`)) return;
                    button.disabled = true;
                    try {
                      await api(`keys/${encodeURIComponent(k.id)}`, { method: 'DELETE' });
                      onChange();
                    } catch (err) {
                      button.disabled = false;
                      button.after(notice('error', err instanceof ApiError ? err.message : String(err)));
                    }
                  },
                },
                'Revoke',
              )
            : null;
        return h(
          'tr',
          { class: live ? null : 'revoked' },
          h('th', { scope: 'row' }, k.name, h('span', { class: 'sub muted' }, k.id)),
          h('td', {}, k.role.replace('_', ' ')),
          h('td', {}, h('code', {}, `${k.key_prefix}…`)),
          h('td', {}, k.project_id ? (projects.get(k.project_id)?.name ?? k.project_id) : '–'),
          h('td', { class: 'nowrap' }, fmt.time(k.created_at)),
          h('td', { class: 'nowrap' }, k.first_used_at ? fmt.time(k.first_used_at) : 'never'),
          h('td', {}, keyStatus(k)),
          write ? h('td', {}, revoke) : null,
        );
      }),
    ),
  );
  return tableWrap(table, 'Keys table');
}

function createKeyForm(ctx: ViewContext, teamId: string, projects: Project[], onCreated: (k: Key) => void): HTMLElement {
  const name = h('input', { type: 'text', name: 'name', required: true, maxlength: 200, autocomplete: 'off', placeholder: 'ci-pipeline' });
  const project = select('project_id', [['', 'No project (team key)'], ...projects.map((p): [string, string] => [p.id, p.name])]);
  const role = select(
    'role',
    [
      ['member', 'member (calls models)'],
      ['viewer', 'viewer (reads the admin API)'],
      ['team_admin', 'team admin (manages the team)'],
    ],
    'member',
  );
  const models = h('input', { type: 'text', name: 'models', autocomplete: 'off', placeholder: 'gpt-4o*, sonnet' });
  const status = h('div', { class: 'create-status' });
  const form = h(
    'form',
    { class: 'create-key', 'aria-labelledby': 'create-key-title' },
    h('h3', { id: 'create-key-title' }, 'Create a key'),
    h(
      'div',
      { class: 'form-row' },
      field('Key name', name),
      field('Project', project),
      field('Role', role),
      field('Allowed models', models, 'Optional, comma separated; empty: all'),
    ),
    h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'primary' }, 'Create key')),
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const list = models.value
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean);
    const body: Record<string, unknown> = {
      name: name.value.trim(),
      role: role.value,
      ...(project.value ? { project_id: project.value } : { team_id: teamId }),
    };
    if (list.length) body.models = list;
    try {
      const key = await api<Key>('keys', { method: 'POST', body });
      onCreated(key);
    } catch (err) {
      replace(status, notice('error', err instanceof ApiError ? err.message : String(err)));
    }
  });
  void ctx;
  return form;
}

/** The secret of a key just created: shown this once, with a copy button. */
function secretBox(key: Key): HTMLElement {
  const code = h('code', { class: 'secret' }, key.key ?? '');
  const copy = h('button', { type: 'button', class: 'small', 'aria-label': `Copy the secret of key ${key.name}` }, 'Copy');
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(key.key ?? '');
      copy.textContent = 'Copied';
    } catch {
      copy.textContent = 'Select and copy it';
    }
  });
  return h(
    'div',
    { class: 'secret-box', role: 'status' },
    h('p', {}, h('strong', {}, `Key “${key.name}” created.`), ' Copy the secret now: it is shown this once and cannot be read again.'),
    h('div', { class: 'secret-row' }, code, copy),
  );
}

/** Renders teams, budgets and keys. */
export async function renderTeams(ctx: ViewContext, created?: Key): Promise<void> {
  heading(ctx, 'Teams & keys');
  const teams = [...ctx.teams.values()].sort((a, b) => a.name.localeCompare(b.name));
  const teamId = ctx.path[1] && ctx.teams.has(ctx.path[1]) ? ctx.path[1] : (ctx.me.team_id ?? teams[0]?.id);
  replace(ctx.main, h('div', { class: 'page-head' }, h('h1', {}, 'Teams & keys')), h('p', { class: 'muted' }, 'Loading…'));
  if (!teamId) {
    replace(
      ctx.main,
      h('div', { class: 'page-head' }, h('h1', {}, 'Teams & keys')),
      notice('empty', 'No teams yet. Create one with the admin API or `switchboard teams create`.'),
    );
    return;
  }
  const teamPeriods = new Set<Budget['period']>(['month', ...teams.flatMap((t) => (t.budget ? [t.budget.period] : []))]);
  const [teamSpend, projectList, keyList] = await Promise.all([
    spendByPeriod('team', teamPeriods),
    api<List<Project>>(`projects${query({ team_id: teamId, limit: 200 })}`),
    api<List<Key>>(`keys${query({ team_id: teamId, limit: 200 })}`),
  ]);
  const projectPeriods = new Set<Budget['period']>(['month', ...projectList.data.flatMap((p) => (p.budget ? [p.budget.period] : []))]);
  const projectSpend = await spendByPeriod('project', projectPeriods, teamId);
  if (!ctx.live()) return;
  const team = ctx.teams.get(teamId)!;
  const projects = new Map(projectList.data.map((p) => [p.id, p]));
  const spendOf = (map: Map<string, SpendRow>, id: string, budget: Budget | null) => map.get(`${budget?.period ?? 'month'}:${id}`);
  const rerender = (k?: Key) => void renderTeams(ctx, k);

  const picker =
    teams.length > 1
      ? field(
          'Team',
          (() => {
            const s = select(
              'team',
              teams.map((t): [string, string] => [t.id, t.name]),
              teamId,
            );
            s.addEventListener('change', () => (location.hash = `#/teams/${encodeURIComponent(s.value)}`));
            return s;
          })(),
        )
      : null;
  const keys = keyList.data;
  const live = keys.filter((k) => !k.revoked_at).length;
  replace(
    ctx.main,
    h('div', { class: 'page-head' }, h('h1', {}, 'Teams & keys'), h('div', { class: 'controls' }, picker)),
    h(
      'section',
      { 'aria-labelledby': 'teams-title' },
      h('h2', { id: 'teams-title' }, ctx.me.role === 'owner' ? 'Teams: spend against budget' : 'Your team: spend against budget'),
      budgetTable(
        'Teams',
        teams.map((t) => ({
          id: t.id,
          name: t.name,
          budget: t.budget,
          spend: spendOf(teamSpend, t.id, t.budget),
          href: `#/teams/${encodeURIComponent(t.id)}`,
        })),
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'projects-title' },
      h('h2', { id: 'projects-title' }, `Projects of ${team.name}`),
      projectList.data.length
        ? budgetTable(
            'Projects',
            projectList.data.map((p) => ({ id: p.id, name: p.name, budget: p.budget, spend: spendOf(projectSpend, p.id, p.budget) })),
          )
        : notice('empty', 'This team has no projects.'),
    ),
    h(
      'section',
      { 'aria-labelledby': 'keys-title' },
      h('h2', { id: 'keys-title' }, `Keys of ${team.name}`, h('span', { class: 'count muted' }, ` ${live} active, ${keys.length - live} revoked`)),
      created ? secretBox(created) : null,
      canWrite(ctx)
        ? createKeyForm(ctx, teamId, projectList.data, (k) => rerender(k))
        : h('p', { class: 'muted' }, 'Your key has role viewer: you can look, not change.'),
      keys.length ? keysTable(ctx, keys, projects, () => rerender()) : notice('empty', 'This team has no keys.'),
    ),
  );
}
