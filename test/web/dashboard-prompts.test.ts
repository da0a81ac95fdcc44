/**
 * The dashboard's prompt and experiment pages in a real headless Chromium against a real gateway
 * (src/testing/prompts-demo.ts: prompts pushed and labelled through the admin API, an experiment
 * driven by traffic through the simulator). What the pages show is compared with what the admin
 * API answers: versions, the diff's added and removed lines, the label history, the experiment's
 * comparisons, intervals and decision.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../src/testing/chromium.js';
import { HOSTILE_TEXT, PROMPTS_DEMO_ADMIN_KEY, type PromptsDemo, startPromptsDemo } from '../../src/testing/prompts-demo.js';
import { buildWeb } from '../../web/build.mjs';
import { pValue } from '../../web/src/metrics.js';

/** Bound on every wait for the page (generous: the whole suite shares two cores). */
const WAIT = 15_000;

interface ListOf<T> {
  data: T[];
}
interface LabelEvent {
  label: string;
  version: number | null;
  previous_version: number | null;
  reason: string | null;
}
interface Comparison {
  variant: string;
  metric: string;
  interval: [number | null, number | null];
  p_value: number;
  verdict: string;
}
interface Results {
  comparisons: Comparison[];
  decision: { decision: string; variant?: string; reason: string };
}

let demo: PromptsDemo;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await buildWeb();
  demo = await startPromptsDemo();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

/** A fresh context signed in with `key`; page errors and console errors are collected. */
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

describe('the dashboard: prompts', () => {
  it('lists the prompts with where their labels point', async () => {
    const { page, errors } = await signIn(PROMPTS_DEMO_ADMIN_KEY);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Prompts' }).click();
    await page.getByRole('heading', { name: 'Prompts', level: 1 }).waitFor();
    const row = page.getByRole('row', { name: /summarise/ });
    await row.waitFor();
    expect(await row.locator('.label-badge').allTextContents()).toEqual(['production v2', 'staging v3']);
    expect(
      await page
        .getByRole('row', { name: /greeting/ })
        .locator('.label-badge')
        .allTextContents(),
    ).toEqual(['production v1']);
    expect(errors).toEqual([]);
  });

  it('shows a prompt: versions, the viewer, a coloured diff of any two versions, and the label history', async () => {
    const { page, errors } = await signIn(PROMPTS_DEMO_ADMIN_KEY);
    await page.goto(`${demo.url}/ui#/prompts/${demo.promptId}`);
    await page.getByRole('heading', { name: /^Prompt summarise/, level: 1 }).waitFor();
    const versions = await demo.admin<ListOf<{ version: number; message: string }>>('GET', `/admin/v1/prompts/${demo.promptId}/versions`);
    const rows = page.getByRole('region', { name: 'Versions table' }).getByRole('row');
    await expect.poll(() => rows.count(), { timeout: WAIT }).toBe(versions.data.length + 1);

    // The viewer opens on the latest version; data is text, never markup.
    const viewer = page.getByRole('region', { name: /^Version 3/ });
    await viewer.waitFor();
    expect(await viewer.getByRole('list', { name: /Messages/ }).textContent()).toContain(HOSTILE_TEXT);
    expect(await viewer.locator('mark.var').allTextContents()).toEqual(['{{document}}', '{{ sentences }}']);
    expect(await page.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();
    await page.getByRole('button', { name: 'View version 1' }).click();
    await page.getByRole('region', { name: /^Version 1/ }).waitFor();
    expect(await page.getByRole('button', { name: 'View version 1' }).getAttribute('aria-pressed')).toBe('true');
    expect(page.url()).toContain('v=1');

    // The diff: v2 → v3 by default, then v1 → v3; its lines are the API's, coloured by kind.
    const diffOf = async (from: number, to: number) => {
      const d = await demo.admin<{ unified: string }>('GET', `/admin/v1/prompts/${demo.promptId}/diff?from=${from}&to=${to}`);
      const body = d.unified.split('\n').filter((l) => !l.startsWith('+++') && !l.startsWith('---'));
      return { added: body.filter((l) => l.startsWith('+')).map((l) => l.slice(1)), removed: body.filter((l) => l.startsWith('-')).map((l) => l.slice(1)) };
    };
    const shown = async () => ({
      added: await page.locator('tr.diff-add td.text').allTextContents(),
      removed: await page.locator('tr.diff-remove td.text').allTextContents(),
    });
    const expected23 = await diffOf(2, 3);
    expect(expected23.added.length).toBeGreaterThan(0);
    await expect.poll(shown, { timeout: WAIT }).toEqual(expected23);
    expect(await page.getByLabel('From version').inputValue()).toBe('2');
    await page.getByLabel('From version').selectOption('1');
    const expected13 = await diffOf(1, 3);
    await expect.poll(shown, { timeout: WAIT }).toEqual(expected13);
    const background = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).backgroundColor);
    expect(await background('tr.diff-add')).toBe('rgb(230, 246, 236)');
    expect(await background('tr.diff-remove')).toBe('rgb(253, 236, 236)');
    expect(await page.locator('tr.diff-add td.sign').first().textContent()).toBe('+added');

    // The label history, newest first, as the API has it; filtered by label.
    const history = await demo.admin<ListOf<LabelEvent>>('GET', `/admin/v1/prompts/${demo.promptId}/labels/history`);
    const items = page.getByRole('list', { name: 'Label history, newest first' }).getByRole('listitem');
    await expect.poll(() => items.count(), { timeout: WAIT }).toBe(history.data.length);
    const first = (await items.first().textContent()) ?? '';
    expect(history.data[0]).toMatchObject({ label: 'production', version: 2, previous_version: 3 });
    expect(first).toContain('moved from v3 to v2');
    expect(first).toContain('rollback');
    expect(first).toContain(history.data[0]!.reason!);
    expect(await items.last().textContent()).toContain('set to v1');
    await page.getByLabel('Show label').selectOption('staging');
    await expect.poll(() => items.count(), { timeout: WAIT }).toBe(history.data.filter((e) => e.label === 'staging').length);
    expect(errors).toEqual([]);
  });

  it('says so when a prompt does not exist, and shows a team with no prompts an empty list', async () => {
    const { page, errors } = await signIn(PROMPTS_DEMO_ADMIN_KEY);
    await page.goto(`${demo.url}/ui#/prompts/no-such-prompt`);
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: WAIT }).toContain('No prompt no-such-prompt');
    // The browser logs the refused fetch itself; nothing else may fail.
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);

    const team = await demo.admin<{ id: string }>('POST', '/admin/v1/teams', { name: 'Quiet team' });
    const viewer = await demo.admin<{ key: string }>('POST', '/admin/v1/keys', { team_id: team.id, name: 'quiet-viewer', role: 'viewer' });
    const signed = await signIn(viewer.key);
    await signed.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Prompts' }).click();
    await expect.poll(() => signed.page.getByRole('status').filter({ hasText: 'No prompts yet' }).count(), { timeout: WAIT }).toBe(1);
    expect(await signed.page.getByLabel('Scope').count()).toBe(0);
    expect(await signed.page.content()).not.toContain(viewer.key);
    expect(signed.errors).toEqual([]);
  });
});

