/**
 * The dashboard's entry: sign-in, the shell (header, navigation, main landmark) and hash routing
 * (#/overview, #/requests, #/requests/ID, #/teams, #/teams/ID, #/prompts, #/prompts/ID,
 * #/experiments, #/experiments/ID). Views render into <main>.
 */
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { ApiError, type Me, api, clearKey, setUnauthorizedHandler, storeKey, storedKey } from './api.js';
import type { ViewContext } from './context.js';
import { field, h, notice, replace } from './dom.js';
import type { List, Team } from './types.js';
import { renderExperimentDetail } from './views/experiment-detail.js';
import { renderExperiments } from './views/experiments.js';
import { renderOverview } from './views/overview.js';
import { renderPromptDetail } from './views/prompt-detail.js';
import { renderPrompts } from './views/prompts.js';
import { renderRequestDetail } from './views/request-detail.js';
import { renderRequests } from './views/requests.js';
import { renderTeams } from './views/teams.js';

const root = document.getElementById('app')!;

const ROLE_NAMES: Record<Me['role'], string> = { owner: 'Owner', team_admin: 'Team admin', viewer: 'Viewer' };

interface Session {
  me: Me;
  teams: Map<string, Team>;
}

let session: Session | undefined;
let generation = 0;

/** Asks the API who the key is, and the teams it sees. */
async function startSession(key?: string): Promise<Session> {
  const me = await api<Me>('me', { key });
  const teams = await api<List<Team>>('teams?limit=200', { key });
  return { me, teams: new Map(teams.data.map((t) => [t.id, t])) };
}

function signOut(message?: string): void {
  clearKey();
  session = undefined;
  history.replaceState(null, '', '#/overview');
  renderSignIn(message);
}

function renderSignIn(message?: string): void {
  document.title = 'Sign in · Switchboard';
  const input = h('input', { type: 'password', name: 'key', autocomplete: 'off', spellcheck: 'false', required: true, placeholder: 'sk-…' });
  const status = h('div', { class: 'signin-status' }, message ? notice('error', message) : null);
  const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h(
    'form',
    { class: 'signin-form', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'Sign in to Switchboard'),
    h(
      'p',
      { class: 'muted' },
      'Paste the admin key, or a virtual key with role team_admin or viewer. It is kept in this tab only and sent to this gateway’s admin API.',
    ),
    field('API key', input),
    button,
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    button.disabled = true;
    replace(status);
    try {
      session = await startSession(key);
      storeKey(key);
      if (!location.hash || location.hash === '#/' || location.hash === '#') history.replaceState(null, '', '#/overview');
      void route();
    } catch (err) {
      replace(status, notice('error', err instanceof ApiError ? err.message : String(err)));
      button.disabled = false;
      input.focus();
    }
  });
  replace(root, h('main', { id: 'main', class: 'signin' }, form));
  input.focus();
}

const NAV: [string, string][] = [
  ['overview', 'Overview'],
  ['requests', 'Requests'],
  ['teams', 'Teams & keys'],
  ['prompts', 'Prompts'],
  ['experiments', 'Experiments'],
];

function shell(s: Session, current: string): HTMLElement {
  const team = s.me.team_id ? (s.teams.get(s.me.team_id)?.name ?? s.me.team_id) : undefined;
  const main = h('main', { id: 'main', tabindex: -1 });
  replace(
    root,
    h(
      'a',
      {
        class: 'skip',
        href: '#main',
        onclick: (e) => {
          e.preventDefault();
          main.focus();
        },
      },
      'Skip to content',
    ),
    h(
      'header',
      { class: 'topbar' },
      h('a', { class: 'brand', href: '#/overview' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'Switchboard'),
      h(
        'nav',
        { 'aria-label': 'Main' },
        h(
          'ul',
          {},
          NAV.map(([id, label]) => h('li', {}, h('a', { href: `#/${id}`, 'aria-current': id === current ? 'page' : null }, label))),
        ),
      ),
      h(
        'div',
        { class: 'who' },
        s.me.open_mode
          ? h('span', { class: 'role-badge', title: 'No admin_key is set: anyone on this machine is owner' }, 'Open mode')
          : h('span', { class: 'role-badge', title: 'Signed in as' }, ROLE_NAMES[s.me.role], team ? ` · ${team}` : ''),
        s.me.open_mode ? null : h('button', { type: 'button', class: 'ghost', onclick: () => signOut() }, 'Sign out'),
      ),
    ),
    main,
  );
  return main;
}

/** Whether the gateway runs in open mode on loopback, where the admin API needs no key (GET /ui/session.json). */
async function openMode(): Promise<boolean> {
  try {
    const res = await fetch('/ui/session.json', { cache: 'no-store', credentials: 'omit' });
    return res.ok && ((await res.json()) as { open_mode?: unknown }).open_mode === true;
  } catch {
    return false;
  }
}

async function route(): Promise<void> {
  const gen = ++generation;
  if (!session) {
    const key = storedKey();
    // Without a key, open mode on loopback still lets the admin API in (decision 0013).
    if (key === null && !(await openMode())) return renderSignIn();
    try {
      session = await startSession(key ?? '');
    } catch (err) {
      if (key === null) return renderSignIn(err instanceof ApiError ? err.message : undefined);
      return signOut(err instanceof ApiError && err.status !== 0 ? `Signed out: ${err.message}` : undefined);
    }
    if (gen !== generation) return;
  }
  const hash = location.hash.replace(/^#\/?/, '');
  const q = hash.indexOf('?');
  const path = (q >= 0 ? hash.slice(0, q) : hash).split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(q >= 0 ? hash.slice(q + 1) : '');
  const page = path[0] ?? 'overview';
  const main = shell(session, page);
  const ctx: ViewContext = { me: session.me, teams: session.teams, main, path, params, live: () => gen === generation };
  try {
    if (page === 'overview') await renderOverview(ctx);
    else if (page === 'requests' && path[1]) await renderRequestDetail(ctx, path[1]);
    else if (page === 'requests') await renderRequests(ctx);
    else if (page === 'teams') await renderTeams(ctx);
    else if (page === 'prompts' && path[1]) await renderPromptDetail(ctx, path[1]);
    else if (page === 'prompts') await renderPrompts(ctx);
    else if (page === 'experiments' && path[1]) await renderExperimentDetail(ctx, path[1]);
    else if (page === 'experiments') await renderExperiments(ctx);
    else replace(main, h('h1', {}, 'Not found'), notice('error', 'There is no such page.'), h('a', { href: '#/overview' }, 'Go to the overview'));
  } catch (err) {
    if (!ctx.live()) return;
    main.append(notice('error', err instanceof Error ? err.message : String(err)));
  }
}

setUnauthorizedHandler(() => signOut('Signed out: the key is no longer accepted (revoked or expired).'));
window.addEventListener('hashchange', () => void route());
void route();
