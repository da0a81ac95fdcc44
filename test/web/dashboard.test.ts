/**
 * The dashboard in a real headless Chromium (Debian's `chromium`, driven by playwright-core):
 * sign in with each role, the overview's totals match GET /admin/v1/overview, the explorer's
 * filters show the rows the API finds, a request's attempts are drawn, a key revoked in the UI is
 * refused at once, viewers get no write buttons and a team admin sees only its team. Locators are
 * accessible names (getByRole, getByLabel), so the test also checks the controls are named.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Overview, RequestDetail, RequestSearchPage } from '../../src/admin/requests-contract.js';
import { type DashboardDemo, DEMO_ADMIN_KEY, sendDemoTraffic, startDashboardDemo } from '../../src/testing/dashboard-demo.js';
import { launchChromium } from '../../src/testing/chromium.js';
import { startStack } from '../../src/testing/stack.js';
import { buildWeb } from '../../web/build.mjs';

/** A team name that would run script if the dashboard ever inserted data as HTML. */
const HOSTILE_NAME = '<img src=x onerror="window.__xss=1">Support';
/** Bound on every wait for the page (generous: the whole suite shares two cores). */
const WAIT = 15_000;

let demo: DashboardDemo;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await buildWeb();
  demo = await startDashboardDemo({ supportTeamName: HOSTILE_NAME });
  await sendDemoTraffic(demo);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

/** A fresh browser context (own sessionStorage) signed in with `key`; page errors and console errors are collected. */
async function signIn(key: string, viewport = { width: 1280, height: 900 }): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT);
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  await page.goto(`${demo.url}/ui`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
  return { page, errors };
}

/** The request ids the explorer's table shows (each row's link is named "Request ID at TIME"). */
async function shownIds(page: Page): Promise<string[]> {
  const names = await page.getByRole('link', { name: /^Request req_/ }).evaluateAll((links) => links.map((a) => a.getAttribute('aria-label') ?? ''));
  return names.map((n) => n.split(' ')[1]!);
}

async function apiIds(query: string, key = DEMO_ADMIN_KEY): Promise<string[]> {
  const page = await demo.admin<RequestSearchPage>('GET', `/admin/v1/requests?limit=50&${query}`, undefined, key);
  return page.data.map((r) => r.id);
}