describe('the dashboard: experiments', () => {
  it('lists the experiments with their status', async () => {
    const { page, errors } = await signIn(PROMPTS_DEMO_ADMIN_KEY);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Experiments' }).click();
    const row = page.getByRole('row', { name: /warmer-greeting/ });
    await row.waitFor();
    expect(await row.locator('.pill').textContent()).toBe('running');
    expect(await row.textContent()).toContain('prompt greeting');
    expect(await page.getByRole('row', { name: /model-swap/ }).textContent()).toContain('mini 75% · cooler 25%');
    expect(errors).toEqual([]);
  });

  it("shows an experiment's decision, and per metric the API's comparisons with their intervals against zero", async () => {
    const { page, errors } = await signIn(PROMPTS_DEMO_ADMIN_KEY);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Experiments' }).click();
    await page.getByRole('link', { name: 'Experiment warmer-greeting' }).click();
    await page.getByRole('heading', { name: 'Winner: warmer' }).waitFor();
    const results = await demo.admin<Results>('GET', `/admin/v1/experiments/${demo.experiments.decided.id}/results`);
    expect(results.decision).toMatchObject({ decision: 'winner', variant: 'warmer' });
    expect(await page.getByRole('region', { name: 'Winner: warmer' }).textContent()).toContain(results.decision.reason);

    const errorRate = results.comparisons.find((c) => c.metric === 'error_rate')!;
    expect(errorRate.verdict).toBe('better');
    const section = page.getByRole('region', { name: /^Error rate/ });
    const row = section.getByRole('row', { name: /^warmer/ });
    expect(await row.locator('.verdict').textContent()).toBe('better');
    expect(await row.getByRole('cell').nth(4).textContent()).toBe(pValue(errorRate.p_value));
    expect(await row.getByRole('cell').nth(0).textContent()).toContain('100.0%');
    expect(await row.getByRole('cell').nth(1).textContent()).toContain('0.0%');
    // The interval lies below zero (fewer errors): its bar ends left of the zero line.
    const track = row.getByRole('img');
    expect(await track.getAttribute('aria-label')).toContain('excludes zero');
    const barRight = await track.locator('.iv-bar').evaluate((el) => el.getBoundingClientRect().right);
    const zero = await track.locator('.iv-zero').evaluate((el) => el.getBoundingClientRect().left);
    expect(barRight).toBeLessThan(zero);
    // A section per metric compared, primary first.
    const metrics = [...new Set(results.comparisons.map((c) => c.metric))];
    expect(await page.locator('section.metric').count()).toBe(metrics.length);
    expect(await page.locator('section.metric h2').first().textContent()).toContain('primary');
    expect(errors).toEqual([]);
  });

  it('shows "not enough data" for an experiment without traffic, and a missing experiment as not found', async () => {
    const { page, errors } = await signIn(PROMPTS_DEMO_ADMIN_KEY);
    await page.goto(`${demo.url}/ui#/experiments/${demo.experiments.idle.id}`);
    await page.getByRole('heading', { name: 'Not enough data yet' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'No comparisons yet' }).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.goto(`${demo.url}/ui#/experiments/exp_0000000000000000`);
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: WAIT }).toContain('No experiment exp_0000000000000000');
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
  });

  it('fits a phone (375 px): no horizontal scrolling of the page', async () => {
    const { page, errors } = await signIn(PROMPTS_DEMO_ADMIN_KEY, { width: 375, height: 800 });
    for (const hash of ['#/prompts', `#/prompts/${demo.promptId}`, '#/experiments', `#/experiments/${demo.experiments.decided.id}`]) {
      await page.goto(`${demo.url}/ui${hash}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.evaluate<number>('document.documentElement.scrollWidth'), hash).toBeLessThanOrEqual(375);
    }
    expect(errors).toEqual([]);
  });
});
