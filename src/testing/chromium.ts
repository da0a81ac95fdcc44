/**
 * Debian's Chromium as the dashboard's browser test and screenshot script launch it: headless,
 * with the flags that keep it off the (closed) network, on a fresh temporary profile.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Where Debian's `chromium` package puts the browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** No sandbox (root in CI), no GPU, and none of Chromium's own background connections (refused here, and slow to fail). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless Chromium, or throws saying how to install it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} is missing: the dashboard's browser test and screenshots need Debian's Chromium. Install the Debian package chromium (apt-get install chromium); .ci/run installs it.`,
    );
  }
  // launch() gives the browser a fresh temporary profile (user-data dir) of its own.
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
}