describe('the dashboard at /ui', () => {
  it('serves the app with a strict CSP, immutable hashed assets, and nothing outside its manifest', async () => {
    const index = await fetch(`${demo.url}/ui`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(index.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    const html = await index.text();
    const script = /src="(\/ui\/assets\/main-[A-Z0-9]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const js = await fetch(`${demo.url}${script}`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toContain('immutable');
    for (const path of ['/ui/../package.json', '/ui/assets/../../package.json', '/ui/%2e%2e/package.json', '/ui/assets/nope.js', '/ui/build.mjs']) {
      const res = await fetch(`${demo.url}${path}`);
      expect([404], path).toContain(res.status);
      expect(await res.text()).not.toContain('"name"');
    }
  });

  it('signs the owner in and shows the same totals as GET /admin/v1/overview', async () => {
    const { page, errors } = await signIn(DEMO_ADMIN_KEY);
    await expect.poll(() => page.getByRole('group', { name: 'Requests' }).count(), { timeout: WAIT }).toBe(1);
    const to = Date.now();
    const overview = await demo.admin<Overview>('GET', `/admin/v1/overview?from=${to - 86_400_000}&to=${to}`);
    expect(overview.totals.requests).toBeGreaterThan(20);
    expect(overview.totals.errors).toBeGreaterThan(0);
    const stat = (name: string) => page.getByRole('group', { name }).locator('.stat-value');
    for (const [name, value] of [
      ['Requests', overview.totals.requests],
      ['Errors', overview.totals.errors],
      ['Input tokens', overview.totals.input_tokens],
      ['Output tokens', overview.totals.output_tokens],
      ['Cache hits', overview.totals.cache_hits],
    ] as const) {
      expect(await stat(name).textContent(), name).toBe(value.toLocaleString('en-US'));
    }
    expect(Number(await stat('Spend').getAttribute('data-value'))).toBeCloseTo(overview.totals.cost_usd, 9);
    expect(Number(await stat('Saved by the cache').getAttribute('data-value'))).toBeCloseTo(overview.totals.saved_usd, 9);
    expect(Number(await stat('Latency p95').getAttribute('data-value'))).toBeCloseTo(overview.totals.p95_ms ?? Number.NaN, 6);
    expect(Number(await stat('First token p50').getAttribute('data-value'))).toBeCloseTo(overview.totals.p50_ttft_ms ?? Number.NaN, 6);
    await expect.poll(() => page.locator('canvas').count(), { timeout: WAIT }).toBeGreaterThanOrEqual(4);
    await page.getByLabel('Split by').selectOption('team');
    await page.getByRole('heading', { name: 'By team' }).waitFor();
    expect(await page.getByRole('region', { name: 'Totals by team' }).getByRole('rowheader', { name: HOSTILE_NAME, exact: true }).count()).toBe(1);
    expect(await page.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('filters the explorer by model and by status, and opens a request with its attempts', async () => {
    const { page, errors } = await signIn(DEMO_ADMIN_KEY);
    await page.getByRole('link', { name: 'Requests' }).click();
    await page.getByLabel('Model').fill('claude-haiku');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const byModel = await apiIds('model=claude-haiku');
    expect(byModel.length).toBeGreaterThan(3);
    await expect.poll(() => shownIds(page), { timeout: WAIT }).toEqual(byModel);

    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByLabel('Status').selectOption('4xx');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const clientErrors = await apiIds('status=4xx');
    expect(clientErrors.length).toBeGreaterThan(1);
    await expect.poll(() => shownIds(page), { timeout: WAIT }).toEqual(clientErrors);
    expect(await page.getByRole('table').locator('.pill').allTextContents()).toEqual(clientErrors.map(() => expect.stringMatching(/^4\d\d$/)));

    const resilient = await demo.admin<RequestSearchPage>('GET', '/admin/v1/requests?model=resilient&limit=50');
    const fallback = resilient.data.find((r) => r.attempts > 1);
    expect(fallback, 'a request that fell back').toBeDefined();
    const detail = await demo.admin<RequestDetail>('GET', `/admin/v1/requests/${fallback!.id}`);
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByLabel('Model').fill('resilient');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('link', { name: new RegExp(`^Request ${fallback!.id} `) }).click();
    await page.getByRole('heading', { name: new RegExp(fallback!.id) }).waitFor();
    const attempts = page.getByRole('list', { name: 'Attempts' }).getByRole('listitem');
    await expect.poll(() => attempts.count(), { timeout: WAIT }).toBe(detail.attempt_log.length);
    expect(await attempts.first().getAttribute('aria-label')).toContain(`${detail.attempt_log[0]!.provider}/${detail.attempt_log[0]!.model}, error`);
    expect(await attempts.last().getAttribute('aria-label')).toContain('ok');
    expect(await page.getByRole('region', { name: 'Usage and cost' }).textContent()).toContain('Cost');
    expect(errors).toEqual([]);
  });

  it('creates a key (its secret shown once) and revokes one: a model call with it is refused (401)', async () => {
    const spare = demo.keys.spare;
    expect(await demo.chat(spare.secret, 'gpt-4o-mini', 'still works?')).toBe(200);
    const { page, errors } = await signIn(DEMO_ADMIN_KEY);
    await page.getByRole('link', { name: 'Teams & keys' }).click();
    await page.getByLabel('Team', { exact: true }).selectOption({ label: 'Research' });
    await page.getByRole('heading', { name: /^Keys of Research/ }).waitFor();

    await page.getByLabel('Key name').fill('made-in-the-ui');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByRole('status').filter({ hasText: 'created' }).locator('code').textContent()) ?? '';
    expect(secret).toMatch(/^sk-sb-/);
    expect(await demo.chat(secret, 'gpt-4o-mini', 'new key')).toBe(200);

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: `Revoke key ${spare.name}` }).click();
    await expect.poll(() => page.getByRole('button', { name: `Revoke key ${spare.name}` }).count(), { timeout: WAIT }).toBe(0);
    expect(await page.getByRole('row', { name: new RegExp(spare.name) }).textContent()).toContain('revoked');
    expect(await demo.chat(spare.secret, 'gpt-4o-mini', 'after revocation')).toBe(401);
    expect(errors).toEqual([]);
  });

  it("refuses a member key at sign-in with the API's reason, and keeps nothing", async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT);
    await page.goto(`${demo.url}/ui`);
    await page.getByLabel('API key').fill(demo.keys.researchApp.secret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: WAIT }).toContain('role member');
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
  });

  it('shows a viewer the keys but no create or revoke button', async () => {
    const { page, errors } = await signIn(demo.keys.researchViewer.secret);
    expect(await page.getByRole('banner').textContent()).toContain('Viewer');
    await page.getByRole('link', { name: 'Teams & keys' }).click();
    await page.getByRole('heading', { name: /^Keys of Research/ }).waitFor();
    expect(await page.getByRole('rowheader', { name: new RegExp(demo.keys.researchApp.name) }).count()).toBe(1);
    expect(await page.getByRole('button', { name: /^Revoke/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Create key' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("shows a team admin only its team's requests, and signs out", async () => {
    const { page, errors } = await signIn(demo.keys.researchAdmin.secret);
    await page.getByRole('link', { name: 'Requests' }).click();
    const own = await apiIds(`team=${demo.teams.research.id}`);
    const other = await apiIds(`team=${demo.teams.support.id}`);
    expect(own.length).toBeGreaterThan(3);
    expect(other.length).toBeGreaterThan(3);
    await expect.poll(() => shownIds(page), { timeout: WAIT }).toEqual(own);
    expect(await page.getByLabel('Team', { exact: true }).count()).toBe(0);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    expect(errors).toEqual([]);
  });

  it('fits a phone (375 px): no horizontal scrolling of the page', async () => {
    const { page, errors } = await signIn(DEMO_ADMIN_KEY, { width: 375, height: 800 });
    for (const hash of ['#/overview', '#/requests', '#/teams']) {
      await page.goto(`${demo.url}/ui${hash}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.evaluate<number>('document.documentElement.scrollWidth'), hash).toBeLessThanOrEqual(375);
    }
    expect(errors).toEqual([]);
  });

  it('opens without a key in open mode on loopback (no admin_key), and shows that it is open', async () => {
    const open = await startStack({ providers: [] });
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(WAIT);
      const errors: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(msg.text());
      });
      await page.goto(`${open.url}/ui`);
      await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
      await expect(page.getByText('Open mode', { exact: true }).isVisible()).resolves.toBe(true);
      expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await open.close();
    }
  });
});
