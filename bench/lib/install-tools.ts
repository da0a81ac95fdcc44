/**
 * The bench's C tools come from Debian: wrk (load, leaves more of the shared core to the
 * simulator than autocannon) and nginx (the reference proxy). When one is missing and the bench
 * runs as root, it installs them with apt-get, so a fresh machine measures the same way.
 */
import { execFileSync } from 'node:child_process';

function onPath(bin: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/local/sbin'])) {
    try {
      execFileSync('test', ['-x', `${dir}/${bin}`]);
      return true;
    } catch {}
  }
  return false;
}

/** Installs the missing ones of wrk and nginx; returns a note for the report, or undefined when nothing was done. */
export function installMissingTools(): string | undefined {
  const missing = ['wrk', 'nginx'].filter((bin) => !onPath(bin));
  if (missing.length === 0) return undefined;
  if (process.getuid?.() !== 0) return `missing ${missing.join(', ')}: run apt-get install ${missing.join(' ')} as root`;
  const install = () => execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'ignore', timeout: 300_000 });
  try {
    try {
      install();
    } catch {
      // A fresh machine has no package lists yet.
      execFileSync('apt-get', ['update'], { stdio: 'ignore', timeout: 300_000 });
      install();
    }
    return `installed ${missing.join(', ')} with apt-get`;
  } catch (err) {
    return `could not install ${missing.join(', ')} (${(err as Error).message.split('\n')[0]})`;
  }
}
