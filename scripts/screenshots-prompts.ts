/**
 * The prompt and experiment pages' screenshots (docs/img/dashboard-prompt*.png and
 * dashboard-experiment*.png), on the prompts demo gateway (src/testing/prompts-demo.ts). Run by
 * `npm run screenshots`, or alone with `npx tsx scripts/screenshots-prompts.ts` after a build.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../src/testing/chromium.js';
import { PROMPTS_DEMO_ADMIN_KEY, startPromptsDemo } from '../src/testing/prompts-demo.js';

/** Writes the PNGs into `out` with an already launched browser. */
export async function shootPromptPages(browser: Browser, out: string): Promise<void> {
  const demo = await startPromptsDemo();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${demo.url}/ui`);
    await page.getByLabel('API key').fill(PROMPTS_DEMO_ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    const shoot = async (hash: string, name: string) => {
      await page.goto(`${demo.url}/ui${hash}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(out, `dashboard-${name}.png`), fullPage: true });
      console.log(`docs/img/dashboard-${name}.png`);
    };
    await shoot('#/prompts', 'prompts');
    await shoot(`#/prompts/${demo.promptId}?from=1`, 'prompt');
    await shoot(`#/experiments/${demo.experiments.decided.id}`, 'experiment');
  } finally {
    await demo.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const browser = await launchChromium();
  try {
    await shootPromptPages(browser, new URL('../docs/img/', import.meta.url).pathname);
  } finally {
    await browser.close();
  }
}
