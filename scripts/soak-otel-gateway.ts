/**
 * The gateway side of `npm run soak:otel`, run as a child process so its memory is measured
 * alone: starts a gateway from the config file given, tells the parent its URL over IPC, and
 * answers each `mem` message with its memory after a full collection (run with --expose-gc, so
 * heapUsed is live memory, not garbage waiting for the next GC).
 */
import { startGateway } from '../src/app/gateway.js';

const configFile = process.argv[2];
if (!configFile || !process.send) {
  console.error('usage: forked by scripts/soak-otel.ts with a config file');
  process.exit(2);
}
const gateway = await startGateway({ configFile, env: process.env });
process.send({ type: 'ready', url: gateway.url });
process.on('message', async (message: { type: string }) => {
  if (message.type === 'mem') {
    (globalThis as { gc?: () => void }).gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    process.send?.({ type: 'mem', rss, heapUsed });
  } else if (message.type === 'stop') {
    await gateway.close();
    process.exit(0);
  }
});
