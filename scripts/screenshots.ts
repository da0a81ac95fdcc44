/**
 * `npm run screenshots`: starts the demo gateway (src/testing/dashboard-demo.ts) with traffic,
 * spreads the logged requests over the last hour so the charts have a shape, and saves a PNG of
 * each dashboard view at 1280 px and the overview at phone width (375 px) to docs/img/.
 * Needs Debian's chromium (/usr/bin/chromium).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openSqlite } from '../src/storage/sqlite/request-log-store.js';
import { launchChromium } from '../src/testing/chromium.js';
import { DEMO_ADMIN_KEY, sendDemoTraffic, startDashboardDemo } from '../src/testing/dashboard-demo.js';
import { buildWeb } from '../web/build.mjs';
import { shootPromptPages } from './screenshots-prompts.js';

const out = new URL('../docs/img/', import.meta.url).pathname;

await buildWeb();
const demo = await startDashboardDemo();
// Several rounds of the demo traffic, then the rows' times spread over the past hour (newest kept newest).
for (let round = 0; round < 3; round++) await sendDemoTraffic(demo);
const db = openSqlite(`sqlite:${join(demo.stack.dir, 'switchboard.db')}`);
const rows = db.prepare('SELECT rowid FROM request_log ORDER BY time').all() as { rowid: number }[];
const now = Date.now();
const shift = db.prepare('UPDATE request_log SET time = ? WHERE rowid = ?');
for (const [i, row] of rows.entries()) shift.run(now - Math.round((1 - (i + 1) / rows.length) * 55 * 60_000) - 30_000, row.rowid);
db.close();

mkdirSync(out, { recursive: true });
const browser = await launchChromium();
try {
  const shoot = async (page: Page, name: string, fullPage = true) => {
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(out, `dashboard-${name}.png`), fullPage });
    console.log(`docs/img/dashboard-${name}.png`);
  };
  const signIn = async (page: Page) => {
    await page.goto(`${demo.url}/ui`);
    await page.getByLabel('API key').fill(DEMO_ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
  };
  const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await desk.goto(`${demo.url}/ui`);
  await shoot(desk, 'signin');
  await signIn(desk);
  await desk.goto(`${demo.url}/ui#/overview?range=1h&by=model`);
  await desk.getByRole('group', { name: 'Requests' }).waitFor();
  await shoot(desk, 'overview');
  await desk.goto(`${demo.url}/ui#/requests`);
  await desk.getByRole('table').waitFor();
  await shoot(desk, 'requests', false);
  const page = await demo.admin<{ data: { id: string; attempts: number }[] }>('GET', '/admin/v1/requests?model=resilient&limit=200');
  const fallback = page.data.find((r) => r.attempts > 1) ?? page.data[0]!;
  await desk.goto(`${demo.url}/ui#/requests/${fallback.id}`);
  await desk.getByRole('list', { name: 'Attempts' }).waitFor();
  await shoot(desk, 'request');
  await desk.goto(`${demo.url}/ui#/teams/${demo.teams.research.id}`);
  await desk.getByRole('heading', { name: /^Keys of/ }).waitFor();
  await shoot(desk, 'teams');
  const phone = await browser.newPage({ viewport: { width: 375, height: 1100 }, deviceScaleFactor: 1 });
  await signIn(phone);
  await phone.goto(`${demo.url}/ui#/overview?range=1h&by=team`);
  await phone.getByRole('group', { name: 'Requests' }).waitFor();
  await shoot(phone, 'phone', false);
  await shootPromptPages(browser, out);
} finally {
  await browser.close();
  await demo.close();
}
